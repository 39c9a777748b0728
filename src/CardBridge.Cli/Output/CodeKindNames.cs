using CardBridge.Api.V1;

namespace CardBridge.Cli.Output;

/// <summary>QR code kinds as the command line names them in tables, event lines and <c>sim present-code --kind</c>.</summary>
internal static class CodeKindNames
{
    /// <summary>The <c>--kind</c> words, in the order help lists them.</summary>
    public static IReadOnlyList<(string Word, QrCodeKind Kind)> Words { get; } =
    [
        ("evoucher", QrCodeKind.EVoucher),
        ("essc", QrCodeKind.ESocialSecurityCard),
        ("transit", QrCodeKind.Transit),
    ];

    public static string Display(QrCodeKind kind) => kind switch
    {
        QrCodeKind.EVoucher => "e-voucher",
        QrCodeKind.ESocialSecurityCard => "e-SSC",
        QrCodeKind.Transit => "transit",
        _ => "unrecognised",
    };
}
