using System.Text;
using CardBridge.Qr.Sources;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace CardBridge.Qr.Tests.Sources;

public sealed class LineFramerTests
{
    private static readonly QrLineSuffix[] Suffixes = Enum.GetValues<QrLineSuffix>();

    [Fact]
    public void Crlf_framing_keeps_a_lone_carriage_return_in_the_text()
    {
        var lines = Frame(new QrFramingOptions { Suffix = QrLineSuffix.CarriageReturnLineFeed }, "SIM\rQR\r\r\n");

        Assert.Equal(["SIM\rQR\r"], Texts(lines));
    }

    [Fact]
    public void Empty_lines_are_ignored()
    {
        var lines = Frame(new QrFramingOptions { Suffix = QrLineSuffix.LineFeed }, "\n\nSIMQR\n\n");

        Assert.Equal(["SIMQR"], Texts(lines));
    }

    [Fact]
    public void A_line_without_the_prefix_is_kept_whole_and_a_prefix_only_line_is_ignored()
    {
        var lines = Frame(new QrFramingOptions { Prefix = "]Q1" }, "SIMQR\r]Q1\r]Q1]Q1X\r");

        Assert.Equal(["SIMQR", "]Q1X"], Texts(lines));
    }

    [Fact]
    public void An_over_long_line_is_counted_across_chunks_and_the_next_line_is_whole()
    {
        var framer = new LineFramer(new QrFramingOptions { MaxLineLength = 4 });
        var lines = new List<FramedLine>();

        framer.Push("ABC"u8, lines);
        framer.Push("DEFG"u8, lines);
        framer.Push("H\rOK\r"u8, lines);

        Assert.Equal([FramedLine.Rejected(QrLineRejection.TooLong, 8), FramedLine.Accepted("OK", 2)], lines);
    }

    [Fact]
    public void A_line_of_exactly_the_maximum_is_accepted()
    {
        var lines = Frame(new QrFramingOptions { MaxLineLength = 4 }, "ABCD\r");

        Assert.Equal(["ABCD"], Texts(lines));
    }

    [Fact]
    public void Bytes_that_are_not_utf8_are_rejected_with_their_length()
    {
        var framer = new LineFramer(new QrFramingOptions());
        var lines = new List<FramedLine>();

        framer.Push([0x53, 0xFF, 0xFE, 0x0D], lines);

        Assert.Equal([FramedLine.Rejected(QrLineRejection.NotUtf8, 3)], lines);
    }

    [Fact]
    public void Flush_ends_a_suffixless_code_and_reset_forgets_a_partial_one()
    {
        var framer = new LineFramer(new QrFramingOptions { Suffix = QrLineSuffix.None });
        var lines = new List<FramedLine>();

        framer.Push("SIMQR"u8, lines);
        framer.Flush(lines);
        framer.Push("HALF"u8, lines);
        framer.Reset();
        framer.Flush(lines);

        Assert.Equal(["SIMQR"], Texts(lines));
        Assert.False(framer.HasPartialLine);
    }

    [Property(MaxTest = 500)]
    public void Arbitrary_bytes_never_throw_and_never_yield_a_line_over_the_maximum(byte[][] chunks, PositiveInt max, NonNegativeInt suffix, string? prefix)
    {
        var options = new QrFramingOptions
        {
            Suffix = Suffixes[suffix.Get % Suffixes.Length],
            MaxLineLength = max.Get % 64 + 1,
            Prefix = prefix ?? "",
        };
        var framer = new LineFramer(options);
        var lines = new List<FramedLine>();

        foreach (var chunk in chunks.Where(c => c is not null))
        {
            framer.Push(chunk, lines);
        }
        framer.Flush(lines);

        foreach (var line in lines)
        {
            if (line.IsAccepted)
            {
                Assert.True(line.Length <= options.MaxLineLength);
                Assert.True(Encoding.UTF8.GetByteCount(line.Text!) <= options.MaxLineLength);
                Assert.NotEmpty(line.Text!);
            }
            else
            {
                Assert.True(line.Rejection == QrLineRejection.NotUtf8 ? line.Length <= options.MaxLineLength : line.Length > options.MaxLineLength);
            }
        }
    }

    [Property(MaxTest = 300)]
    public Property Framed_codes_come_back_whole_however_the_stream_is_split()
    {
        var code = Gen.Elements("SIMQR-0123456789ABCDEFabcdef+/=测试甲".ToCharArray())
            .ArrayOf().Where(chars => chars.Length is > 0 and < 40).Select(chars => new string(chars));
        var input =
            from codes in code.NonEmptyListOf()
            from suffix in Gen.Elements(QrLineSuffix.CarriageReturn, QrLineSuffix.LineFeed, QrLineSuffix.CarriageReturnLineFeed)
            from chunkSize in Gen.Choose(1, 7)
            select (Codes: codes, Suffix: suffix, ChunkSize: chunkSize);
        return Prop.ForAll(input.ToArbitrary(), t =>
        {
            var terminator = t.Suffix switch
            {
                QrLineSuffix.CarriageReturn => "\r",
                QrLineSuffix.LineFeed => "\n",
                _ => "\r\n",
            };
            var bytes = Encoding.UTF8.GetBytes(string.Concat(t.Codes.Select(c => c + terminator)));
            var framer = new LineFramer(new QrFramingOptions { Suffix = t.Suffix, MaxLineLength = 256 });
            var lines = new List<FramedLine>();
            foreach (var chunk in bytes.Chunk(t.ChunkSize))
            {
                framer.Push(chunk, lines);
            }
            return Texts(lines).SequenceEqual(t.Codes);
        });
    }

    private static List<FramedLine> Frame(QrFramingOptions options, string input)
    {
        var framer = new LineFramer(options);
        var lines = new List<FramedLine>();
        framer.Push(Encoding.UTF8.GetBytes(input), lines);
        return lines;
    }

    private static string[] Texts(IEnumerable<FramedLine> lines) => [.. lines.Select(l => l.Text ?? $"<{l.Rejection}>")];
}
