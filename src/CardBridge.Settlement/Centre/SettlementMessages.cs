using System.Text.Json;
using CardBridge.Journal;
using static CardBridge.Settlement.Centre.CentreJson;

namespace CardBridge.Settlement.Centre;

/// <summary>
/// The <c>input</c> and <c>output</c> of the settlement family (DESIGN §9): sign-in 9001, person 1101, pre-settle and
/// settle 2206/2207, 2101/2102, 2303/2304, their cancellations 2208/2103/2305, reversal 2601, and CardBridge's own
/// CB01/CB02. The itemised <c>setlinfo</c> fields (<c>hifp_pay</c>, <c>cvlserv_pay</c>, <c>hifes_pay</c>,
/// <c>hifmi_pay</c>, <c>hifob_pay</c>, <c>maf_pay</c>, <c>oth_pay</c>, <c>hosp_part_amt</c>, <c>acct_mulaid_pay</c>,
/// <c>fulamt_ownpay_amt</c>, <c>overlmt_selfpay</c>, <c>preselfpay_amt</c>, <c>inscp_scp_amt</c>, <c>act_pay_dedc</c>,
/// <c>psn_part_amt</c>) and 2303/2304's <c>mid_setl_flag</c> are as the 2304 output of the public HIS integration
/// newtouch-cloud/openhis (<c>Models/Output/Output_2304.cs</c>) lists them, the same names other public integrations
/// read (binzhe12123/Medical, yao234/CodeMiddleWare); 1101's <c>psn_insu_stas</c>, <c>cvlserv_flag</c> and
/// <c>insuplc_admdvs</c> as its <c>Output_1101.cs</c>. 2303's <c>input.data</c> with <c>mid_setl_flag</c> as liwerAKM/YbRefund
/// <c>Plat/Models/ZYJS/T2303.cs</c> ("6.2.4.3 【2303】住院预结算") has it; openhis's Inner Mongolia <c>Post_2303.cs</c> names
/// <c>insuplc_admdvs</c> (参保地) per call, the person's own insured area this adapter sends.
/// </summary>
internal static class SettlementMessages
{
    public static Action<Utf8JsonWriter> SignInInput(CentreOptions options) => w =>
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

    public static Action<Utf8JsonWriter> SettlementInput(SettlementScenario scenario, SettlementRequest request) => w =>
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
        if (scenario == SettlementScenario.Inpatient)
        {
            // 2303/2304: 0 = the final settlement of the stay, not one in the middle of it.
            w.WriteString("mid_setl_flag", "0");
        }
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
        w.WriteString("oinfno", reversal.OriginalInfNo);
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

    public static SignInResult SignIn(JsonElement output, DateTimeOffset now)
    {
        var info = Member(output, "signinoutb", JsonValueKind.Object);
        return new SignInResult(RequiredString(info, "sign_no"), OptionalTime(info, "sign_time") ?? now);
    }

    public static PersonInfo PersonInfo(JsonElement output)
    {
        var baseInfo = Member(output, "baseinfo", JsonValueKind.Object);
        var insurances = Objects(output, "insuinfo").Select(entry => new InsuranceInfo(
                RequiredString(entry, "insutype"),
                Fen(entry, "balc"),
                OptionalString(entry, "psn_type"),
                OptionalString(entry, "insuplc_admdvs"))
            {
                Status = OptionalString(entry, "psn_insu_stas"),
                CivilServant = OptionalString(entry, "cvlserv_flag") == "1",
            })
            .ToList();
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
        return new SettlementQuote(Amounts(info), OptionalFen(info, "balc")) { Breakdown = Breakdown(info) };
    }

    public static SettlementReceipt Receipt(JsonElement output, string msgId)
    {
        var info = Member(output, "setlinfo", JsonValueKind.Object);
        return new SettlementReceipt(msgId, RequiredString(info, "setl_id"), Amounts(info), OptionalFen(info, "balc")) { Breakdown = Breakdown(info) };
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
        foreach (var entry in Objects(output, "lists"))
        {
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

    private static SettlementBreakdown Breakdown(JsonElement info)
    {
        long Part(string name) => OptionalFen(info, name) is { } fen
            ? fen >= 0 ? fen : throw new CentreProtocolException($"'{name}' is negative")
            : 0;
        return new SettlementBreakdown(
            PooledFundFen: Part("hifp_pay"),
            CivilServantFen: Part("cvlserv_pay"),
            EnterpriseSupplementFen: Part("hifes_pay"),
            SeriousIllnessFen: Part("hifmi_pay"),
            LargeExpenseFen: Part("hifob_pay"),
            MedicalAidFen: Part("maf_pay"),
            OtherFundFen: Part("oth_pay"),
            HospitalShareFen: Part("hosp_part_amt"),
            AccountMutualAidFen: Part("acct_mulaid_pay"),
            FullOwnPayFen: Part("fulamt_ownpay_amt"),
            OverLimitFen: Part("overlmt_selfpay"),
            PreSelfPayFen: Part("preselfpay_amt"),
            InScopeFen: Part("inscp_scp_amt"),
            DeductibleFen: Part("act_pay_dedc"),
            PersonShareFen: Part("psn_part_amt"));
    }
}
