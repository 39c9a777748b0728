using System.Globalization;
using System.Security.Cryptography;
using CardBridge.Crypto;
using CardBridge.Iso7816;

namespace CardBridge.Cards.Authentication;

/// <summary>
/// The genuine-card check through a PSAM in a second reader slot. The PSAM keeps the issuer master keys; for each
/// check it diversifies the key of one usage with the card's factors (INIT FOR DESCRYPT <c>80 1A usage index</c>)
/// and enciphers (CIPHER DATA <c>80 FA 00 00</c>): the card's internal-authentication random to compare with the
/// card's answer, and the card's challenge to make the RKSSSE cryptogram of EXTERNAL AUTHENTICATE.
/// A PSAM that is absent, mute, or lacks the environment or key raises <see cref="AuthenticationUnavailableException"/>.
/// </summary>
/// <param name="psam">The PSAM's channel.</param>
/// <param name="keyIndex">Where the PSAM keeps its master keys (P2 of INIT FOR DESCRYPT).</param>
/// <param name="random">Where the internal-authentication randoms come from; the system's unless given.</param>
public sealed class PsamAuthenticator(ICardChannel psam, byte keyIndex = 0x01, RandomNumberGenerator? random = null) : ICardAuthenticator
{
    /// <summary>PSAM usage code of the internal-authentication master key (P1 of INIT FOR DESCRYPT).</summary>
    public const byte InternalAuthUsage = 0x27;

    /// <summary>PSAM usage code of the RKSSSE master key (P1 of INIT FOR DESCRYPT).</summary>
    public const byte RkssseUsage = 0x28;

    private static readonly RandomNumberGenerator SystemRandom = RandomNumberGenerator.Create();

    private readonly ICardChannel _psam = psam ?? throw new ArgumentNullException(nameof(psam));
    private readonly RandomNumberGenerator _random = random ?? SystemRandom;

    /// <inheritdoc />
    public async Task<KeyAuthority> AuthenticateAsync(ICardChannel card, CardKeyContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(card);
        ArgumentNullException.ThrowIfNull(context);
        var factors = CardKeyFactors.For(context.CardIdentificationCode.Span);
        await SelectEnvironmentAsync(context.Algorithm, cancellationToken);

        var random = new byte[CardAuthCommands.ChallengeLength];
        _random.GetBytes(random);
        var answer = await CardAuthCommands.InternalAuthenticateAsync(card, CardKeyFactors.CardFactor(context.CardIdentificationCode.Span), random, cancellationToken);
        var expected = await EncipherAsync(InternalAuthUsage, factors, random, cancellationToken);
        CardAuthCommands.RequireMatch(answer, expected);

        var challenge = await CardAuthCommands.GetChallengeAsync(card, cancellationToken);
        var cryptogram = await EncipherAsync(RkssseUsage, factors, challenge, cancellationToken);
        await CardAuthCommands.ExternalAuthenticateAsync(card, cryptogram, cancellationToken);
        return KeyAuthority.Psam;
    }

    /// <summary>
    /// Reads the PSAM's terminal number (12 digits, EF with SFI 16 under the MF, as <c>iReadCardBas</c> reports it).
    /// Selects the MF first, so call it before or between authentications.
    /// </summary>
    public async Task<string> ReadTerminalNumberAsync(CancellationToken cancellationToken)
    {
        await PsamAsync(CommandApdu.SelectByFileId(0x3F00), "SELECT MF", cancellationToken);
        var data = await PsamAsync(PsamCommands.ReadTerminalNumber(), "READ BINARY terminal number", cancellationToken);
        return Convert.ToHexString(data).TrimEnd('F');
    }

    /// <summary>
    /// Diversifies the master key of <paramref name="usage"/> with <paramref name="factors"/> (8·n bytes) in the
    /// environment of <paramref name="algorithm"/>; the returned function enciphers data with that working key
    /// (one CIPHER DATA each call). Secure messaging chains a MAC through it block by block.
    /// </summary>
    internal async Task<Func<ReadOnlyMemory<byte>, CancellationToken, Task<byte[]>>> WorkingKeyAsync(
        CardAlgorithm algorithm, byte usage, ReadOnlyMemory<byte> factors, CancellationToken cancellationToken)
    {
        await SelectEnvironmentAsync(algorithm, cancellationToken);
        await InitForDescryptAsync(usage, factors, cancellationToken);
        return (data, token) => PsamAsync(PsamCommands.CipherData(data), "CIPHER DATA", token);
    }

    private async Task SelectEnvironmentAsync(CardAlgorithm algorithm, CancellationToken cancellationToken)
    {
        var aid = PsamEnvironments.Of(algorithm) ?? throw new AuthenticationUnavailableException($"the PSAM path has no environment for {algorithm}");
        await PsamAsync(CommandApdu.SelectByName(aid), $"SELECT {algorithm} environment", cancellationToken);
    }

    private async Task<byte[]> EncipherAsync(byte usage, ReadOnlyMemory<byte> factors, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        await InitForDescryptAsync(usage, factors, cancellationToken);
        return await PsamAsync(PsamCommands.CipherData(data), "CIPHER DATA", cancellationToken);
    }

    private Task<byte[]> InitForDescryptAsync(byte usage, ReadOnlyMemory<byte> factors, CancellationToken cancellationToken) =>
        PsamAsync(
            PsamCommands.InitForDescrypt(usage, keyIndex, factors),
            string.Create(CultureInfo.InvariantCulture, $"INIT FOR DESCRYPT usage {usage:X2} index {keyIndex:X2}"),
            cancellationToken);

    // Anything the PSAM cannot do (no such environment 6A82, no such key 9403, gone, mute) means this terminal
    // cannot check the card through it; it says nothing about the card. A failure of the reader itself (the PC/SC
    // service lost, the reader unplugged) is the terminal's and reaches the caller as it is.
    private async Task<byte[]> PsamAsync(CommandApdu command, string what, CancellationToken cancellationToken)
    {
        ResponseApdu response;
        try
        {
            response = await _psam.TransmitAsync(command, cancellationToken);
        }
        catch (Iso7816Exception e) when (e is not ReaderException)
        {
            throw new AuthenticationUnavailableException($"PSAM {what}: {e.Message}", e);
        }
        if (!response.StatusWord.IsNormal)
        {
            throw new AuthenticationUnavailableException($"PSAM {what}: {response.StatusWord}");
        }
        return response.Data.ToArray();
    }
}
