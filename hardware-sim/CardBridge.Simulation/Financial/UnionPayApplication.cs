using System.Globalization;
using CardBridge.Simulation.DataElements;
using CardBridge.Simulation.FileSystem;
using CardBridge.Simulation.SocialSecurity;

namespace CardBridge.Simulation.Financial;

/// <summary>
/// The financial (PBOC/UnionPay debit) application of a social security card, reduced to what a payout
/// terminal reads (DESIGN §8): a DF selectable by AID <c>A000000333010101</c> whose SFI 1 record 1 is the
/// EMV record template <c>70 { 5A PAN, 5F24 expiry YYMMDD }</c>, read with <c>00 B2 01 0C</c>. The PAN is
/// compressed numeric (BCD, right-padded with F when its length is odd).
/// </summary>
internal static class UnionPayApplication
{
    /// <summary>The UnionPay debit application identifier.</summary>
    public static readonly ReadOnlyMemory<byte> Aid = Convert.FromHexString("A000000333010101");

    /// <summary>A synthetic Luhn-valid PAN for the default card: not a real account.</summary>
    public const string DefaultPan = "6217990007000001";

    /// <summary>SFI of the record file carrying PAN and expiry.</summary>
    public const byte RecordSfi = 0x01;

    /// <summary>The application DF for <paramref name="pan"/> (12–19 digits) and <paramref name="expiry"/>, stored as given (no Luhn check: tests need bad PANs too).</summary>
    public static DfSpec Df(string pan, DateOnly expiry)
    {
        ArgumentNullException.ThrowIfNull(pan);
        if (pan.Length is < 12 or > 19 || !pan.All(char.IsAsciiDigit))
        {
            throw new ArgumentException("a PAN has 12 to 19 digits", nameof(pan));
        }
        var panBytes = Bcd.Encode(pan, (pan.Length + 1) / 2);
        var expiryBytes = Bcd.Encode(expiry.ToString("yyMMdd", CultureInfo.InvariantCulture), 3);
        byte[] body = [0x5A, (byte)panBytes.Length, .. panBytes, 0x5F, 0x24, (byte)expiryBytes.Length, .. expiryBytes];
        byte[] record = [0x70, (byte)body.Length, .. body];
        var file = new EfSpec(null, RecordSfi, EfKind.Record, Tlv: true, AccessRule.Always, AccessRule.Denied, [record], [], 0);
        return new DfSpec(default, Aid, null, [file]);
    }
}
