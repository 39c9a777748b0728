using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;

namespace CardBridge.Simulation.Qr.Platform;

/// <summary>
/// The platform's books: the codes it issued (holder, expiry, used or not) and the verification answers. The protocol
/// (one JSON object each way) as the platform sees it: request <c>{"method","requestId","orgId","businessType",
/// "operatorId","operatorName","qrCode"}</c>; answer <c>{"code":0,"message","data":{…}}</c> or a refusal code.
/// </summary>
internal sealed class QrCodeBook(IReadOnlyList<QrPlatformHolder> holders, TimeProvider time)
{
    public const string EVoucherPrefix = "ECV1.";
    public const string SocialSecurityCardPrefix = "ESSC1.";
    public const int Expired = 10001;
    public const int Used = 10002;
    public const int Unknown = 10003;
    public const int Malformed = 10004;

    private const int TokenBytes = 32;
    private static readonly int TokenLength = Base64Url.GetEncodedLength(TokenBytes);
    private static readonly string[] BusinessTypes = ["01101", "01301", "01302", "02121"];

    private readonly Lock _lock = new();
    private readonly Dictionary<string, IssuedCode> _codes = new(StringComparer.Ordinal);

    public IReadOnlyList<QrPlatformHolder> Holders => holders;

    public static string Prefix(SimQrCodeType type) => type == SimQrCodeType.EVoucher ? EVoucherPrefix : SocialSecurityCardPrefix;

    public static string Method(SimQrCodeType type) => type == SimQrCodeType.EVoucher ? "ec.query" : "essc.query";

    /// <summary>
    /// Issues a code valid for <paramref name="validity"/> from now. A validity of zero or less issues a code that has
    /// already expired (verification answers <see cref="Expired"/>), so a simulator can show an expired code at once.
    /// </summary>
    public string Issue(SimQrCodeType type, string holderProfile, TimeSpan validity)
    {
        if (!Enum.IsDefined(type))
        {
            throw new ArgumentOutOfRangeException(nameof(type), type, "Not a code type.");
        }
        var holder = holders.FirstOrDefault(h => h.ProfileName == holderProfile)
            ?? throw new ArgumentException(
                $"'{holderProfile}' is not a holder of the platform ({string.Join(", ", holders.Select(h => h.ProfileName))}).",
                nameof(holderProfile));
        var code = Prefix(type) + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(TokenBytes));
        lock (_lock)
        {
            _codes.Add(code, new IssuedCode(type, holder, time.GetUtcNow() + validity));
        }
        return code;
    }

    /// <summary>The answer to a verification at the endpoint for <paramref name="endpoint"/>; null when the request is not the protocol.</summary>
    public byte[]? Verify(SimQrCodeType endpoint, ReadOnlyMemory<byte> body)
    {
        string? qrCode;
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || Text(root, "method") != Method(endpoint)
                || Text(root, "requestId") is not { Length: > 0 }
                || Text(root, "orgId") is not { Length: > 0 }
                || !BusinessTypes.Contains(Text(root, "businessType"))
                || Text(root, "operatorId") is not { Length: > 0 }
                || (qrCode = Text(root, "qrCode")) is null)
            {
                return null;
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return null;
        }
        var prefix = Prefix(endpoint);
        if (!qrCode.StartsWith(prefix, StringComparison.Ordinal)
            || qrCode.Length != prefix.Length + TokenLength
            || !Base64Url.IsValid(qrCode.AsSpan(prefix.Length)))
        {
            return Refusal(Malformed, "not a code of this platform");
        }
        QrPlatformHolder holder;
        lock (_lock)
        {
            if (!_codes.TryGetValue(qrCode, out var issued) || issued.Type != endpoint)
            {
                return Refusal(Unknown, "code not issued");
            }
            if (issued.Used)
            {
                return Refusal(Used, "code already used");
            }
            if (time.GetUtcNow() >= issued.ExpiresAt)
            {
                return Refusal(Expired, "code expired");
            }
            _codes[qrCode] = issued with { Used = true };
            holder = issued.Holder;
        }
        return Success(endpoint, holder);
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static byte[] Refusal(int code, string message) => Answer(json =>
    {
        json.WriteNumber("code", code);
        json.WriteString("message", message);
    });

    private static byte[] Success(SimQrCodeType type, QrPlatformHolder holder) => Answer(json =>
    {
        json.WriteNumber("code", 0);
        json.WriteString("message", "success");
        json.WriteStartObject("data");
        json.WriteString("idNo", holder.IdNumber);
        json.WriteString("idType", "01");
        json.WriteString("userName", holder.Name);
        json.WriteString("insuOrg", holder.InsuranceOrg);
        if (type == SimQrCodeType.EVoucher)
        {
            json.WriteString("ecToken", holder.EcToken);
        }
        else
        {
            json.WriteString("cardNo", holder.CardNumber);
        }
        json.WriteEndObject();
    });

    private static byte[] Answer(Action<Utf8JsonWriter> fields)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            fields(json);
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private sealed record IssuedCode(SimQrCodeType Type, QrPlatformHolder Holder, DateTimeOffset ExpiresAt)
    {
        public bool Used { get; init; }
    }
}
