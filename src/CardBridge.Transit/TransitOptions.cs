using System.ComponentModel.DataAnnotations;
using CardBridge.Cards;
using CardBridge.Journal;
using CardBridge.Transit.Eligibility;

namespace CardBridge.Transit;

/// <summary>Configuration of the fare gate (appsettings section <c>Transit</c>).</summary>
public sealed class TransitOptions
{
    /// <summary>The zone whose local date decides ages and whose local time is written to the card; IANA or Windows id.</summary>
    [Required]
    public string TimeZone { get; set; } = "Asia/Shanghai";

    /// <summary>The age from which rides are free; null: age gives no free ride.</summary>
    [Range(1, 150)]
    public int? FreeAge { get; set; } = 65;

    /// <summary>The category lists whose riders ride free (names as in the list document).</summary>
    public IList<string> FreeCategories { get; init; } = ["disabled", "veteran"];

    /// <summary>The rider list document (<see cref="RiderLists"/>).</summary>
    [Required]
    public string ListsPath { get; set; } = string.Empty;

    /// <summary>Base64 of the list key (at least 32 bytes) the list entries are keyed with (<see cref="RiderKeys"/>).</summary>
    [Required]
    public string ListKey { get; set; } = string.Empty;

    /// <summary>How old a category list may be and still grant free rides (<see cref="EligibilityRules"/>).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan CategoryListMaxAge { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How old the hot list may be before decisions report it stale (it is applied regardless).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan HotListMaxAge { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How the rider lists are kept current from the centre while the gate runs.</summary>
    public RiderListSyncOptions ListSync { get; init; } = new();

    /// <summary>The fare of a line without its own, in fen.</summary>
    [Range(0, 100_000)]
    public int DefaultFareFen { get; set; } = 200;

    /// <summary>Fares by line, in fen; a line not listed costs <see cref="DefaultFareFen"/>.</summary>
    public IDictionary<string, int> LineFaresFen { get; init; } = new Dictionary<string, int>(StringComparer.Ordinal);

    /// <summary>A second tap of the same card or account on the same gate within this window is the same ride.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan DoubleTapWindow { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The SQLite file of interrupted purse purchases (<see cref="Fare.SqlitePendingPurchaseStore"/>).</summary>
    [Required]
    public string PendingPurchasesPath { get; set; } = string.Empty;

    /// <summary>The purse purchase key index sent in INITIALIZE FOR PURCHASE.</summary>
    public byte PurchaseKeyIndex { get; set; } = 0x01;

    /// <summary>The problems with these options, empty when they can be used; for the host's options validation.</summary>
    public IReadOnlyList<string> Validate()
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(this, new ValidationContext(this), results, validateAllProperties: true);
        var problems = results.Select(r => "Transit: " + r.ErrorMessage).ToList();
        if (ListSync is null)
        {
            problems.Add("Transit:ListSync must not be empty.");
        }
        else
        {
            if (ListSync.Interval < TimeSpan.FromSeconds(1) || ListSync.Interval > TimeSpan.FromDays(1))
            {
                problems.Add("Transit:ListSync:Interval must be between 00:00:01 and 1.00:00:00.");
            }
            if (ListSync.Timeout < TimeSpan.FromSeconds(1) || ListSync.Timeout > TimeSpan.FromMinutes(30))
            {
                problems.Add("Transit:ListSync:Timeout must be between 00:00:01 and 00:30:00.");
            }
        }
        if (Base64Key.Decode(ListKey) is not { Length: >= 32 })
        {
            problems.Add("Transit:ListKey must be base64 of at least 32 bytes.");
        }
        if (FindZone(TimeZone) is null)
        {
            problems.Add($"Transit:TimeZone '{TimeZone}' is not a known time zone.");
        }
        if (LineFaresFen.Any(f => f.Value is < 0 or > 100_000))
        {
            problems.Add("Transit:LineFaresFen values must be between 0 and 100000 fen.");
        }
        if (FreeCategories.Any(string.IsNullOrWhiteSpace))
        {
            problems.Add("Transit:FreeCategories must not contain empty names.");
        }
        return problems;
    }

    /// <summary>The fare of <paramref name="line"/> in fen.</summary>
    public uint FareFor(string line) =>
        (uint)(LineFaresFen.TryGetValue(line, out var fare) ? fare : DefaultFareFen);

    /// <summary>The rules' configuration from these options.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public EligibilityPolicy ToPolicy()
    {
        EnsureValid();
        return new EligibilityPolicy(FreeAge, FindZone(TimeZone)!, [.. FreeCategories], CategoryListMaxAge, HotListMaxAge);
    }

    internal void EnsureValid()
    {
        var problems = Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems));
        }
    }

    internal byte[] ListKeyBytes() => Base64Key.Decode(ListKey)!;

    // China Standard Time is UTC+8 all year; a host without tz data still gets it right.
    internal static TimeZoneInfo? FindZone(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return null;
        }
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (TimeZoneNotFoundException) when (id is "Asia/Shanghai" or "China Standard Time")
        {
            return TimeZoneInfo.CreateCustomTimeZone(id, ChinaStandardTime.Offset, "China Standard Time", "China Standard Time");
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return null;
        }
    }
}
