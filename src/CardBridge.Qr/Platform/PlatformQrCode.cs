using System.Globalization;

namespace CardBridge.Qr.Platform;

/// <summary>
/// A scanned text recognised as a code one of the platforms verifies online. The codes are opaque to the terminal: a
/// scheme prefix naming the kind (<c>ECV1.</c> e-voucher, <c>ESSC1.</c> e-social-security card) followed by a token of
/// <see cref="MinTokenLength"/>–<see cref="MaxTokenLength"/> base64url characters (<c>A–Z a–z 0–9 - _</c>). Only the
/// platform knows whether the token is genuine, current and unused. The text is a bearer credential:
/// <see cref="ToString"/> never shows it.
/// </summary>
public readonly record struct PlatformQrCode
{
    /// <summary>The scheme prefix of e-voucher codes.</summary>
    public const string EVoucherPrefix = "ECV1.";

    /// <summary>The scheme prefix of e-social-security-card codes.</summary>
    public const string SocialSecurityCardPrefix = "ESSC1.";

    /// <summary>The shortest token accepted after the prefix.</summary>
    public const int MinTokenLength = 32;

    /// <summary>The longest token accepted after the prefix.</summary>
    public const int MaxTokenLength = 128;

    private PlatformQrCode(PlatformQrCodeType type, string text)
    {
        Type = type;
        Text = text;
    }

    /// <summary>Which platform verifies the code.</summary>
    public PlatformQrCodeType Type { get; }

    /// <summary>The scanned text, exactly as sent to the platform.</summary>
    public string Text { get; }

    /// <summary>Recognises <paramref name="scanned"/> as a platform code.</summary>
    /// <exception cref="QrMalformedException">The text is not an e-voucher or e-SSC code.</exception>
    public static PlatformQrCode Parse(string? scanned) =>
        Recognise(scanned, out var code) is { } problem ? throw new QrMalformedException(problem) : code;

    /// <summary>Recognises <paramref name="scanned"/> as a platform code; false, without throwing, when it is not one.</summary>
    public static bool TryParse(string? scanned, out PlatformQrCode code) => Recognise(scanned, out code) is null;

    /// <summary>A description without the code's text: its kind and length.</summary>
    public override string ToString() =>
        Text is null ? "(none)" : string.Create(CultureInfo.InvariantCulture, $"{Type} code ({Text.Length} chars)");

    private static string? Recognise(string? scanned, out PlatformQrCode code)
    {
        code = default;
        if (string.IsNullOrEmpty(scanned))
        {
            return "The scanned text is empty.";
        }
        PlatformQrCodeType type;
        string prefix;
        if (scanned.StartsWith(EVoucherPrefix, StringComparison.Ordinal))
        {
            (type, prefix) = (PlatformQrCodeType.EVoucher, EVoucherPrefix);
        }
        else if (scanned.StartsWith(SocialSecurityCardPrefix, StringComparison.Ordinal))
        {
            (type, prefix) = (PlatformQrCodeType.SocialSecurityCard, SocialSecurityCardPrefix);
        }
        else
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"A text of {scanned.Length} chars has neither the e-voucher nor the e-SSC scheme prefix.");
        }
        var token = scanned.AsSpan(prefix.Length);
        if (token.Length is < MinTokenLength or > MaxTokenLength)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"A {type} code's token has {token.Length} chars; {MinTokenLength}-{MaxTokenLength} expected.");
        }
        foreach (var c in token)
        {
            if (!IsTokenChar(c))
            {
                return string.Create(CultureInfo.InvariantCulture, $"A {type} code's token has a character outside base64url.");
            }
        }
        code = new PlatformQrCode(type, scanned);
        return null;
    }

    private static bool IsTokenChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_';
}
