using System.Globalization;
using CardBridge.Crypto;
using CardBridge.Simulation.DataElements;
using CardBridge.Simulation.FileSystem;
using CardBridge.Simulation.Psam;
using CardBridge.Simulation.SocialSecurity;

namespace CardBridge.Simulation.Profiles;

/// <summary>
/// Reads the two profile kinds (<c>"type": "socialSecurityCard"</c> and <c>"type": "psam"</c>) into their typed
/// records, checking every field against the data element it becomes on the card.
/// </summary>
internal static class ProfileParser
{
    public const string SocialSecurityCardType = "socialSecurityCard";
    public const string PsamType = "psam";

    private static readonly string[] SpecVersions = ["1.00", "2.00", "3.00"];

    public static string Type(JsonFields root) => root.String("type");

    public static SocialSecurityProfile SocialSecurityCard(string name, JsonFields root)
    {
        root.RejectUnknown("type", "description", "specVersion", "algorithm", "atr", "t0GetResponse", "pin", "pinTries",
            "pinTriesLeft", "keyTries", "keyFile", "keySet", "card", "holder", "medical", "fingerprint", "photo", "files", "transit", "unionPay");
        var specVersion = root.String("specVersion");
        if (!SpecVersions.Contains(specVersion))
        {
            throw root.Error("specVersion", $"'{specVersion}' is not one of {string.Join(", ", SpecVersions)}");
        }
        var algorithm = root.Enum<CardAlgorithm>("algorithm");
        if (algorithm == CardAlgorithm.Ssf33)
        {
            throw root.Error("algorithm", "SSF33 is not implemented; use sm4 or des3");
        }
        var pin = root.String("pin");
        if (pin.Length is < 4 or > 12 || !pin.All(char.IsAsciiDigit))
        {
            throw root.Error("pin", "must be 4 to 12 digits");
        }
        var pinTries = root.Int("pinTries", 3, 1, 15);
        return new SocialSecurityProfile
        {
            Name = name,
            SpecVersion = specVersion,
            Algorithm = algorithm,
            Atr = root.OptionalHex("atr"),
            T0GetResponse = root.Bool("t0GetResponse", false),
            Pin = pin,
            PinTries = pinTries,
            PinTriesLeft = root.Int("pinTriesLeft", pinTries, 0, pinTries),
            KeyTries = root.Int("keyTries", 5, 1, 15),
            KeySet = root.OptionalString("keySet") ?? Keys.IssuerKeyFile.IssuerSet,
            Card = Card(root.Object("card")),
            Holder = Holder(root.Object("holder")),
            Medical = root.OptionalObject("medical") is { } medical ? Medical(medical) : new MedicalData(),
            Fingerprint = root.OptionalHex("fingerprint"),
            Photo = root.OptionalHex("photo"),
            Files = [.. root.Objects("files").Select(Df), .. root.OptionalObject("unionPay") is { } unionPay ? [UnionPay(unionPay)] : Array.Empty<DfSpec>()],
            Transit = root.OptionalObject("transit") is { } transit ? Transit.TransitProfileParser.Parse(transit) : null,
        };
    }

    public static PsamProfile Psam(string name, JsonFields root)
    {
        root.RejectUnknown("type", "description", "terminalNumber", "atr", "t0GetResponse", "keyFile", "keySet",
            "environments", "rkssse", "keyIndex");
        var terminalNumber = Digits(root, "terminalNumber", 12, 12);
        var environments = new HashSet<PsamEnvironment>();
        var index = 0;
        foreach (var text in root.Strings("environments"))
        {
            environments.Add(Enum.TryParse<PsamEnvironment>(text, ignoreCase: true, out var environment) && Enum.IsDefined(environment)
                ? environment
                : throw root.Error(string.Create(CultureInfo.InvariantCulture, $"environments[{index}]"),
                    $"'{text}' is not one of {string.Join(", ", Enum.GetNames<PsamEnvironment>())}"));
            index++;
        }
        if (environments.Count == 0)
        {
            throw root.Error("environments", "must list at least one of des, sm");
        }
        return new PsamProfile
        {
            Name = name,
            TerminalNumber = terminalNumber,
            Atr = root.OptionalHex("atr"),
            T0GetResponse = root.Bool("t0GetResponse", true),
            KeySet = root.OptionalString("keySet") ?? Keys.IssuerKeyFile.IssuerSet,
            Environments = environments,
            HasRkssse = root.Bool("rkssse", true),
            KeyIndex = (byte)root.Int("keyIndex", 1, 0, 255),
        };
    }

    private static CardData Card(JsonFields card)
    {
        card.RejectUnknown("region", "serial", "authCode", "category", "initialisingBody", "issueDate", "expiryDate", "cardNumber");
        var cardNumber = card.String("cardNumber");
        if (cardNumber.Length != 9 || !cardNumber.All(char.IsAsciiLetterOrDigit))
        {
            throw card.Error("cardNumber", "must be 9 ASCII letters or digits (an9)");
        }
        var category = card.OptionalString("category") ?? "1";
        if (category.Length != 1 || !char.IsAsciiLetterOrDigit(category[0]))
        {
            throw card.Error("category", "must be one ASCII letter or digit (an1)");
        }
        return new CardData
        {
            Region = Digits(card, "region", 6, 6),
            Serial = card.Hex("serial", 4),
            AuthCode = card.Hex("authCode", 4),
            Category = category,
            InitialisingBody = Digits(card, "initialisingBody", 1, 24),
            IssueDate = card.Date("issueDate"),
            ExpiryDate = card.Date("expiryDate"),
            CardNumber = cardNumber,
        };
    }

    private static HolderData Holder(JsonFields holder)
    {
        holder.RejectUnknown("ssn", "name", "sex", "ethnicity", "birthplace", "birthDate");
        var ssn = holder.String("ssn");
        if (ssn.Length != 18 || !ssn[..17].All(char.IsAsciiDigit) || !(char.IsAsciiDigit(ssn[17]) || ssn[17] == 'X'))
        {
            throw holder.Error("ssn", "must be 17 digits followed by a digit or X (an18)");
        }
        var name = holder.Convert("name", text =>
        {
            if (text.Length == 0 || text.Any(char.IsControl))
            {
                throw new FormatException("must be non-empty text without control characters");
            }
            CardText.SplitName(text, 30, 20);
            return text;
        });
        var sex = holder.String("sex");
        if (sex is not ("1" or "2" or "9"))
        {
            throw holder.Error("sex", "must be \"1\" (male), \"2\" (female) or \"9\" (unspecified)");
        }
        return new HolderData
        {
            Ssn = ssn,
            Name = name,
            Sex = sex[0],
            Ethnicity = holder.Has("ethnicity") ? Digits(holder, "ethnicity", 1, 2) : "01",
            Birthplace = Digits(holder, "birthplace", 6, 6),
            BirthDate = holder.Date("birthDate"),
        };
    }

    private static MedicalData Medical(JsonFields medical)
    {
        medical.RejectUnknown("insuranceType", "usageMode", "offlineAllowed", "offlineAmountFen", "offlineCount",
            "detailCapacity", "transactions", "purseBalanceFen");
        var insuranceType = medical.OptionalString("insuranceType") ?? "310";
        if (insuranceType.Length is < 1 or > 3 || !insuranceType.All(char.IsAsciiLetterOrDigit))
        {
            throw medical.Error("insuranceType", "must be 1 to 3 ASCII letters or digits (an3)");
        }
        var transactions = medical.Objects("transactions").Select(Transaction).ToList();
        var capacity = medical.Int("detailCapacity", 30, 1, 254);
        if (transactions.Count > capacity)
        {
            throw medical.Error("transactions", string.Create(CultureInfo.InvariantCulture,
                $"{transactions.Count} records exceed detailCapacity {capacity}"));
        }
        return new MedicalData
        {
            InsuranceType = insuranceType,
            UsageMode = (byte)medical.Int("usageMode", 1, 1, 2),
            OfflineAllowed = medical.Bool("offlineAllowed", true),
            OfflineAmountFen = Amount(medical, "offlineAmountFen"),
            OfflineCount = (byte)medical.Int("offlineCount", 0, 0, 255),
            DetailCapacity = capacity,
            Transactions = transactions,
            PurseBalanceFen = medical.Has("purseBalanceFen") ? Amount(medical, "purseBalanceFen") : MedicalData.DefaultPurseBalanceFen,
        };
    }

    private static MedicalTransaction Transaction(JsonFields transaction)
    {
        transaction.RejectUnknown("sequence", "type", "terminalId", "time", "accountFen", "selfPayFen", "pooledFen");
        var type = transaction.String("type");
        if (type is not ("1" or "2"))
        {
            throw transaction.Error("type", "must be \"1\" (load) or \"2\" (settlement)");
        }
        var time = transaction.Convert("time", text =>
            DateTime.TryParseExact(text, "yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)
                ? t
                : throw new FormatException($"'{text}' is not a time yyyy-MM-ddTHH:mm:ss"));
        return new MedicalTransaction(
            (ushort)transaction.Int("sequence", null, 0, ushort.MaxValue),
            type[0],
            Digits(transaction, "terminalId", 12, 12),
            time,
            Amount(transaction, "accountFen"),
            Amount(transaction, "selfPayFen"),
            Amount(transaction, "pooledFen"));
    }

    // The financial application: a synthetic PAN (checked only for its form: tests need bad check digits too) and expiry.
    private static DfSpec UnionPay(JsonFields unionPay)
    {
        unionPay.RejectUnknown("pan", "expiry");
        return Financial.UnionPayApplication.Df(Digits(unionPay, "pan", 12, 19), unionPay.Date("expiry"));
    }

    private static DfSpec Df(JsonFields df)
    {
        df.RejectUnknown("parentAid", "aid", "fid", "efs");
        if (!df.Has("aid") && !df.Has("fid"))
        {
            throw df.Error("aid", "a DF needs an aid, a fid, or both");
        }
        return new DfSpec(df.OptionalHex("parentAid") ?? default, df.OptionalHex("aid") ?? default, FileId(df),
            df.Objects("efs").Select(Ef).ToList());
    }

    private static EfSpec Ef(JsonFields ef)
    {
        ef.RejectUnknown("fid", "sfi", "kind", "tlv", "read", "update", "records", "data", "capacity");
        var kind = ef.Enum<EfKind>("kind");
        var records = new List<byte[]>();
        var index = 0;
        foreach (var text in ef.Strings("records"))
        {
            records.Add(JsonFields.ParseHex(text, ef.Source,
                string.Create(CultureInfo.InvariantCulture, $"{ef.Path}.records[{index++}]")));
        }
        if (kind == EfKind.Binary ? records.Count > 0 : ef.Has("data"))
        {
            throw ef.Error(kind == EfKind.Binary ? "records" : "data",
                kind == EfKind.Binary ? "a binary EF takes 'data', not 'records'" : "a record EF takes 'records', not 'data'");
        }
        int? sfi = ef.Has("sfi") ? ef.Int("sfi", null, 1, 30) : null;
        if (FileId(ef) is null && sfi is null)
        {
            throw ef.Error("fid", "an EF needs a fid, an sfi, or both");
        }
        return new EfSpec(
            FileId(ef),
            (byte?)sfi,
            kind,
            ef.Bool("tlv", kind != EfKind.Binary),
            Access(ef, "read"),
            Access(ef, "update"),
            records,
            ef.OptionalHex("data") ?? [],
            ef.Int("capacity", records.Count, 0, 254));
    }

    private static AccessRule Access(JsonFields fields, string name) =>
        fields.Has(name) ? fields.Convert(name, AccessRule.Parse) : name == "read" ? AccessRule.Always : AccessRule.Denied;

    private static ushort? FileId(JsonFields fields)
    {
        if (fields.OptionalHex("fid") is not { } fid)
        {
            return null;
        }
        return fid.Length == 2 ? (ushort)((fid[0] << 8) | fid[1]) : throw fields.Error("fid", "must be 2 bytes of hex, e.g. \"EF05\"");
    }

    private static uint Amount(JsonFields fields, string name)
    {
        var fen = fields.Long(name, 0);
        return fen <= uint.MaxValue ? (uint)fen : throw fields.Error(name, "does not fit in 4 bytes");
    }

    private static string Digits(JsonFields fields, string name, int min, int max)
    {
        var text = fields.String(name);
        if (text.Length < min || text.Length > max || !text.All(char.IsAsciiDigit))
        {
            throw fields.Error(name, min == max
                ? string.Create(CultureInfo.InvariantCulture, $"must be {min} digits")
                : string.Create(CultureInfo.InvariantCulture, $"must be {min} to {max} digits"));
        }
        return text;
    }
}
