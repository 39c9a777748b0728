using System.Globalization;
using CardBridge.Crypto;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CardBridge.Qr.Transit;

/// <summary>
/// Verifies transit codes offline (DESIGN §9): the root key chosen by the code's index verifies the issuer certificate,
/// the certified issuer key verifies the holder's authorisation, the authorised user key verifies the code; then the
/// code must have been generated before the authorisation and the issuer certificate expired, and the terminal's clock
/// must be inside [generation time, generation time + validity] widened by the clock-skew tolerance at both ends.
/// SM2 with the SM3 digest and the default user id throughout. Verification is CPU-only (three SM2 verifications) and
/// thread-safe. It does not know whether a code was used before: pass the credential to a replay cache.
/// </summary>
public sealed partial class TransitQrVerifier
{
    private readonly Dictionary<byte, byte[]> _roots;
    private readonly HashSet<uint> _acceptedIssuers;
    private readonly TimeSpan _skew;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Creates a verifier trusting the root keys of <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentException">The options are invalid: no root key, a key that is not an SM2 point, or a negative tolerance.</exception>
    public TransitQrVerifier(TransitQrOptions options, TimeProvider timeProvider, ILogger<TransitQrVerifier>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        if (options.RootPublicKeys.Count == 0)
        {
            throw new ArgumentException("at least one root public key is required", nameof(options));
        }
        if (options.ClockSkewTolerance < TimeSpan.Zero)
        {
            throw new ArgumentException("clock-skew tolerance must not be negative", nameof(options));
        }
        _roots = options.RootPublicKeys.ToDictionary(pair => pair.Key, pair => RootKey(pair.Key, pair.Value));
        _acceptedIssuers = [.. options.AcceptedIssuers];
        _skew = options.ClockSkewTolerance;
        _time = timeProvider;
        _logger = logger ?? NullLogger<TransitQrVerifier>.Instance;
    }

    /// <summary>Parses and verifies the scanned text (Base64 of the code).</summary>
    /// <exception cref="QrRejectedException">
    /// <see cref="QrMalformedException"/>, <see cref="QrUnknownIssuerException"/>, <see cref="QrBadSignatureException"/>
    /// or <see cref="QrExpiredException"/>.
    /// </exception>
    public TransitQrCredential Verify(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Verify(Parsed(() => TransitQrParser.Parse(text), text.Length));
    }

    /// <summary>Parses and verifies the code's bytes.</summary>
    /// <exception cref="QrRejectedException">As <see cref="Verify(string)"/>.</exception>
    public TransitQrCredential Verify(ReadOnlyMemory<byte> bytes) => Verify(Parsed(() => TransitQrParser.Parse(bytes), bytes.Length));

    /// <summary>Verifies a parsed code.</summary>
    /// <exception cref="QrRejectedException">As <see cref="Verify(string)"/>, except malformed only for a key that is not a curve point.</exception>
    public TransitQrCredential Verify(TransitQrCode code)
    {
        ArgumentNullException.ThrowIfNull(code);
        try
        {
            VerifyChain(code);
            VerifyWindow(code);
        }
        catch (QrRejectedException e)
        {
            LogRefused(e.Reason, code.RootKeyIndex, code.IssuerId, code.Bytes.Length);
            throw;
        }
        return new TransitQrCredential(code.AccountId, code.IssuerId, code.Version, code.PerTripLimitFen, code.GeneratedAt, code.ExpiresAt);
    }

    private TransitQrCode Parsed(Func<TransitQrCode> parse, int length)
    {
        try
        {
            return parse();
        }
        catch (QrMalformedException)
        {
            LogMalformed(length);
            throw;
        }
    }

    private void VerifyChain(TransitQrCode code)
    {
        if (!_roots.TryGetValue(code.RootKeyIndex, out var rootKey))
        {
            throw new QrUnknownIssuerException(string.Create(CultureInfo.InvariantCulture, $"no root key with index {code.RootKeyIndex} is configured"));
        }
        var bytes = code.Bytes.Span;
        var after = code.AccountEnd;
        Check(rootKey, bytes, TransitQrLayout.RootSignatureOffset, QrSignatureLink.Root);
        if (_acceptedIssuers.Count > 0 && !_acceptedIssuers.Contains(code.IssuerId))
        {
            throw new QrUnknownIssuerException(string.Create(CultureInfo.InvariantCulture, $"issuer {code.IssuerId} is not accepted"));
        }
        Check(code.IssuerPublicKey.Span, bytes, after + TransitQrLayout.IssuerSignatureAfterAccount, QrSignatureLink.Issuer);
        Check(code.UserPublicKey.Span, bytes, after + TransitQrLayout.UserSignatureAfterAccount, QrSignatureLink.User);
    }

    // Each signature covers every byte before it (TransitQrLayout).
    private static void Check(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> bytes, int signatureOffset, QrSignatureLink link)
    {
        bool valid;
        try
        {
            valid = Sm2.Verify(publicKey, bytes[..signatureOffset], bytes.Slice(signatureOffset, TransitQrLayout.SignatureLength));
        }
        catch (ArgumentException e)
        {
            throw new QrMalformedException($"the public key that checks the {link} signature is not a point on the SM2 curve", e);
        }
        if (!valid)
        {
            throw new QrBadSignatureException(link);
        }
    }

    private void VerifyWindow(TransitQrCode code)
    {
        var now = _time.GetUtcNow();
        if (code.GeneratedAt > code.AuthorisationExpiry)
        {
            throw new QrExpiredException("the code was generated after the holder's authorisation expired", code.GeneratedAt, code.ExpiresAt, now);
        }
        if (code.GeneratedAt > code.IssuerCertificateExpiry)
        {
            throw new QrExpiredException("the code was generated after the issuer certificate expired", code.GeneratedAt, code.ExpiresAt, now);
        }
        if (now < code.GeneratedAt - _skew)
        {
            throw new QrExpiredException("the code is not valid yet (generated in the future)", code.GeneratedAt, code.ExpiresAt, now);
        }
        if (now > code.ExpiresAt + _skew)
        {
            throw new QrExpiredException("the code's validity has passed", code.GeneratedAt, code.ExpiresAt, now);
        }
    }

    private static byte[] RootKey(byte index, string hex)
    {
        byte[] key;
        try
        {
            key = Convert.FromHexString(hex);
            // Verifying against a dummy signature decodes the point, which is how the key is proven to be on the curve.
            _ = Sm2.Verify(key, [], new byte[Sm2.SignatureLength]);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"root public key {index} is not an SM2 public key in hex"), e);
        }
        return key;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Transit code refused (Malformed): {Length} bytes or characters")]
    private partial void LogMalformed(int length);

    [LoggerMessage(Level = LogLevel.Information, Message = "Transit code refused ({Reason}): root {RootIndex}, issuer {IssuerId}, {Length} bytes")]
    private partial void LogRefused(QrErrorReason reason, byte rootIndex, uint issuerId, int length);
}
