using System.Globalization;
using CardBridge.Cards;

namespace CardBridge.Settlement.Centre;

/// <summary>
/// <c>msgid</c> = institution code + <c>yyyyMMddHHmmss</c> (Beijing time) + 4-digit serial (DESIGN §9). The serial
/// starts at a random value so a restart within the same second does not repeat an id the centre has seen.
/// </summary>
internal sealed class MsgIdGenerator(string institutionCode, TimeProvider time, int firstSerial)
{
    private int _serial = firstSerial;

    public string Next()
    {
        var serial = (int)((uint)Interlocked.Increment(ref _serial) % 10000);
        var now = ChinaStandardTime.Of(time.GetUtcNow());
        return string.Create(CultureInfo.InvariantCulture, $"{institutionCode}{now:yyyyMMddHHmmss}{serial:D4}");
    }
}
