using System.Text;

namespace CardBridge.Qr.Sources;

/// <summary>
/// Cuts a scanner's byte stream into lines. Memory is bounded by <see cref="QrFramingOptions.MaxLineLength"/>: once a
/// line outgrows it the framer only counts its bytes until the suffix and reports it as too long. Empty lines are
/// ignored (scanners send them for a bare trigger press). Never throws for any input.
/// </summary>
internal sealed class LineFramer
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly QrLineSuffix _suffix;
    private readonly string _prefix;
    private readonly byte[] _buffer;
    private int _count;
    private long _overflowLength;
    private bool _overflowing;
    private bool _pendingCarriageReturn;

    public LineFramer(QrFramingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _suffix = options.Suffix;
        _prefix = options.Prefix;
        _buffer = new byte[options.MaxLineLength];
    }

    /// <summary>Whether bytes of an unfinished line are held (or being counted).</summary>
    public bool HasPartialLine => _count > 0 || _overflowing || _pendingCarriageReturn;

    /// <summary>Feeds bytes; every line they complete is added to <paramref name="lines"/>.</summary>
    public void Push(ReadOnlySpan<byte> data, List<FramedLine> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        foreach (var b in data)
        {
            switch (_suffix)
            {
                case QrLineSuffix.CarriageReturn when b == (byte)'\r':
                case QrLineSuffix.LineFeed when b == (byte)'\n':
                    EndLine(lines);
                    break;
                case QrLineSuffix.CarriageReturnLineFeed:
                    PushCrLf(b, lines);
                    break;
                default:
                    Append(b);
                    break;
            }
        }
    }

    /// <summary>Ends the unfinished line (idle timeout with no suffix); its pending bytes become a line.</summary>
    public void Flush(List<FramedLine> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        if (_pendingCarriageReturn)
        {
            _pendingCarriageReturn = false;
            Append((byte)'\r');
        }
        EndLine(lines);
    }

    /// <summary>Forgets the unfinished line (the device was lost mid-line).</summary>
    public void Reset()
    {
        _count = 0;
        _overflowing = false;
        _overflowLength = 0;
        _pendingCarriageReturn = false;
    }

    private void PushCrLf(byte b, List<FramedLine> lines)
    {
        if (_pendingCarriageReturn)
        {
            _pendingCarriageReturn = false;
            if (b == (byte)'\n')
            {
                EndLine(lines);
                return;
            }
            Append((byte)'\r');
        }
        if (b == (byte)'\r')
        {
            _pendingCarriageReturn = true;
        }
        else
        {
            Append(b);
        }
    }

    private void Append(byte b)
    {
        if (_overflowing)
        {
            _overflowLength++;
            return;
        }
        if (_count == _buffer.Length)
        {
            _overflowing = true;
            _overflowLength = _count + 1L;
            _count = 0;
            return;
        }
        _buffer[_count++] = b;
    }

    private void EndLine(List<FramedLine> lines)
    {
        if (_overflowing)
        {
            lines.Add(FramedLine.Rejected(QrLineRejection.TooLong, _overflowLength));
        }
        else if (_count > 0 && Decode(_buffer.AsSpan(0, _count)) is { } line)
        {
            lines.Add(line);
        }
        Reset();
    }

    private FramedLine? Decode(ReadOnlySpan<byte> line)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(line);
        }
        catch (DecoderFallbackException)
        {
            return FramedLine.Rejected(QrLineRejection.NotUtf8, line.Length);
        }
        if (_prefix.Length > 0 && text.StartsWith(_prefix, StringComparison.Ordinal))
        {
            text = text[_prefix.Length..];
        }
        return text.Length == 0 ? null : FramedLine.Accepted(text, line.Length);
    }
}
