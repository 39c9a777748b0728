namespace CardBridge.Cards.Interop;

/// <summary>
/// What step 1 of the remote-HSM authentication hands to the HSM besides the card's identity (the
/// <c>iReadCardBas_HSM_Step1</c> fields): the diversification input and data of the card's INTERNAL
/// AUTHENTICATE, and those of the terminal's EXTERNAL AUTHENTICATE (the card's challenge).
/// </summary>
/// <param name="InternalAuthInput">Key diversification input for internal authentication.</param>
/// <param name="InternalAuthData">The terminal's random the card enciphered.</param>
/// <param name="ExternalAuthInput">Key diversification input for external authentication (RKSSSE).</param>
/// <param name="ExternalAuthData">The card's challenge the HSM must encipher.</param>
public sealed record HsmChallenge(
    ReadOnlyMemory<byte> InternalAuthInput,
    ReadOnlyMemory<byte> InternalAuthData,
    ReadOnlyMemory<byte> ExternalAuthInput,
    ReadOnlyMemory<byte> ExternalAuthData);
