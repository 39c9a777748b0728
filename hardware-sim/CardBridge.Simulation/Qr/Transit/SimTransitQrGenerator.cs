using System.Buffers.Binary;
using System.Text;
using CardBridge.Crypto;

namespace CardBridge.Simulation.Qr.Transit;

/// <summary>
/// Makes transit codes the way a holder's device and its issuer would, in CardBridge's documented layout: version,
/// root index, issuer id (4), issuer key (33, compressed), issuer certificate expiry (4), root signature; account id
/// length (1) and id, per-trip limit fen (4), user key (33), authorisation expiry (4), validity seconds (2), issuer
/// signature; generation time (4), user signature. Big-endian integers, Unix-second times, SM2 r ‖ s signatures
/// (SM3, default user id) each over every byte before it. <see cref="GenerateText"/> gives the Base64 the QR carries.
/// </summary>
public sealed class SimTransitQrGenerator
{
    private const int SignatureLength = 64;
    private readonly SimTransitQrKeys _keys;
    private readonly TimeProvider _time;

    /// <summary>A generator signing with <paramref name="keys"/> and reading "now" from <paramref name="timeProvider"/>.</summary>
    public SimTransitQrGenerator(SimTransitQrKeys keys, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _keys = keys;
        _time = timeProvider;
    }

    /// <summary>The field values of a valid code for <paramref name="accountId"/> generated now.</summary>
    public SimTransitQrSpec ValidSpec(string accountId)
    {
        var now = _time.GetUtcNow();
        return new SimTransitQrSpec
        {
            AccountId = accountId,
            GeneratedAt = now,
            AuthorisationExpiry = now.AddDays(7),
            IssuerCertificateExpiry = now.AddDays(365),
        };
    }

    /// <summary>A code of <paramref name="kind"/> for <paramref name="accountId"/>, as bytes.</summary>
    public byte[] Generate(SimTransitQrKind kind, string accountId)
    {
        var spec = ValidSpec(accountId);
        var now = spec.GeneratedAt;
        return kind switch
        {
            SimTransitQrKind.Expired => Encode(spec with { GeneratedAt = now.AddSeconds(-spec.ValiditySeconds).AddMinutes(-10) }),
            SimTransitQrKind.NotYetValid => Encode(spec with { GeneratedAt = now.AddMinutes(10) }),
            SimTransitQrKind.GeneratedAfterAuthorisation => Encode(spec with { AuthorisationExpiry = now.AddHours(-1) }),
            _ => Encode(spec, kind),
        };
    }

    /// <summary>A code of <paramref name="kind"/> for <paramref name="accountId"/>, as the Base64 text a scanner reads.</summary>
    public string GenerateText(SimTransitQrKind kind, string accountId) => Convert.ToBase64String(Generate(kind, accountId));

    /// <summary>Encodes and signs <paramref name="spec"/> with the key set's trusted root, issuer and user keys.</summary>
    public byte[] Encode(SimTransitQrSpec spec) => Encode(spec, SimTransitQrKind.Valid);

    private byte[] Encode(SimTransitQrSpec spec, SimTransitQrKind kind)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var account = Encoding.ASCII.GetBytes(spec.AccountId);
        if (account.Length is 0 or > 20 || !spec.AccountId.All(char.IsAsciiLetterOrDigit))
        {
            throw new ArgumentException("account id must be 1..20 ASCII letters and digits", nameof(spec));
        }
        var unknown = kind == SimTransitQrKind.UnknownIssuer;
        var root = unknown ? _keys.UntrustedRoot : _keys.Root;
        var issuer = kind == SimTransitQrKind.TamperedRoot ? _keys.ForgedIssuer : _keys.Issuer;
        var code = new byte[283 + account.Length];
        var writer = new Writer(code);

        writer.Byte(spec.Version);
        writer.Byte(unknown ? SimTransitQrKeys.UntrustedRootIndex : SimTransitQrKeys.RootIndex);
        writer.UInt32(SimTransitQrKeys.IssuerId);
        var issuerKeyAt = writer.Position;
        writer.Bytes(_keys.Issuer.CompressedPublicKey.Span);
        writer.UInt32(Seconds(spec.IssuerCertificateExpiry));
        writer.Sign(root);
        if (kind == SimTransitQrKind.TamperedRoot)
        {
            // A forged certificate: the root signed the real issuer key, the code carries another one.
            issuer.CompressedPublicKey.Span.CopyTo(code.AsSpan(issuerKeyAt));
        }

        writer.Byte((byte)account.Length);
        writer.Bytes(account);
        var limitAt = writer.Position;
        writer.UInt32(spec.PerTripLimitFen);
        writer.Bytes(_keys.User.CompressedPublicKey.Span);
        writer.UInt32(Seconds(spec.AuthorisationExpiry));
        writer.UInt16(spec.ValiditySeconds);
        writer.Sign(issuer);
        if (kind == SimTransitQrKind.TamperedIssuer)
        {
            BinaryPrimitives.WriteUInt32BigEndian(code.AsSpan(limitAt), spec.PerTripLimitFen + 10_000);
        }

        var generatedAt = writer.Position;
        writer.UInt32(Seconds(spec.GeneratedAt));
        writer.Sign(_keys.User);
        if (kind == SimTransitQrKind.TamperedUser)
        {
            BinaryPrimitives.WriteUInt32BigEndian(code.AsSpan(generatedAt), Seconds(spec.GeneratedAt) + 1);
        }
        return code;
    }

    private static uint Seconds(DateTimeOffset time) => checked((uint)time.ToUnixTimeSeconds());

    private sealed class Writer(byte[] buffer)
    {
        public int Position { get; private set; }

        public void Byte(byte value) => buffer[Position++] = value;

        public void Bytes(ReadOnlySpan<byte> value)
        {
            value.CopyTo(buffer.AsSpan(Position));
            Position += value.Length;
        }

        public void UInt16(ushort value)
        {
            BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(Position), value);
            Position += 2;
        }

        public void UInt32(uint value)
        {
            BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(Position), value);
            Position += 4;
        }

        // The signature covers every byte written so far.
        public void Sign(Sm2KeyPair key) =>
            Bytes(Sm2.Sign(key.PrivateKey.Span, buffer.AsSpan(0, Position)).AsSpan(0, SignatureLength));
    }
}
