using CardBridge.Qr;
using CardBridge.Service.Credentials;

namespace CardBridge.Service.Tests.Qr;

public sealed class ArrivalRaceTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 8, 0, 0, TimeSpan.Zero);

    private static CardPresentation CardArrived(long arrival, string reader = "R0") => new(arrival, reader, Now, null);

    // A session object is not needed to decide the race: only whether the card has one. The desk never publishes a
    // ready card without it, so the race is given one through a resolved code in its place where a session would be.
    private static CodePresentation CodeArrived(long arrival, string scanner = "S0") => new(arrival, scanner, Now, null);

    private static CodePresentation Accepted(CodePresentation code) =>
        code with { Outcome = CodeOutcome.Accepted(new CodeCredentialRecord(Guid.NewGuid(), code.Scanner, CodeKind.Transit, Now, Now.AddMinutes(5), null, null)) };

    private static CodePresentation Refused(CodePresentation code) =>
        code with { Outcome = CodeOutcome.Refused(CodeKind.Unrecognised, new QrMalformedException("not a code")) };

    private static ArrivalRace Everything() => new(_ => true);

    [Fact]
    public void The_earlier_code_wins_over_a_later_code_resolved_first()
    {
        var race = Everything();
        var first = CodeArrived(1);
        var second = CodeArrived(2);
        race.Apply(new PresentationUpdated(first));
        race.Apply(new PresentationUpdated(second));

        Assert.Null(race.Apply(new PresentationUpdated(Accepted(second))));
        var winner = race.Apply(new PresentationUpdated(Accepted(first)));

        Assert.Equal(1, winner?.Arrival);
    }

    [Fact]
    public void A_pending_card_that_arrived_first_holds_back_a_code_resolved_before_it()
    {
        var race = Everything();
        race.Apply(new PresentationUpdated(CardArrived(1)));
        var code = CodeArrived(2);
        race.Apply(new PresentationUpdated(code));

        Assert.Null(race.Apply(new PresentationUpdated(Accepted(code))));
    }

    [Fact]
    public void A_withdrawn_first_arrival_lets_the_next_resolved_one_win()
    {
        var race = Everything();
        race.Apply(new PresentationUpdated(CardArrived(1)));
        var code = CodeArrived(2);
        race.Apply(new PresentationUpdated(code));
        race.Apply(new PresentationUpdated(Accepted(code)));

        var winner = race.Apply(new PresentationWithdrawn(1));

        Assert.Equal(2, winner?.Arrival);
    }

    [Fact]
    public void A_refused_code_that_arrived_first_wins_with_its_refusal()
    {
        var race = Everything();
        var code = CodeArrived(1);
        race.Apply(new PresentationUpdated(code));
        race.Apply(new PresentationUpdated(CardArrived(2)));

        var winner = Assert.IsType<CodePresentation>(race.Apply(new PresentationUpdated(Refused(code))));

        Assert.NotNull(winner.Outcome?.Error);
    }

    [Fact]
    public void Presentations_the_filter_refuses_neither_win_nor_hold_back_others()
    {
        var race = new ArrivalRace(p => p is CodePresentation { Scanner: "S1" });
        var other = CodeArrived(1, scanner: "S0");
        var wanted = CodeArrived(2, scanner: "S1");
        race.Apply(new PresentationUpdated(other));
        race.Apply(new PresentationUpdated(wanted));

        var winner = race.Apply(new PresentationUpdated(Accepted(wanted)));

        Assert.Equal(2, winner?.Arrival);
    }

    [Fact]
    public void The_same_changes_in_the_same_order_always_pick_the_same_winner()
    {
        var changes = new List<DeskChange>();
        var codes = Enumerable.Range(1, 20).Select(i => CodeArrived(i, $"S{i % 3}")).ToList();
        changes.AddRange(codes.Select(c => new PresentationUpdated(c)));
        changes.AddRange(codes.AsEnumerable().Reverse().Select(c => new PresentationUpdated(c.Arrival % 2 == 0 ? Accepted(c) : Refused(c))));
        changes.Add(new PresentationWithdrawn(1));

        long? Run()
        {
            var race = new ArrivalRace(p => p is CodePresentation { Scanner: not "S1" });
            Presentation? winner = null;
            foreach (var change in changes)
            {
                winner ??= race.Apply(change);
            }
            return winner?.Arrival;
        }

        var first = Run();
        Assert.Equal(2, first);
        Assert.All(Enumerable.Range(0, 5), _ => Assert.Equal(first, Run()));
    }
}
