namespace CardBridge.Iso7816;

/// <summary>Bytes that are not well-formed BER-TLV; the message names the offset where parsing stopped.</summary>
public sealed class TlvFormatException(string message, int offset) : Iso7816Exception($"{message} at offset {offset}")
{
    /// <summary>Offset into the input where the malformed object starts or ends.</summary>
    public int Offset { get; } = offset;
}
