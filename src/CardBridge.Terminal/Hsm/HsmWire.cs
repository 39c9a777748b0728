using System.Globalization;
using System.Text.Json;
using CardBridge.Cards.Authentication;

namespace CardBridge.Terminal.Hsm;

/// <summary>
/// The HSM platform's JSON envelope (docs/operations/hsm-envelope.md): step 1 of the standard interface's
/// <c>iReadCardBas_HSM_Step1</c> as named fields of hex, and the step-2 answer the terminal applies to the card.
/// </summary>
internal static class HsmWire
{
    /// <summary>The envelope version this terminal speaks.</summary>
    public const string Version = "1";

    // A cryptogram is one or two cipher blocks: 8 bytes (3DES) or 16 (SM4), 32 at most.
    private const int MaxCryptogramBytes = 32;

    /// <summary>The request body for <paramref name="step1"/>.</summary>
    public static byte[] Request(HsmStep1Request step1, string requestId, string terminalId, DateTimeOffset sentAt)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("version", Version);
            json.WriteString("requestId", requestId);
            json.WriteString("terminalId", terminalId);
            json.WriteString("sentAt", sentAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            json.WriteStartObject("step1");
            json.WriteString("regionCode", step1.RegionCode);
            json.WriteString("atrHistoricalBytes", Convert.ToHexString(step1.AtrHistoricalBytes.Span));
            json.WriteString("algorithm", ((byte)step1.Algorithm).ToString("X2", CultureInfo.InvariantCulture));
            json.WriteString("cardIdentificationCode", Convert.ToHexString(step1.CardIdentificationCode.Span));
            json.WriteString("internalAuthInput", Convert.ToHexString(step1.InternalAuthInput.Span));
            json.WriteString("internalAuthData", Convert.ToHexString(step1.InternalAuthData.Span));
            // The standard's step-1 output: the external key is diversified with the same card factor.
            json.WriteString("externalAuthInput", Convert.ToHexString(step1.InternalAuthInput.Span));
            json.WriteString("externalAuthData", Convert.ToHexString(step1.ExternalAuthInput.Span));
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>The step-2 answer in <paramref name="body"/>, which must answer <paramref name="requestId"/>.</summary>
    /// <exception cref="HsmRefusedException">The platform answered with a non-zero <c>code</c>: it cannot serve this card.</exception>
    /// <exception cref="HsmProtocolException">The body is not a valid answer to this request.</exception>
    public static HsmStep2Response Answer(ReadOnlyMemory<byte> body, string requestId)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new HsmProtocolException("the answer is not a JSON object");
            }
            if (String(root, "requestId") != requestId)
            {
                throw new HsmProtocolException("the answer names another request");
            }
            var code = root.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.Number && c.TryGetInt32(out var value)
                ? value
                : throw new HsmProtocolException("the answer has no numeric code");
            if (code != 0)
            {
                throw new HsmRefusedException(code, root.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() ?? "" : "");
            }
            if (!root.TryGetProperty("step2", out var step2) || step2.ValueKind != JsonValueKind.Object)
            {
                throw new HsmProtocolException("the answer has no step2 object");
            }
            return new HsmStep2Response(Cryptogram(step2, "internalAuthResult"), Cryptogram(step2, "externalCryptogram"));
        }
        catch (JsonException e)
        {
            throw new HsmProtocolException("the answer is not JSON", e);
        }
    }

    private static string? String(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static byte[] Cryptogram(JsonElement step2, string name)
    {
        var hex = String(step2, name);
        byte[] bytes;
        try
        {
            bytes = hex is null ? [] : Convert.FromHexString(hex);
        }
        catch (FormatException e)
        {
            throw new HsmProtocolException($"step2.{name} is not hex", e);
        }
        return bytes.Length is >= 8 and <= MaxCryptogramBytes && bytes.Length % 8 == 0
            ? bytes
            : throw new HsmProtocolException($"step2.{name} is not 8 to {MaxCryptogramBytes} bytes in whole blocks");
    }
}
