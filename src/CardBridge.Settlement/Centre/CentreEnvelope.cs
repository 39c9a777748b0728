using System.Buffers;
using System.Text.Json;

namespace CardBridge.Settlement.Centre;

/// <summary>
/// The platform's envelope (DESIGN §9) around every transaction, and the check of every answer: the one place the
/// terminal's fixed fields and a call's own (<see cref="CentreCall"/>: the person's insured area, the operator) meet.
/// The transactions' <c>input</c> and <c>output</c> are mapped by family: <see cref="SettlementMessages"/>,
/// <see cref="VisitMessages"/>, <see cref="FeeMessages"/>.
/// </summary>
internal sealed class CentreEnvelope(CentreOptions options)
{
    /// <summary>The envelope of one call; <paramref name="writeInput"/> writes the members of <c>input</c>.</summary>
    public byte[] Request(string infNo, string msgId, DateTimeOffset now, string signNo, CentreCall? call, Action<Utf8JsonWriter> writeInput)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("infno", infNo);
            w.WriteString("msgid", msgId);
            w.WriteString("mdtrtarea_admvs", options.TreatmentAreaCode);
            w.WriteString("insuplc_admdvs", call?.InsuredArea ?? options.InsuredAreaCode);
            w.WriteString("recer_sys_code", options.ReceiverSystemCode);
            w.WriteString("dev_no", options.DeviceNo);
            w.WriteString("dev_safe_info", options.DeviceSafeInfo);
            w.WriteString("cainfo", options.CaInfo);
            w.WriteString("signtype", options.SignType);
            w.WriteString("infver", "V1.0");
            w.WriteString("opter_type", options.OperatorType);
            w.WriteString("opter", call?.Operator?.Code ?? options.OperatorCode);
            w.WriteString("opter_name", call?.Operator?.Name ?? options.OperatorName);
            w.WriteString("inf_time", CentreJson.Format(now));
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
        var infCode = CentreJson.Integer(root, "infcode");
        if (infCode != 0)
        {
            throw new CentreRejectedException(infCode, CentreJson.OptionalString(root, "err_msg") ?? "");
        }
        return CentreJson.Member(root, "output", JsonValueKind.Object);
    }

    /// <summary>The terminal's default for each field of <paramref name="care"/> it leaves empty.</summary>
    public CareTeam Care(CareTeam? care) => (care ?? CareTeam.Default).Or(new CareTeam
    {
        DepartmentCode = options.DepartmentCode,
        DepartmentName = options.DepartmentName,
        DepartmentCategory = options.DepartmentCategory,
        DoctorCode = options.DoctorCode,
        DoctorName = options.DoctorName,
    });
}
