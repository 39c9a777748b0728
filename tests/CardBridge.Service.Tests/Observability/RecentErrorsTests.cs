using CardBridge.Service.Observability;

namespace CardBridge.Service.Tests.Observability;

public sealed class RecentErrorsTests
{
    [Fact]
    public void Keeps_the_last_errors_up_to_its_capacity_newest_first()
    {
        var errors = new RecentErrors(TimeProvider.System);

        for (var i = 0; i < RecentErrors.Capacity + 5; i++)
        {
            errors.Add("/cardbridge.v1.IdentityService/ReadCard", $"REASON_{i}");
        }
        var kept = errors.Snapshot();

        Assert.Equal(RecentErrors.Capacity, kept.Count);
        Assert.Equal($"REASON_{RecentErrors.Capacity + 4}", kept[0].Reason);
        Assert.Equal("REASON_5", kept[^1].Reason);
    }

    [Theory]
    [InlineData(typeof(TimeoutException), "timeout")]
    [InlineData(typeof(InvalidDataException), "invalid_data")]
    public void A_read_error_is_labelled_by_its_type_in_snake_case(Type error, string outcome) =>
        Assert.Equal(outcome, CardReadWatcher.OutcomeOf((Exception)Activator.CreateInstance(error)!));
}
