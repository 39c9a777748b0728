using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CardBridge.Cards.Layout;

/// <summary>
/// Where a social security card keeps its data (DESIGN §8, 《社会保障卡文件结构和数据项》): the SSSE environment, the
/// card identification file EF05 and the holder file EF06 with, per data element tag, its record number and
/// value size. The defaults are the national layout; a city whose cards differ drops its own layout in as JSON
/// (<see cref="FromJson"/>) or binds it from configuration. Tags and AIDs are hex strings.
/// </summary>
public sealed record CardFileLayout
{
    /// <summary>The national layout.</summary>
    public static CardFileLayout National { get; } = new();

    /// <summary>DF name of the SSSE environment: "sx1.sh." followed by 社会保障 in GBK.</summary>
    public string SsseAid { get; init; } = "7378312E73682EC9E7BBE1B1A3D5CF";

    /// <summary>AID of DF04, the medical insurance application below SSSE.</summary>
    public string MedicalAid { get; init; } = "D15600000503";

    /// <summary>EF05: card identification, tags 01–07 in records 1–7.</summary>
    public RecordFileLayout CardFile { get; init; } = new()
    {
        Sfi = 0x05,
        Elements = new Dictionary<string, DataElementSlot>(StringComparer.OrdinalIgnoreCase)
        {
            [Tags.CardIdentificationCode] = new(1, 16),
            [Tags.CardCategory] = new(2, 1),
            [Tags.SpecVersion] = new(3, 4),
            [Tags.InitialisingBody] = new(4, 12),
            [Tags.IssueDate] = new(5, 4),
            [Tags.ExpiryDate] = new(6, 4),
            [Tags.CardNumber] = new(7, 9),
        },
    };

    /// <summary>EF06: holder, tags 08, 09, 4E, 0A–0D in records 1–7; RKSSSE-protected on 3.00 cards.</summary>
    public RecordFileLayout HolderFile { get; init; } = new()
    {
        Sfi = 0x06,
        Elements = new Dictionary<string, DataElementSlot>(StringComparer.OrdinalIgnoreCase)
        {
            [Tags.Ssn] = new(1, 18),
            [Tags.Name] = new(2, 30),
            [Tags.NameExtension] = new(3, 20),
            [Tags.Sex] = new(4, 1),
            [Tags.Ethnicity] = new(5, 1),
            [Tags.Birthplace] = new(6, 3),
            [Tags.BirthDate] = new(7, 4),
        },
    };

    /// <summary>
    /// When true the name extension (tag 4E) is read only if the name field (tag 09) has no room left for one
    /// more character (fewer than 4 trailing 0x00 bytes: a GB18030 character takes at most 4). Writers fill 09
    /// first and overflow into 4E, so a name with room to spare has an empty extension; this saves one READ RECORD.
    /// </summary>
    public bool SkipNameExtensionWhenNameHasRoom { get; init; } = true;

    /// <summary>The SSSE AID as bytes.</summary>
    [JsonIgnore]
    public ReadOnlyMemory<byte> SsseAidBytes => Convert.FromHexString(SsseAid);

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>
    /// Reads a layout from JSON (property names as in this type, case-insensitive; omitted properties keep the
    /// national defaults) and validates it. Throws <see cref="CardLayoutException"/> naming the bad field.
    /// </summary>
    public static CardFileLayout FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        CardFileLayout? layout;
        try
        {
            layout = JsonSerializer.Deserialize<CardFileLayout>(json, JsonOptions);
        }
        catch (JsonException e)
        {
            throw new CardLayoutException(e.Path ?? "$", e.Message, e);
        }
        if (layout is null)
        {
            throw new CardLayoutException("$", "the layout is null");
        }
        layout.Validate();
        return layout;
    }

    /// <summary>Checks every field; throws <see cref="CardLayoutException"/> naming the first bad one.</summary>
    public void Validate()
    {
        CheckAid(nameof(SsseAid), SsseAid);
        CheckAid(nameof(MedicalAid), MedicalAid);
        CheckFile(nameof(CardFile), CardFile, Tags.CardFileTags);
        CheckFile(nameof(HolderFile), HolderFile, Tags.HolderFileTags);
    }

    private static void CheckAid(string field, string? aid)
    {
        if (string.IsNullOrEmpty(aid) || aid.Length % 2 != 0 || aid.Length > 32 || !aid.All(char.IsAsciiHexDigit))
        {
            throw new CardLayoutException(field, $"'{aid}' is not an AID of 1–16 bytes in hex");
        }
    }

    private static void CheckFile(string field, RecordFileLayout? file, IReadOnlyList<string> requiredTags)
    {
        if (file is null)
        {
            throw new CardLayoutException(field, "missing");
        }
        if (file.Sfi is < 1 or > 30)
        {
            throw new CardLayoutException(field + ".Sfi", string.Create(CultureInfo.InvariantCulture, $"{file.Sfi} is not an SFI (1–30)"));
        }
        if (file.Elements is null)
        {
            throw new CardLayoutException(field + ".Elements", "missing");
        }
        var records = new HashSet<int>();
        foreach (var (tag, slot) in file.Elements)
        {
            var at = $"{field}.Elements.{tag}";
            if (tag.Length != 2 || !tag.All(char.IsAsciiHexDigit))
            {
                throw new CardLayoutException(at, $"'{tag}' is not a one-byte tag in hex");
            }
            if (slot is null)
            {
                throw new CardLayoutException(at, "missing");
            }
            if (slot.Record is < 1 or > 254)
            {
                throw new CardLayoutException(at + ".Record", string.Create(CultureInfo.InvariantCulture, $"{slot.Record} is not a record number (1–254)"));
            }
            if (slot.Length is < 1 or > 253)
            {
                throw new CardLayoutException(at + ".Length", string.Create(CultureInfo.InvariantCulture, $"{slot.Length} does not fit a short READ RECORD (1–253)"));
            }
            if (!records.Add(slot.Record))
            {
                throw new CardLayoutException(at + ".Record", string.Create(CultureInfo.InvariantCulture, $"record {slot.Record} is given to two tags"));
            }
        }
        foreach (var tag in requiredTags)
        {
            if (!file.Elements.ContainsKey(tag))
            {
                throw new CardLayoutException($"{field}.Elements.{tag}", "a required data element has no record");
            }
        }
    }
}
