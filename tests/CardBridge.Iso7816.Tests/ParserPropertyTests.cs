using CardBridge.Iso7816;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace CardBridge.Iso7816.Tests;

public sealed class ParserPropertyTests
{
    [Property(MaxTest = 2000)]
    public bool CommandApdu_Parse_returns_a_value_or_ApduFormatException(byte[] bytes)
    {
        try
        {
            var apdu = CommandApdu.Parse(bytes);
            return SameCommand(apdu, CommandApdu.Parse(apdu.ToArray()));
        }
        catch (ApduFormatException)
        {
            return true;
        }
    }

    [Property(MaxTest = 2000)]
    public bool ResponseApdu_Parse_returns_a_value_or_ApduFormatException(byte[] bytes)
    {
        try
        {
            return ResponseApdu.Parse(bytes).ToArray().AsSpan().SequenceEqual(bytes);
        }
        catch (ApduFormatException)
        {
            return bytes.Length < 2;
        }
    }

    [Property(MaxTest = 5000)]
    public bool BerTlv_ParseAll_returns_objects_or_TlvFormatException(byte[] bytes)
    {
        try
        {
            BerTlv.ParseAll(bytes);
            return true;
        }
        catch (TlvFormatException)
        {
            return true;
        }
    }

    [Property(MaxTest = 2000)]
    public bool BerTlv_ParseAll_handles_TLV_shaped_noise(byte tag, byte lengthPrefix, byte[] rest)
    {
        // Bias the input towards plausible objects: constructed tags and long-form lengths.
        var bytes = new[] { (byte)(tag | 0x20), (byte)(lengthPrefix | 0x80) }.Concat(rest).ToArray();
        try
        {
            BerTlv.ParseAll(bytes);
            return true;
        }
        catch (TlvFormatException)
        {
            return true;
        }
    }

    [Property(MaxTest = 500)]
    public Property BerTlv_round_trips_generated_trees() =>
        Prop.ForAll(TreeArbitrary(), tree =>
        {
            var encoded = tree.ToArray();
            return BerTlv.ParseSingle(encoded).ToArray().AsSpan().SequenceEqual(encoded);
        });

    [Property(MaxTest = 2000)]
    public bool CommandApdu_encoding_round_trips(byte cla, byte ins, byte p1, byte p2, byte[] data, ushort ne)
    {
        var apdu = new CommandApdu(cla, ins, p1, p2, data, ne);
        return SameCommand(apdu, CommandApdu.Parse(apdu.ToArray()));
    }

    // An extended encoding of a command that fits the short form re-encodes short: compare meaning, not bytes.
    private static bool SameCommand(CommandApdu a, CommandApdu b) =>
        a.Cla == b.Cla && a.Ins == b.Ins && a.P1 == b.P1 && a.P2 == b.P2 && a.Ne == b.Ne
        && a.Data.Span.SequenceEqual(b.Data.Span);

    private static Arbitrary<BerTlv> TreeArbitrary()
    {
        var primitiveTags = Gen.Elements(0x5Au, 0x84u, 0x88u, 0x9F0Cu, 0x5F2Du, 0x01u, 0x9F8101u);
        var constructedTags = Gen.Elements(0x6Fu, 0xA5u, 0x70u, 0xBF0Cu);
        Gen<BerTlv> Tree(int depth) =>
            depth == 0
                ? primitiveTags.SelectMany(t => Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>()).Select(v => BerTlv.Primitive(t, v)))
                : Gen.OneOf(
                    Tree(0),
                    constructedTags.SelectMany(t => Gen.ListOf(Tree(depth - 1)).Select(children => BerTlv.Constructed(t, children.ToArray()))));
        return Tree(3).ToArbitrary();
    }
}
