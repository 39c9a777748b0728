using CardBridge.Simulation.Cards;
using CardBridge.Simulation.Keys;
using CardBridge.Simulation.Psam;
using CardBridge.Simulation.SocialSecurity;

namespace CardBridge.Simulation.Profiles;

/// <summary>
/// The JSON card profiles shipped in <c>&lt;AppContext.BaseDirectory&gt;/profiles</c> (social security cards
/// and PSAMs), and the loader that turns one into a simulated card.
/// </summary>
public static class CardProfiles
{
    private const string KeyFileSuffix = ".keys.json";

    /// <summary>The directory profiles are resolved in.</summary>
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "profiles");

    /// <summary>Names of the shipped profiles (file names without <c>.json</c>; issuer key files excluded), sorted.</summary>
    public static IReadOnlyList<string> Names =>
        System.IO.Directory.Exists(Directory)
            ? System.IO.Directory.EnumerateFiles(Directory, "*.json")
                .Where(path => !path.EndsWith(KeyFileSuffix, StringComparison.OrdinalIgnoreCase))
                .Select(Path.GetFileNameWithoutExtension)
                .OfType<string>()
                .Order(StringComparer.Ordinal)
                .ToList()
            : [];

    /// <summary>
    /// The shipped social security card profiles by name (PSAM profiles skipped): what the platform simulators (the
    /// insurance centre, the QR platform) know their holders from.
    /// </summary>
    /// <exception cref="CardProfileException">A profile cannot be read or is invalid.</exception>
    internal static IEnumerable<(string Name, SocialSecurity.SocialSecurityProfile Profile)> SocialSecurityCards()
    {
        foreach (var name in Names)
        {
            var path = Path.Combine(Directory, name + ".json");
            string json;
            try
            {
                json = File.ReadAllText(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CardProfileException(name, "", $"cannot read {path} ({e.Message})", e);
            }
            var root = JsonFields.Parse(name, json, out var document);
            using (document)
            {
                if (ProfileParser.Type(root) == ProfileParser.SocialSecurityCardType)
                {
                    yield return (name, ProfileParser.SocialSecurityCard(name, root));
                }
            }
        }
    }

    /// <summary>
    /// Loads a profile by name (<c>profiles/&lt;name&gt;.json</c>) or by path to a <c>.json</c> file. Throws
    /// <see cref="CardProfileException"/>, naming the field, when the profile is missing or invalid.
    /// </summary>
    public static ISimulatedCard Load(string nameOrPath) => Load(nameOrPath, new CryptoRandom());

    /// <summary>Loads a profile whose card draws its challenges from <paramref name="random"/>.</summary>
    public static ISimulatedCard Load(string nameOrPath, Random random)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nameOrPath);
        ArgumentNullException.ThrowIfNull(random);
        var path = Resolve(nameOrPath);
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var known = Names.Count == 0 ? "none" : string.Join(", ", Names);
            throw new CardProfileException(nameOrPath, "", $"cannot read {path} ({e.Message}); known profiles: {known}", e);
        }
        return Parse(nameOrPath, json, Path.GetDirectoryName(Path.GetFullPath(path))!, random);
    }

    /// <summary>
    /// Builds a card from profile text; <paramref name="source"/> names it in errors and a relative
    /// <c>keyFile</c> is resolved in <paramref name="directory"/>.
    /// </summary>
    internal static ISimulatedCard Parse(string source, string json, string directory, Random random)
    {
        var root = JsonFields.Parse(source, json, out var document);
        using (document)
        {
            var type = ProfileParser.Type(root);
            var keyFileName = root.OptionalString("keyFile") ?? IssuerKeyFile.DefaultFileName;
            var keys = IssuerKeyFile.Load(Path.Combine(directory, keyFileName));
            var keySet = root.OptionalString("keySet") ?? IssuerKeyFile.IssuerSet;
            if (!keys.SetNames.Contains(keySet))
            {
                throw root.Error("keySet", $"'{keySet}' is not a key set of {keyFileName} ({string.Join(", ", keys.SetNames)})");
            }
            var name = Path.GetFileNameWithoutExtension(source);
            switch (type)
            {
                case ProfileParser.SocialSecurityCardType:
                    var card = ProfileParser.SocialSecurityCard(name, root);
                    if (keys.MasterKey(keySet, card.Algorithm, IssuerKeyUsage.InternalAuth) is null
                        || keys.MasterKey(keySet, card.Algorithm, IssuerKeyUsage.Rkssse) is null)
                    {
                        throw root.Error("keySet", $"'{keySet}' lacks {card.Algorithm} keys for a card");
                    }
                    return new SimulatedSocialSecurityCard(card, keys, random);
                case ProfileParser.PsamType:
                    return new SimulatedPsam(ProfileParser.Psam(name, root), keys);
                default:
                    throw root.Error("type", $"'{type}' is not '{ProfileParser.SocialSecurityCardType}' or '{ProfileParser.PsamType}'");
            }
        }
    }

    private static string Resolve(string nameOrPath) =>
        nameOrPath.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
        || nameOrPath.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal)
        || nameOrPath.Contains(Path.AltDirectorySeparatorChar, StringComparison.Ordinal)
            ? nameOrPath
            : Path.Combine(Directory, nameOrPath + ".json");
}
