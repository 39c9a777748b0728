using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json;
using CardBridge.Journal.Storage;

namespace CardBridge.Journal.Chain;

/// <summary>
/// The journal's cryptography: personal fields under AES-256-GCM with the record's sequence and UUID as associated
/// data (so ciphertexts cannot move between rows), and HMAC-SHA256 seals under a separate key over the content,
/// the chain, the state and the chain head.
/// </summary>
internal sealed class JournalSeal : IDisposable
{
    internal const int NonceSize = 12;
    internal const int TagSize = 16;

    // A fixed, key-independent start of the chain: the "previous seal" of record 1.
    internal static readonly byte[] Genesis = SHA256.HashData("CardBridge offline journal genesis v1"u8);

    private static readonly byte[] ContentLabel = "CBJ1/content"u8.ToArray();
    private static readonly byte[] ChainLabel = "CBJ1/chain"u8.ToArray();
    private static readonly byte[] StateLabel = "CBJ1/state"u8.ToArray();
    private static readonly byte[] HeadLabel = "CBJ1/head"u8.ToArray();
    private static readonly byte[] KeyCheckLabel = "CBJ1/key-check"u8.ToArray();
    private static readonly byte[] PersonalLabel = "CBJ1/personal"u8.ToArray();

    private readonly byte[] _encryptionKey;
    private readonly byte[] _integrityKey;

    internal JournalSeal(byte[] encryptionKey, byte[] integrityKey)
    {
        _encryptionKey = encryptionKey;
        _integrityKey = integrityKey;
    }

    internal byte[] ContentMac(byte[] contentBytes) => Mac(ContentLabel, contentBytes);

    internal byte[] ChainMac(byte[] contentMac, byte[] previousChainMac) => Mac(ChainLabel, [.. contentMac, .. previousChainMac]);

    internal byte[] StateMac(byte[] stateBytes) => Mac(StateLabel, stateBytes);

    internal byte[] HeadMac(long lastSequence, byte[] lastChainMac)
    {
        var bytes = new byte[8 + lastChainMac.Length];
        BinaryPrimitives.WriteInt64BigEndian(bytes, lastSequence);
        lastChainMac.CopyTo(bytes, 8);
        return Mac(HeadLabel, bytes);
    }

    /// <summary>A value stored at creation that shows, at every open, that the integrity key is the same.</summary>
    internal byte[] IntegrityKeyCheck() => Mac(KeyCheckLabel, []);

    /// <summary>A known plaintext sealed at creation: it decrypts at open only under the same encryption key.</summary>
    internal byte[] EncryptionKeyCheck()
    {
        var nonce = RandomNumberGenerator.GetBytes(NonceSize);
        return [.. nonce, .. Encrypt(nonce, KeyCheckLabel, KeyCheckLabel)];
    }

    internal bool EncryptionKeyMatches(byte[] check)
    {
        if (check.Length < NonceSize + TagSize)
        {
            return false;
        }
        try
        {
            Decrypt(check.AsSpan(0, NonceSize), check.AsSpan(NonceSize), KeyCheckLabel);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
    }

    internal bool IntegrityKeyMatches(byte[] check) => CryptographicOperations.FixedTimeEquals(check, IntegrityKeyCheck());

    internal static bool SameMac(byte[] left, byte[] right) => CryptographicOperations.FixedTimeEquals(left, right);

    /// <summary>Encrypts the personal fields under a fresh random nonce; returns the nonce and ciphertext‖tag.</summary>
    internal (byte[] Nonce, byte[] Sealed) SealPersonal(long sequence, Guid id, PersonalFields personal)
    {
        var nonce = RandomNumberGenerator.GetBytes(NonceSize);
        return (nonce, Encrypt(nonce, PersonalPlaintext(personal), PersonalAad(sequence, id)));
    }

    /// <summary>Decrypts one row's personal fields.</summary>
    /// <exception cref="JournalIntegrityException">They do not authenticate (tampered or moved) or do not parse.</exception>
    internal PersonalFields OpenPersonal(StoredRow row)
    {
        try
        {
            using var document = JsonDocument.Parse(Decrypt(row.PersonalNonce, row.PersonalSealed, PersonalAad(row.Sequence, row.Id)));
            var root = document.RootElement;
            return new PersonalFields(Optional(root, "cardNumber"), Optional(root, "ssn"), Optional(root, "name"));
        }
        catch (Exception e) when (e is AuthenticationTagMismatchException or CryptographicException or JsonException)
        {
            throw new JournalIntegrityException(row.Sequence, e);
        }
    }

    /// <summary>The row with its state seal renewed over its (changed) state.</summary>
    internal StoredRow WithStateSeal(StoredRow row) => row with { StateMac = StateMac(row.StateBytes()) };

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_encryptionKey);
        CryptographicOperations.ZeroMemory(_integrityKey);
    }

    private byte[] Mac(byte[] label, byte[] data)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _integrityKey);
        hmac.AppendData(label);
        hmac.AppendData(data);
        return hmac.GetHashAndReset();
    }

    private byte[] Encrypt(byte[] nonce, byte[] plaintext, byte[] associatedData)
    {
        var output = new byte[plaintext.Length + TagSize];
        using var aes = new AesGcm(_encryptionKey, TagSize);
        aes.Encrypt(nonce, plaintext, output.AsSpan(0, plaintext.Length), output.AsSpan(plaintext.Length), associatedData);
        return output;
    }

    private byte[] Decrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> sealedBytes, byte[] associatedData)
    {
        if (nonce.Length != NonceSize || sealedBytes.Length < TagSize)
        {
            throw new AuthenticationTagMismatchException();
        }
        var plaintext = new byte[sealedBytes.Length - TagSize];
        using var aes = new AesGcm(_encryptionKey, TagSize);
        aes.Decrypt(nonce, sealedBytes[..plaintext.Length], sealedBytes[plaintext.Length..], plaintext, associatedData);
        return plaintext;
    }

    private static byte[] PersonalAad(long sequence, Guid id)
    {
        var aad = new byte[PersonalLabel.Length + 8 + 16];
        PersonalLabel.CopyTo(aad, 0);
        BinaryPrimitives.WriteInt64BigEndian(aad.AsSpan(PersonalLabel.Length), sequence);
        id.TryWriteBytes(aad.AsSpan(PersonalLabel.Length + 8), bigEndian: true, out _);
        return aad;
    }

    private static byte[] PersonalPlaintext(PersonalFields personal)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("cardNumber", personal.CardNumber);
            writer.WriteString("ssn", personal.Ssn);
            writer.WriteString("name", personal.Name);
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static string? Optional(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
