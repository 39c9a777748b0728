using System.Buffers;
using System.Globalization;
using System.Text.Json;
using CardBridge.Cards;
using CardBridge.Journal;

namespace CardBridge.Settlement.Centre;

/// <summary>
/// The one place that turns domain types into the platform's envelope and its answers back (DESIGN §9): field names
/// as the platform spells them, money as yuan with two decimals on the wire and integer fen in the domain, Beijing time
/// as <c>yyyy-MM-dd HH:mm:ss</c>. Reading never throws anything but <see cref="CentreRejectedException"/> and
/// <see cref="CentreProtocolException"/>.
/// </summary>
internal sealed class CentreEnvelopeMapper(CentreOptions options)
{
    private const string TimeFormat = "yyyy-MM-dd HH:mm:ss";

    // The platform caps decimal amounts well below this; anything larger cannot be a bill and would overflow fen.
    private const decimal MaxYuan = 90_000_000_000_000m;

    /// <summary>The envelope of one call; <paramref name="writeInput"/> writes the members of <c>input</c>.</summary>
    public byte[] Request(string infNo, string msgId, DateTimeOffset now, string signNo, Action<Utf8JsonWriter> writeInput)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("infno", infNo);
            w.WriteString("msgid", msgId);
            w.WriteString("mdtrtarea_admvs", options.TreatmentAreaCode);
            w.WriteString("insuplc_admdvs", options.InsuredAreaCode);
            w.WriteString("recer_sys_code", options.ReceiverSystemCode);
            w.WriteString("dev_no", options.DeviceNo);
            w.WriteString("dev_safe_info", options.DeviceSafeInfo);
            w.WriteString("cainfo", options.CaInfo);
            w.WriteString("signtype", options.SignType);
            w.WriteString("infver", "V1.0");
            w.WriteString("opter_type", options.OperatorType);
            w.WriteString("opter", options.OperatorCode);
            w.WriteString("opter_name", options.OperatorName);
            w.WriteString("inf_time", Format(now));
            w.WriteString("fixmedins_code", options.InstitutionCode);
            w.WriteString("fixmedins_name", options.InstitutionName);
            w.WriteString("sign_no", signNo);
            w.WriteStartObject("input");
            writeInput(w);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    public Action<Utf8JsonWriter> SignInInput() => w =>
    {
        w.WriteStartObject("signIn");
        w.WriteString("opter_no", options.OperatorCode);
        w.WriteString("mac", options.DeviceNo);
        w.WriteString("ip", "");
        w.WriteEndObject();
    };

    public static Action<Utf8JsonWriter> PersonQueryInput(PersonQuery query) => w =>
    {
        w.WriteStartObject("data");
        w.WriteString("mdtrt_cert_type", CertificateCode(query.CertificateType));
        w.WriteString("mdtrt_cert_no", query.CertificateNumber);
        w.WriteString("card_sn", query.CardSerialNumber ?? "");
        w.WriteString("begntime", "");
        // psn_cert_type 01 is the resident identity card: only an ID lookup names the person's certificate.
        w.WriteString("psn_cert_type", query.CertificateType == CertificateType.IdCard ? "01" : "");
        w.WriteString("certno", query.CertificateType == CertificateType.IdCard ? query.CertificateNumber : "");
        w.WriteString("psn_name", query.PersonName ?? "");
        w.WriteEndObject();
    };

    public static Action<Utf8JsonWriter> SettlementInput(SettlementRequest request) => w =>
    {
        w.WriteStartObject("data");
        w.WriteString("psn_no", request.PersonNo);
        w.WriteString("mdtrt_cert_type", CertificateCode(request.CertificateType));
        w.WriteString("mdtrt_cert_no", request.CertificateNumber);
        w.WriteString("med_type", request.MedicalType);
        WriteMoney(w, "medfee_sumamt", request.TotalFen);
        w.WriteString("psn_setlway", "01");
        w.WriteString("mdtrt_id", request.VisitId ?? "");
        w.WriteString("chrg_bchno", request.ChargeBatchNo ?? "");
        w.WriteString("insutype", request.InsuranceType);
        w.WriteString("acct_used_flag", request.UseAccount ? "1" : "0");
        w.WriteEndObject();
    };

    public static Action<Utf8JsonWriter> CancellationInput(SettlementCancellation cancellation) => w =>
    {
        w.WriteStartObject("data");
        w.WriteString("setl_id", cancellation.SettlementId);
        w.WriteString("mdtrt_id", cancellation.VisitId ?? "");
        w.WriteString("psn_no", cancellation.PersonNo);
        w.WriteEndObject();
    };

    public static Action<Utf8JsonWriter> ReversalInput(Reversal reversal) => w =>
    {
        w.WriteStartObject("data");
        w.WriteString("psn_no", reversal.PersonNo);
        w.WriteString("oinfno", TransactionCode.Settle(reversal.Scenario));
        w.WriteString("omsgid", reversal.OriginalMsgId);
        w.WriteEndObject();
    };

    public static Action<Utf8JsonWriter> UploadInput(OfflineRecordUpload record) => w =>
    {
        w.WriteStartObject("data");
        w.WriteString("record_uuid", record.RecordId.ToString("D"));
        w.WriteNumber("seq", record.Sequence);
        w.WriteString("terminal_id", record.TerminalId);
        w.WriteString("psn_no", record.PersonNo);
        w.WriteString("card_no", record.CardNumber);
        w.WriteString("setl_time", Format(record.SettledAt));
        WriteMoney(w, "medfee_sumamt", record.Amounts.TotalFen);
        WriteMoney(w, "fund_pay_sumamt", record.Amounts.PooledFen);
        WriteMoney(w, "acct_pay", record.Amounts.AccountFen);
        WriteMoney(w, "psn_cash_pay", record.Amounts.SelfPayFen);
        w.WriteString("tac", record.Tac);
        w.WriteString("item_hash", record.LineItemHash);
        w.WriteString("record_kind", record.Kind);
        w.WriteEndObject();
    };

    // CB02 (ours): input.data.lists = [{list_name, list_ver}], list_ver empty for a list not held.
    public static Action<Utf8JsonWriter> RiderListInput(IReadOnlyList<HeldRiderList> held) => w =>
    {
        w.WriteStartObject("data");
        w.WriteStartArray("lists");
        foreach (var list in held)
        {
            w.WriteStartObject();
            w.WriteString("list_name", list.Name);
            w.WriteString("list_ver", list.Version);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    };

    /// <summary>Checks the answer envelope and returns its <c>output</c>.</summary>
    /// <exception cref="CentreRejectedException"><c>infcode</c> is not 0.</exception>
    /// <exception cref="CentreProtocolException">The body is not the envelope.</exception>
    public static JsonElement Output(ReadOnlyMemory<byte> body)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 64 });
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new CentreProtocolException("The centre's answer is not JSON", e);
        }
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new CentreProtocolException($"The centre's answer is a JSON {root.ValueKind}, not an object");
        }
        var infCode = Integer(root, "infcode");
        if (infCode != 0)
        {
            throw new CentreRejectedException(infCode, OptionalString(root, "err_msg") ?? "");
        }
        return Member(root, "output", JsonValueKind.Object);
    }

    public static SignInResult SignIn(JsonElement output, DateTimeOffset now)
    {
        var info = Member(output, "signinoutb", JsonValueKind.Object);
        return new SignInResult(RequiredString(info, "sign_no"), OptionalTime(info, "sign_time") ?? now);
    }

    public static PersonInfo PersonInfo(JsonElement output)
    {
        var baseInfo = Member(output, "baseinfo", JsonValueKind.Object);
        var insurances = new List<InsuranceInfo>();
        foreach (var entry in Member(output, "insuinfo", JsonValueKind.Array).EnumerateArray())
        {
            if (entry.ValueKind != JsonValueKind.Object)
            {
                throw new CentreProtocolException("An insuinfo entry is not an object");
            }
            insurances.Add(new InsuranceInfo(
                RequiredString(entry, "insutype"),
                Fen(entry, "balc"),
                OptionalString(entry, "psn_type"),
                OptionalString(entry, "insuplc_admdvs")));
        }
        return new PersonInfo(
            RequiredString(baseInfo, "psn_no"),
            RequiredString(baseInfo, "psn_name"),
            RequiredString(baseInfo, "certno"),
            OptionalString(baseInfo, "gend"),
            OptionalDate(baseInfo, "brdy"),
            insurances);
    }

    public static SettlementQuote Quote(JsonElement output)
    {
        var info = Member(output, "setlinfo", JsonValueKind.Object);
        return new SettlementQuote(Amounts(info), OptionalFen(info, "balc"));
    }

    public static SettlementReceipt Receipt(JsonElement output, string msgId)
    {
        var info = Member(output, "setlinfo", JsonValueKind.Object);
        return new SettlementReceipt(msgId, RequiredString(info, "setl_id"), Amounts(info), OptionalFen(info, "balc"));
    }

    public static CancellationReceipt Cancellation(JsonElement output, string msgId)
    {
        var info = Member(output, "setlinfo", JsonValueKind.Object);
        return new CancellationReceipt(msgId, RequiredString(info, "setl_id"), Amounts(info));
    }

    public static ReversalResult Reversal(JsonElement output, string msgId)
    {
        var status = RequiredString(output, "rvs_stas");
        var undone = status switch
        {
            "1" => true,
            "0" => false,
            _ => throw new CentreProtocolException($"Unknown reversal status '{status}'"),
        };
        return new ReversalResult(msgId, RequiredString(output, "omsgid"), undone);
    }

    public static UploadAcknowledgement Upload(JsonElement output)
    {
        if (!Guid.TryParseExact(RequiredString(output, "record_uuid"), "D", out var recordId))
        {
            throw new CentreProtocolException("record_uuid is not a UUID");
        }
        var status = RequiredString(output, "ack_stas");
        return status switch
        {
            "accepted" => new UploadAcknowledgement(recordId, UploadStatus.Accepted, null),
            "duplicate" => new UploadAcknowledgement(recordId, UploadStatus.DuplicateAlreadyAccepted, null),
            "rejected" => new UploadAcknowledgement(recordId, UploadStatus.Rejected, OptionalString(output, "reason") ?? ""),
            _ => throw new CentreProtocolException($"Unknown acknowledgement status '{status}'"),
        };
    }

    // CB02 (ours): output.lists = [{list_name, list_ver, chg_stas "0" unchanged | "1" changed, entries (when changed)}].
    public static IReadOnlyList<PublishedRiderList> RiderLists(JsonElement output, IReadOnlyList<HeldRiderList> held)
    {
        var heldVersions = held.ToDictionary(h => h.Name, h => h.Version, StringComparer.OrdinalIgnoreCase);
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var lists = new List<PublishedRiderList>();
        foreach (var entry in Member(output, "lists", JsonValueKind.Array).EnumerateArray())
        {
            if (entry.ValueKind != JsonValueKind.Object)
            {
                throw new CentreProtocolException("A lists entry is not an object");
            }
            var name = RequiredString(entry, "list_name");
            var version = RequiredString(entry, "list_ver");
            if (!names.Add(name))
            {
                throw new CentreProtocolException($"The rider list '{name}' appears twice");
            }
            var status = RequiredString(entry, "chg_stas");
            switch (status)
            {
                case "0":
                    if (!heldVersions.TryGetValue(name, out var mine) || mine != version)
                    {
                        throw new CentreProtocolException($"The centre calls the rider list '{name}' unchanged at a version the terminal does not hold");
                    }
                    lists.Add(new PublishedRiderList(name, version, null));
                    break;
                case "1":
                    var entries = new List<string>();
                    foreach (var item in Member(entry, "entries", JsonValueKind.Array).EnumerateArray())
                    {
                        entries.Add(item.ValueKind == JsonValueKind.String && item.GetString() is { Length: > 0 } text
                            ? text
                            : throw new CentreProtocolException($"An entry of the rider list '{name}' is not a string"));
                    }
                    lists.Add(new PublishedRiderList(name, version, entries));
                    break;
                default:
                    throw new CentreProtocolException($"Unknown rider list status '{status}'");
            }
        }
        return lists;
    }

    public static string CertificateCode(CertificateType type) => type switch
    {
        CertificateType.ElectronicVoucher => "01",
        CertificateType.IdCard => "02",
        CertificateType.SocialSecurityCard => "03",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown certificate type"),
    };

    private static PaymentSplit Amounts(JsonElement info)
    {
        var amounts = new PaymentSplit(
            Fen(info, "medfee_sumamt"), AccountFen: Fen(info, "acct_pay"), PooledFen: Fen(info, "fund_pay_sumamt"), SelfPayFen: Fen(info, "psn_cash_pay"));
        if (amounts.PooledFen < 0 || amounts.AccountFen < 0 || amounts.SelfPayFen < 0
            || amounts.PooledFen + amounts.AccountFen + amounts.SelfPayFen != amounts.TotalFen)
        {
            throw new CentreProtocolException("The centre's split does not add up to the bill total");
        }
        return amounts;
    }

    private static string Format(DateTimeOffset time) =>
        ChinaStandardTime.Of(time).ToString(TimeFormat, CultureInfo.InvariantCulture);

    private static void WriteMoney(Utf8JsonWriter w, string name, long fen) => w.WriteNumber(name, fen / 100m);

    private static JsonElement Member(JsonElement parent, string name, JsonValueKind kind)
    {
        if (!parent.TryGetProperty(name, out var value))
        {
            throw new CentreProtocolException($"The centre's answer has no '{name}'");
        }
        if (value.ValueKind != kind)
        {
            throw new CentreProtocolException($"'{name}' is a JSON {value.ValueKind}, not {kind}");
        }
        return value;
    }

    private static string RequiredString(JsonElement parent, string name)
    {
        var value = OptionalString(parent, name);
        return string.IsNullOrEmpty(value) ? throw new CentreProtocolException($"The centre's answer has no '{name}'") : value;
    }

    private static string? OptionalString(JsonElement parent, string name)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => throw new CentreProtocolException($"'{name}' is a JSON {value.ValueKind}, not a string"),
        };
    }

    private static int Integer(JsonElement parent, string name)
    {
        var text = OptionalString(parent, name) ?? throw new CentreProtocolException($"The centre's answer has no '{name}'");
        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new CentreProtocolException($"'{name}' is not an integer");
    }

    private static long Fen(JsonElement parent, string name) =>
        OptionalFen(parent, name) ?? throw new CentreProtocolException($"The centre's answer has no '{name}'");

    private static long? OptionalFen(JsonElement parent, string name)
    {
        var text = OptionalString(parent, name);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        if (!decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
                CultureInfo.InvariantCulture, out var yuan) || Math.Abs(yuan) > MaxYuan)
        {
            throw new CentreProtocolException($"'{name}' is not an amount");
        }
        var fen = yuan * 100m;
        return fen == decimal.Truncate(fen)
            ? (long)fen
            : throw new CentreProtocolException($"'{name}' has a fraction of a fen");
    }

    private static DateTimeOffset? OptionalTime(JsonElement parent, string name)
    {
        var text = OptionalString(parent, name);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        if (!DateTime.TryParseExact(text, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            || local < DateTime.MinValue + ChinaStandardTime.Offset)
        {
            throw new CentreProtocolException($"'{name}' is not a time");
        }
        return new DateTimeOffset(local, ChinaStandardTime.Offset);
    }

    private static DateOnly? OptionalDate(JsonElement parent, string name)
    {
        var text = OptionalString(parent, name);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new CentreProtocolException($"'{name}' is not a date");
    }
}
