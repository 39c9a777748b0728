using System.Text;

namespace CardBridge.Pcsc.Native;

/// <summary>
/// PC/SC multi-strings: names separated by NUL and ended by an empty name (a double NUL). Parsing stops at
/// the first empty name or at the end of the buffer, whichever comes first, so a missing terminator is tolerated.
/// </summary>
internal static class MultiString
{
    public static string[] ParseUtf8(ReadOnlySpan<byte> buffer)
    {
        var names = new List<string>();
        while (!buffer.IsEmpty)
        {
            var end = buffer.IndexOf((byte)0);
            var name = end < 0 ? buffer : buffer[..end];
            if (name.IsEmpty)
            {
                break;
            }
            names.Add(Encoding.UTF8.GetString(name));
            buffer = end < 0 ? default : buffer[(end + 1)..];
        }
        return [.. names];
    }

    public static string[] ParseUtf16(ReadOnlySpan<char> buffer)
    {
        var names = new List<string>();
        while (!buffer.IsEmpty)
        {
            var end = buffer.IndexOf('\0');
            var name = end < 0 ? buffer : buffer[..end];
            if (name.IsEmpty)
            {
                break;
            }
            names.Add(name.ToString());
            buffer = end < 0 ? default : buffer[(end + 1)..];
        }
        return [.. names];
    }
}
