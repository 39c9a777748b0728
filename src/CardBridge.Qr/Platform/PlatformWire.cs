using System.Globalization;
using System.Text.Json;

namespace CardBridge.Qr.Platform;

/// <summary>
/// The verification protocol (JSON over HTTP POST, one endpoint per platform). Request:
/// <c>{"method":"ec.query"|"essc.query","requestId","orgId","businessType":"01101","operatorId","operatorName","qrCode"}</c>.
/// Answer: <c>{"code":0,"message","data":{"idNo","idType","userName","insuOrg","ecToken"|"cardNo"}}</c>, or a non-zero
/// <c>code</c> refusing the code: <see cref="ExpiredCode"/>, <see cref="UsedCode"/>, <see cref="UnknownCode"/>,
/// <see cref="MalformedCode"/>.
/// </summary>
internal static class PlatformWire
{
    public const int ExpiredCode = 10001;
    public const int UsedCode = 10002;
    public const int UnknownCode = 10003;
    public const int MalformedCode = 10004;

    public static string Method(PlatformQrCodeType type) => type == PlatformQrCodeType.EVoucher ? "ec.query" : "essc.query";

    public static byte[] Request(PlatformQrCode code, QrVerifyContext context, string requestId)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("method", Method(code.Type));
            json.WriteString("requestId", requestId);
            json.WriteString("orgId", context.OrgCode);
            json.WriteString("businessType", context.BusinessTypeCode);
            json.WriteString("operatorId", context.OperatorId);
            json.WriteString("operatorName", context.OperatorName);
            json.WriteString("qrCode", code.Text);
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>Reads an answer body into the holder, or throws the refusal or the malformed-answer error.</summary>
    public static PlatformQrCredential Answer(PlatformQrCodeType type, ReadOnlyMemory<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("code", out var codeElement)
                || !codeElement.TryGetInt32(out var code))
            {
                throw Malformed("no numeric 'code'");
            }
            if (code != 0)
            {
                throw Refusal(type, code);
            }
            if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
            {
                throw Malformed("no 'data' object in a success answer");
            }
            return new PlatformQrCredential(
                CodeType: type,
                IdNumber: Required(data, "idNo"),
                IdType: Optional(data, "idType") ?? "01",
                Name: Required(data, "userName"),
                InsuranceOrg: Required(data, "insuOrg"),
                EcToken: type == PlatformQrCodeType.EVoucher ? Required(data, "ecToken") : null,
                CardNumber: type == PlatformQrCodeType.SocialSecurityCard ? Required(data, "cardNo") : null);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a string escapes a lone surrogate, which cannot become .NET text.
            throw new QrVerifierUnavailableException(QrVerifierFailure.MalformedAnswer, "The platform's answer is not JSON.", e);
        }
    }

    private static PlatformQrRejectedException Refusal(PlatformQrCodeType type, int code)
    {
        var reason = code switch
        {
            ExpiredCode => PlatformQrRejectedException.Expired,
            UsedCode => PlatformQrRejectedException.Used,
            UnknownCode => PlatformQrRejectedException.Unknown,
            MalformedCode => PlatformQrRejectedException.Malformed,
            _ => PlatformQrRejectedException.Refused,
        };
        return new PlatformQrRejectedException(reason, code,
            string.Create(CultureInfo.InvariantCulture, $"The platform refused the {type} code: {reason} (code {code})."));
    }

    private static string Required(JsonElement data, string name) =>
        Optional(data, name) is { Length: > 0 } value ? value : throw Malformed($"no '{name}' in the holder data");

    private static string? Optional(JsonElement data, string name) =>
        data.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static QrVerifierUnavailableException Malformed(string what) =>
        new(QrVerifierFailure.MalformedAnswer, $"The platform's answer is malformed: {what}.");
}
