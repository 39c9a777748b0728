using CardBridge.Crypto;
using CardBridge.Iso7816;

namespace CardBridge.Cards.Recognition;

/// <summary>
/// SELECT of the SSSE environment with its FCI (DESIGN §8): <c>6F { 84 AID, A5 { 88 01 1E, 9F0C 03 86 01 alg } }</c>.
/// The 9F0C object is primitive (bit 6 of 9F clear), so its value <c>86 01 alg</c> is decoded as TLV once more.
/// </summary>
internal sealed record SsseSelection(CardAlgorithm? Algorithm, string? NotSocialSecurityCardReason)
{
    public bool Found => NotSocialSecurityCardReason is null;

    public static async Task<SsseSelection> SelectAsync(ICardChannel channel, ReadOnlyMemory<byte> aid, CancellationToken cancellationToken)
    {
        ResponseApdu response;
        try
        {
            response = await channel.TransmitAsync(CommandApdu.SelectByName(aid), cancellationToken);
        }
        catch (ApduFormatException e)
        {
            return NotFound($"SELECT SSSE: the card's answer does not follow ISO 7816 ({e.Message})");
        }
        if (!response.StatusWord.IsNormal)
        {
            return NotFound($"SELECT SSSE answered {response.StatusWord}");
        }
        return Parse(response.Data, aid.Span);
    }

    public static SsseSelection Parse(ReadOnlyMemory<byte> fci, ReadOnlySpan<byte> aid)
    {
        BerTlv template;
        try
        {
            template = BerTlv.ParseSingle(fci);
        }
        catch (TlvFormatException e)
        {
            return NotFound($"SELECT SSSE: the FCI is not BER-TLV ({e.Message})");
        }
        if (template.Tag != 0x6F || !template.IsConstructed)
        {
            return NotFound($"SELECT SSSE: the answer is tag {template.Tag:X2}, not an FCI template (6F)");
        }
        if (template.Find(0x84) is not { } name || !name.Value.Span.SequenceEqual(aid))
        {
            return NotFound("SELECT SSSE: the FCI does not name the SSSE environment (tag 84)");
        }
        if (template.Find(0x9F0C) is not { } proprietary)
        {
            return new SsseSelection(null, null);
        }
        BerTlv? algorithmObject;
        try
        {
            algorithmObject = proprietary.IsConstructed
                ? proprietary.Find(0x86)
                : BerTlv.Find(BerTlv.ParseAll(proprietary.Value), 0x86);
        }
        catch (TlvFormatException e)
        {
            return NotFound($"SELECT SSSE: FCI tag 9F0C is not BER-TLV ({e.Message})");
        }
        if (algorithmObject is null)
        {
            return new SsseSelection(null, null);
        }
        if (algorithmObject.Value.Length != 1 || !Enum.IsDefined((CardAlgorithm)algorithmObject.Value.Span[0]))
        {
            return NotFound($"SELECT SSSE: algorithm {Convert.ToHexString(algorithmObject.Value.Span)} (FCI tag 86) is none of 01 DES, 02 SSF33, 03 SM4");
        }
        return new SsseSelection((CardAlgorithm)algorithmObject.Value.Span[0], null);
    }

    private static SsseSelection NotFound(string reason) => new(null, reason);
}
