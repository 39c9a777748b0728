namespace CardBridge.Transit.Tests;

public sealed class TransitOptionsTests
{
    private static TransitOptions Valid() => new()
    {
        ListsPath = "lists.json",
        PendingPurchasesPath = "pending.db",
        ListKey = Convert.ToBase64String(new byte[32]),
    };

    [Fact]
    public void Defaults_with_paths_and_key_are_valid_and_use_Beijing_time()
    {
        var options = Valid();

        Assert.Empty(options.Validate());
        Assert.Equal(TimeSpan.FromHours(8), options.ToPolicy().TimeZone.GetUtcOffset(new DateTime(2026, 7, 1, 0, 0, 0, DateTimeKind.Utc)));
        Assert.Equal(65, options.ToPolicy().FreeAge);
    }

    [Fact]
    public void Per_line_fares_override_the_default()
    {
        var options = Valid();
        options.LineFaresFen["L9"] = 350;

        Assert.Equal(350u, options.FareFor("L9"));
        Assert.Equal(200u, options.FareFor("L1"));
    }

    [Theory]
    [InlineData("key")]
    [InlineData("zone")]
    [InlineData("fare")]
    [InlineData("lineFare")]
    [InlineData("age")]
    [InlineData("path")]
    [InlineData("category")]
    public void Invalid_settings_are_reported_and_refused_by_the_gate(string broken)
    {
        var options = Valid();
        switch (broken)
        {
            case "key": options.ListKey = Convert.ToBase64String(new byte[16]); break;
            case "zone": options.TimeZone = "Mars/Olympus_Mons"; break;
            case "fare": options.DefaultFareFen = -1; break;
            case "lineFare": options.LineFaresFen["L1"] = 1_000_000; break;
            case "age": options.FreeAge = 0; break;
            case "path": options.ListsPath = ""; break;
            case "category": options.FreeCategories.Add(" "); break;
        }

        Assert.NotEmpty(options.Validate());
        Assert.Throws<ArgumentException>(() => options.ToPolicy());
    }

    [Theory]
    [InlineData("Interval", "00:00:00")]
    [InlineData("Interval", "2.00:00:00")]
    [InlineData("Timeout", "00:00:00.500")]
    [InlineData("Timeout", "01:00:00")]
    public void A_list_sync_setting_out_of_range_is_reported_naming_its_key(string setting, string value)
    {
        var options = Valid();
        if (setting == "Interval")
        {
            options.ListSync.Interval = TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
        }
        else
        {
            options.ListSync.Timeout = TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
        }

        Assert.Contains(options.Validate(), p => p.StartsWith($"Transit:ListSync:{setting} ", StringComparison.Ordinal));
    }
}
