using System.Text.Json;

namespace CardBridge.Simulation.Profiles;

/// <summary>
/// The synthetic fare-gate riders (<c>profiles/transit/*.json</c>, loaded by name as <c>transit/NAME</c>) and the rider
/// list each one is on, by its file name: <c>hotlisted</c> on the hot list, <c>disabled</c> and <c>veteran</c> on those
/// free-ride lists; the others (elderly, ordinary, poor) on none.
/// </summary>
public static class TransitRiders
{
    /// <summary>The name of the hot list in a rider list document.</summary>
    public const string HotList = "hot";

    /// <summary>Where the rider profiles are.</summary>
    public static string Directory => Path.Combine(CardProfiles.Directory, "transit");

    /// <summary>Every rider, sorted by name.</summary>
    /// <exception cref="CardProfileException">A rider profile cannot be read.</exception>
    public static IReadOnlyList<TransitRider> All =>
        System.IO.Directory.Exists(Directory)
            ? [.. System.IO.Directory.EnumerateFiles(Directory, "*.json").Order(StringComparer.Ordinal).Select(Read)]
            : [];

    private static TransitRider Read(string path)
    {
        var file = Path.GetFileNameWithoutExtension(path);
        var name = "transit/" + file;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var cardNumber = document.RootElement.GetProperty("card").GetProperty("cardNumber").GetString()
                ?? throw new CardProfileException(name, "card.cardNumber", "missing", null);
            var list = file switch
            {
                "hotlisted" => HotList,
                "disabled" or "veteran" => file,
                _ => null,
            };
            return new TransitRider(name, cardNumber, list);
        }
        catch (Exception e) when (e is IOException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new CardProfileException(name, "card.cardNumber", $"cannot read {path} ({e.Message})", e);
        }
    }
}

/// <summary>One synthetic rider: the profile name to insert, its card number, and the rider list it is on (null: none).</summary>
/// <param name="Profile">The profile name for <see cref="CardProfiles.Load(string)"/> (<c>transit/elderly</c>).</param>
/// <param name="CardNumber">The card's number (SIM…).</param>
/// <param name="List">The rider list it belongs to, or null.</param>
public sealed record TransitRider(string Profile, string CardNumber, string? List);
