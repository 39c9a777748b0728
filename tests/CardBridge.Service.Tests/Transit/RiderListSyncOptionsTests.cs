using CardBridge.Service.Configuration;
using CardBridge.Transit;
using Microsoft.Extensions.Configuration;

namespace CardBridge.Service.Tests.Transit;

public sealed class RiderListSyncOptionsTests
{
    private static TransitOptions Bind(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ListsPath"] = "lists.json",
            ["ListKey"] = Convert.ToBase64String(new byte[32]),
            ["PendingPurchasesPath"] = "pending.db",
        }.Concat(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))).Build();
        return configuration.Get<TransitOptions>()!;
    }

    [Fact]
    public void The_sync_is_on_by_default_every_five_minutes()
    {
        var options = Bind();

        Assert.True(new TransitOptionsValidator().Validate(null, options).Succeeded);
        Assert.Null(options.ListSync.Enabled);
        Assert.Equal(TimeSpan.FromMinutes(5), options.ListSync.Interval);
    }

    [Theory]
    [InlineData("ListSync:Interval", "00:00:00", "Transit:ListSync:Interval: must be between")]
    [InlineData("ListSync:Timeout", "02:00:00", "Transit:ListSync:Timeout: must be between")]
    public void A_sync_setting_out_of_range_fails_the_start_naming_its_key(string key, string value, string message)
    {
        var result = new TransitOptionsValidator().Validate(null, Bind((key, value)));

        Assert.Contains(result.Failures!, f => f.StartsWith(message, StringComparison.Ordinal));
    }

    [Fact]
    public void The_sync_can_be_switched_off()
    {
        Assert.False(Bind(("ListSync:Enabled", "false")).ListSync.Enabled);
    }
}
