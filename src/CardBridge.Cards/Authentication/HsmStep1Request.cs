using CardBridge.Cards.Interop;
using CardBridge.Crypto;

namespace CardBridge.Cards.Authentication;

/// <summary>
/// Step 1 of the remote-HSM check: what the terminal read from the card and sends to the HSM (the fields of
/// <c>iReadCardBas_HSM_Step1</c>'s output, DESIGN §8). The card's own internal-authentication answer stays on the
/// terminal, which compares it with the HSM's result in step 2.
/// </summary>
/// <param name="CardIdentificationCode">EF05 tag 01 (16 bytes): the HSM derives the card keys from it.</param>
/// <param name="Algorithm">The SSSE algorithm: SM4 for third-generation cards, 3DES for second.</param>
/// <param name="AtrHistoricalBytes">The card ATR's historical bytes.</param>
/// <param name="InternalAuthInput">The diversification input sent in INTERNAL AUTHENTICATE (8 bytes).</param>
/// <param name="InternalAuthData">The terminal's random sent in INTERNAL AUTHENTICATE (8 bytes).</param>
/// <param name="ExternalAuthInput">The card's GET CHALLENGE answer (8 bytes) the RKSSSE cryptogram must encipher.</param>
public sealed record HsmStep1Request(
    ReadOnlyMemory<byte> CardIdentificationCode,
    CardAlgorithm Algorithm,
    ReadOnlyMemory<byte> AtrHistoricalBytes,
    ReadOnlyMemory<byte> InternalAuthInput,
    ReadOnlyMemory<byte> InternalAuthData,
    ReadOnlyMemory<byte> ExternalAuthInput)
{
    /// <summary>The issuing region code (6 digits): the first 3 BCD bytes of the card identification code.</summary>
    public string RegionCode => Convert.ToHexString(CardIdentificationCode.Span[..3]);

    /// <summary>
    /// The standard interface's step-1 output (<see cref="StandardReaderFormat.HsmStep1(ReadOnlyMemory{byte}, ReadOnlyMemory{byte}, CardAlgorithm, HsmChallenge)"/>):
    /// the external-authentication key is diversified with the same card factor as the internal one, and its data
    /// is the card's challenge.
    /// </summary>
    public string ToStandardFormat() => StandardReaderFormat.HsmStep1(
        CardIdentificationCode,
        AtrHistoricalBytes,
        Algorithm,
        new HsmChallenge(InternalAuthInput, InternalAuthData, InternalAuthInput, ExternalAuthInput));

    /// <summary>Shows the region, algorithm and lengths only.</summary>
    public override string ToString() => $"HsmStep1Request {{ Region = {RegionCode}, Algorithm = {Algorithm} }}";
}

/// <summary>Step 2 of the remote-HSM check: the HSM's answer the terminal applies.</summary>
/// <param name="InternalAuthResult">E(K_card internal, <see cref="HsmStep1Request.InternalAuthData"/>): the card's answer must equal it.</param>
/// <param name="ExternalCryptogram">E(RKSSSE_card, challenge): sent in EXTERNAL AUTHENTICATE.</param>
public sealed record HsmStep2Response(ReadOnlyMemory<byte> InternalAuthResult, ReadOnlyMemory<byte> ExternalCryptogram)
{
    /// <summary>Hides the cryptograms.</summary>
    public override string ToString() => "HsmStep2Response { … }";
}
