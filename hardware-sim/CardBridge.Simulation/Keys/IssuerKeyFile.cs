using System.Globalization;
using CardBridge.Crypto;
using CardBridge.Simulation.Profiles;

namespace CardBridge.Simulation.Keys;

/// <summary>
/// A synthetic issuer key file (<c>*.keys.json</c> next to the profiles): named key sets (the genuine issuer's,
/// a forger's), each holding one 16-byte master key per algorithm and <see cref="IssuerKeyUsage"/>. Test keys
/// only: nothing here protects a real card.
/// </summary>
public sealed class IssuerKeyFile
{
    /// <summary>File name of the key file shipped with the profiles.</summary>
    public const string DefaultFileName = "issuer-test.keys.json";

    /// <summary>Name of the genuine issuer's key set in the default file.</summary>
    public const string IssuerSet = "issuer";

    /// <summary>Name of the forger's key set in the default file.</summary>
    public const string ForgerSet = "forger";

    private const int MasterKeyLength = 16;

    private readonly Dictionary<(string Set, CardAlgorithm Algorithm, IssuerKeyUsage Usage), byte[]> _keys;

    private IssuerKeyFile(string source, Dictionary<(string, CardAlgorithm, IssuerKeyUsage), byte[]> keys, IReadOnlyList<string> sets)
    {
        Source = source;
        _keys = keys;
        SetNames = sets;
    }

    /// <summary>Where the keys came from.</summary>
    public string Source { get; }

    /// <summary>Names of the key sets in the file.</summary>
    public IReadOnlyList<string> SetNames { get; }

    /// <summary>The key file shipped in <c>&lt;AppContext.BaseDirectory&gt;/profiles</c>.</summary>
    public static IssuerKeyFile LoadDefault() =>
        Load(Path.Combine(CardProfiles.Directory, DefaultFileName));

    /// <summary>Loads a key file; throws <see cref="CardProfileException"/> naming the bad field.</summary>
    public static IssuerKeyFile Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (IOException e)
        {
            throw new CardProfileException(path, "", $"cannot read the key file: {e.Message}", e);
        }
        return Parse(path, json);
    }

    /// <summary>Parses key file text; <paramref name="source"/> names it in errors.</summary>
    public static IssuerKeyFile Parse(string source, string json)
    {
        var root = JsonFields.Parse(source, json, out var document);
        using (document)
        {
            var usages = root.Object("usages");
            foreach (var usage in System.Enum.GetValues<IssuerKeyUsage>())
            {
                var entry = usages.Object(UsageName(usage));
                var code = entry.Hex("psamUsage", 1)[0];
                if (code != (byte)usage)
                {
                    throw entry.Error("psamUsage", string.Create(CultureInfo.InvariantCulture,
                        $"{code:X2} disagrees with the simulator's code {(byte)usage:X2} for {UsageName(usage)}"));
                }
                var keyId = entry.Hex("cardKeyId", 1)[0];
                if (keyId != CardKeyIds.For(usage))
                {
                    throw entry.Error("cardKeyId", string.Create(CultureInfo.InvariantCulture,
                        $"{keyId:X2} disagrees with the simulator's card key id {CardKeyIds.For(usage):X2}"));
                }
            }
            var keys = new Dictionary<(string, CardAlgorithm, IssuerKeyUsage), byte[]>();
            var sets = root.Object("keySets");
            var names = sets.PropertyNames().ToList();
            foreach (var set in names)
            {
                var algorithms = sets.Object(set);
                foreach (var algorithmName in algorithms.PropertyNames())
                {
                    if (!System.Enum.TryParse<CardAlgorithm>(algorithmName, ignoreCase: true, out var algorithm)
                        || !System.Enum.IsDefined(algorithm))
                    {
                        throw algorithms.Error(algorithmName, $"'{algorithmName}' is not an algorithm ({string.Join(", ", System.Enum.GetNames<CardAlgorithm>())})");
                    }
                    var byUsage = algorithms.Object(algorithmName);
                    foreach (var usage in System.Enum.GetValues<IssuerKeyUsage>())
                    {
                        if (byUsage.OptionalHex(UsageName(usage), MasterKeyLength) is { } key)
                        {
                            keys[(set, algorithm, usage)] = key;
                        }
                    }
                }
            }
            return new IssuerKeyFile(source, keys, names);
        }
    }

    /// <summary>The master key of <paramref name="usage"/> for <paramref name="algorithm"/> in key set <paramref name="set"/>, or null.</summary>
    public ReadOnlyMemory<byte>? MasterKey(string set, CardAlgorithm algorithm, IssuerKeyUsage usage) =>
        _keys.TryGetValue((set, algorithm, usage), out var key) ? key : null;

    /// <summary>
    /// The key a card with <paramref name="cardIdentificationCode"/> holds for <paramref name="usage"/>, derived from
    /// the master key of set <paramref name="set"/> with <see cref="CardKeyFactors"/>.
    /// </summary>
    public byte[] CardKey(string set, CardAlgorithm algorithm, IssuerKeyUsage usage, ReadOnlySpan<byte> cardIdentificationCode)
    {
        var master = MasterKey(set, algorithm, usage)
            ?? throw new KeyNotFoundException($"{Source} has no {UsageName(usage)} key for {algorithm} in set '{set}'");
        return KeyDiversification.Diversify(algorithm, master.Span, CardKeyFactors.For(cardIdentificationCode));
    }

    /// <summary>The JSON name of a usage (camel case of the enum member).</summary>
    public static string UsageName(IssuerKeyUsage usage)
    {
        var name = usage.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }
}
