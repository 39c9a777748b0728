using System.Globalization;
using CardBridge.Cards.Privacy;

namespace CardBridge.Cards.Financial;

/// <summary>
/// The bank account behind the card's financial application, for payouts: the PAN (masked as
/// <c>6217 **** **** 0001</c> unless the caller was entitled to it) and the expiry date. <see cref="ToString"/>
/// shows only the masked PAN, whatever <see cref="Pan"/> holds.
/// </summary>
public sealed record BankAccountReference
{
    internal BankAccountReference(string pan, bool revealed, DateOnly expiry)
    {
        MaskedPan = Masked.Pan(pan);
        Pan = revealed ? pan : MaskedPan;
        PanRevealed = revealed;
        Expiry = expiry;
    }

    /// <summary>The PAN: all digits when <see cref="PanRevealed"/>, otherwise the same as <see cref="MaskedPan"/>.</summary>
    public string Pan { get; }

    /// <summary>The PAN with only its first and last four digits, grouped by four.</summary>
    public string MaskedPan { get; }

    /// <summary>True when the caller asked for the full PAN (and was entitled to it).</summary>
    public bool PanRevealed { get; }

    /// <summary>The application expiry date (tag 5F24).</summary>
    public DateOnly Expiry { get; }

    /// <summary>True when the application has expired by <paramref name="today"/> (it is valid through its expiry date).</summary>
    public bool IsExpiredOn(DateOnly today) => today > Expiry;

    /// <summary>Never the PAN: the masked PAN and the expiry.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"BankAccountReference {{ Pan = {MaskedPan}, Expiry = {Expiry:yyyy-MM-dd} }}");
}
