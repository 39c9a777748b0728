using CardBridge.Qr.Platform;
using CardBridge.Qr.Replay;
using CardBridge.Qr.Sources;
using CardBridge.Qr.Transit;

namespace CardBridge.Service.Configuration;

/// <summary>
/// QR scanners and how their codes are verified (section <c>Qr</c>). With no scanner configured (and none simulated)
/// the service takes cards only. Each kind of code is accepted only when its verifier is configured: e-voucher and
/// e-SSC codes with <see cref="Platform"/>, transit codes with <see cref="Transit"/>; any other code is refused as
/// QR_UNKNOWN_ISSUER.
/// </summary>
internal sealed class QrOptions
{
    public const string Section = "Qr";

    /// <summary>Serial and USB-CDC scanners (<c>Qr:Serial:0:PortPath</c> …).</summary>
    public List<SerialQrSourceOptions> Serial { get; set; } = [];

    /// <summary>Network scanners serving their codes as lines on a TCP port.</summary>
    public List<TcpQrSourceOptions> Tcp { get; set; } = [];

    /// <summary>Keyboard-wedge scanners read from a device node or pipe.</summary>
    public List<KeyboardWedgeQrSourceOptions> KeyboardWedge { get; set; } = [];

    /// <summary>How repeated reads of one code by one scanner are merged into one scan.</summary>
    public QrDebounceOptions Debounce { get; set; } = new();

    /// <summary>The e-voucher / e-SSC platforms (online verification); null: such codes are refused.</summary>
    public PlatformQrOptions? Platform { get; set; }

    /// <summary>The business codes are presented for, sent to the platform (<c>ec.query</c>).</summary>
    public QrBusinessType BusinessType { get; set; } = QrBusinessType.OutpatientSettlement;

    /// <summary>The transit code root keys (offline verification); null: transit codes are refused.</summary>
    public TransitQrOptions? Transit { get; set; }

    /// <summary>The single-use cache of accepted transit codes; it survives restarts.</summary>
    public QrReplayCacheOptions Replay { get; set; } = new() { DatabasePath = "qr/replay.db" };

    /// <summary>How long an accepted code's credential id can be quoted to other calls (settlement) after the scan.</summary>
    public TimeSpan CredentialLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long after its scan an accepted code still answers an AwaitCredential that starts later.</summary>
    public TimeSpan PresentedFor { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Most credentials kept at once; beyond it the oldest go first.</summary>
    public int MaxCredentials { get; set; } = 10_000;

    /// <summary>Codes verified at the same time per scanner; a scanner reading faster waits.</summary>
    public int MaxConcurrentVerifications { get; set; } = 4;
}
