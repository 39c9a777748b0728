using CardBridge.Settlement.Centre;
using CardBridge.Simulation.Centre;
using static CardBridge.Settlement.Tests.Centre.CentreTestBed;

namespace CardBridge.Settlement.Tests.Centre;

/// <summary>The adapter and the simulated centre on one HTTP/1.1 connection, kept between calls as with a real platform.</summary>
[Trait("Category", "Integration")]
public sealed class CentreConnectionTests : IDisposable
{
    private static readonly PersonQuery ByCard = new(CertificateType.SocialSecurityCard, Card);
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));

    private CancellationToken Ct => _timeout.Token;

    public void Dispose() => _timeout.Dispose();

    [Fact]
    public async Task Calls_one_after_another_share_one_kept_connection()
    {
        await using var bed = Start();
        await bed.Adapter.SignInAsync(Ct);
        await bed.Adapter.GetPersonInfoAsync(ByCard, Ct);
        await bed.Adapter.GetPersonInfoAsync(ByCard, Ct);

        Assert.Equal((1, 2), (bed.Sent["9001"], bed.Sent["1101"]));
        Assert.Equal(1, bed.Sent.Connections);
    }

    [Fact]
    public async Task A_centre_that_went_down_closed_its_kept_connection_and_is_reached_on_a_new_one_when_back()
    {
        await using var bed = Start(o => o.MaxRetries = 0);
        await bed.Adapter.SignInAsync(Ct);

        bed.Centre.InjectFault(new CentreFaultRule(CentreFault.Down));
        var down = await Assert.ThrowsAsync<CentreUnavailableException>(() => bed.Adapter.GetPersonInfoAsync(ByCard, Ct));
        bed.Centre.ClearFaults();
        await bed.Adapter.GetPersonInfoAsync(ByCard, Ct);

        Assert.True(down.NeverDelivered);
        Assert.Equal(1, bed.Centre.RequestCount("1101"));
        Assert.Equal(3, bed.Sent.Connections);
    }

    [Fact]
    public async Task An_answer_lost_with_a_reset_ends_its_connection_and_the_retry_opens_another()
    {
        await using var bed = Start();
        await bed.Adapter.SignInAsync(Ct);
        bed.Centre.InjectFault(new CentreFaultRule(CentreFault.CommitThenDrop, Times: 1, OnlyInfNo: "1101"));

        var person = await bed.Adapter.GetPersonInfoAsync(ByCard, Ct);

        Assert.Equal(Person, person.PersonNo);
        Assert.Equal(2, bed.Sent["1101"]);
        Assert.Equal(2, bed.Sent.Connections);
    }
}
