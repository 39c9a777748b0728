using System.Buffers.Binary;

namespace CardBridge.Cards.Pin;

/// <summary>
/// The features a reader reports for CM_IOCTL_GET_FEATURE_REQUEST (PC/SC part 10 §2.2): a list of
/// <c>tag (1) ‖ length 4 ‖ control code (4, big-endian)</c>.
/// </summary>
public sealed class ReaderFeatures
{
    /// <summary>FEATURE_VERIFY_PIN_DIRECT.</summary>
    public const byte VerifyPinDirectTag = 0x06;

    /// <summary>FEATURE_MODIFY_PIN_DIRECT.</summary>
    public const byte ModifyPinDirectTag = 0x07;

    private readonly Dictionary<byte, uint> _codes;

    private ReaderFeatures(Dictionary<byte, uint> codes)
    {
        _codes = codes;
    }

    /// <summary>The control code of FEATURE_VERIFY_PIN_DIRECT, or null when the reader has no PIN pad.</summary>
    public uint? VerifyPinDirect => ControlCode(VerifyPinDirectTag);

    /// <summary>The control code of FEATURE_MODIFY_PIN_DIRECT, or null.</summary>
    public uint? ModifyPinDirect => ControlCode(ModifyPinDirectTag);

    /// <summary>The tags of every feature the reader reports, in ascending order.</summary>
    public IReadOnlyList<byte> Tags => [.. _codes.Keys.Order()];

    /// <summary>The control code of feature <paramref name="tag"/>, or null.</summary>
    public uint? ControlCode(byte tag) => _codes.TryGetValue(tag, out var code) ? code : null;

    /// <summary>Parses the reader's answer; a malformed list raises <see cref="CardDataException"/>.</summary>
    public static ReaderFeatures Parse(ReadOnlySpan<byte> tlvs)
    {
        var codes = new Dictionary<byte, uint>();
        while (!tlvs.IsEmpty)
        {
            if (tlvs.Length < 6 || tlvs[1] != 4)
            {
                throw new CardDataException("the reader's feature list is not a list of tag ‖ 04 ‖ 4-byte control code");
            }
            codes[tlvs[0]] = BinaryPrimitives.ReadUInt32BigEndian(tlvs[2..6]);
            tlvs = tlvs[6..];
        }
        return new ReaderFeatures(codes);
    }

    /// <summary>Asks <paramref name="reader"/> for its features.</summary>
    public static async Task<ReaderFeatures> DiscoverAsync(IReaderControl reader, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return Parse(await reader.ControlAsync(reader.GetFeatureRequestCode, ReadOnlyMemory<byte>.Empty, cancellationToken));
    }
}
