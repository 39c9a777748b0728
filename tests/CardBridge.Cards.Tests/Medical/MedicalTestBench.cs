using CardBridge.Cards.Authentication;
using CardBridge.Cards.Medical;
using CardBridge.Iso7816;
using CardBridge.Simulation.Profiles;
using CardBridge.Simulation.Psam;
using CardBridge.Simulation.SocialSecurity;
using CardBridge.Simulation.Transport;

namespace CardBridge.Cards.Tests.Medical;

/// <summary>A simulated social security card and PSAM in two in-process slots, with the medical reader and writer over them.</summary>
internal sealed class MedicalTestBench
{
    public const string Pin = "123456";

    public MedicalTestBench(SocialSecurityCardBuilder? card = null)
    {
        Card = (card ?? SimCard.ThirdGen()).Build();
        Psam = SimCard.Psam().Build();
        Slot = new SimulatedCardTransport(Card);
        Channel = new CountingChannel(new CardChannel(Slot));
        PsamChannel = new CardChannel(new SimulatedCardTransport(Psam));
        Verifier = new HostPinVerifier(Pin);
        PsamMac = new PsamSecureMessagingMac(PsamChannel);
        Key = new CardKeyContext(Card.CardIdentificationCode, Card.Algorithm);
    }

    public SimulatedSocialSecurityCard Card { get; }

    public SimulatedPsam Psam { get; }

    public SimulatedCardTransport Slot { get; }

    public CountingChannel Channel { get; }

    public ICardChannel PsamChannel { get; }

    public HostPinVerifier Verifier { get; }

    public PsamSecureMessagingMac PsamMac { get; }

    public CardKeyContext Key { get; }

    public MedicalRecords Records() => new(Channel, Verifier);

    public OfflineSettlementWriter Writer(ISecureMessagingMac? mac = null, ICardChannel? psam = null) =>
        new(Channel, Verifier, mac ?? PsamMac, psam ?? PsamChannel);

    public static OfflineSettlement Settlement(uint account = 1500, uint selfPay = 300, uint pooled = 2200) =>
        new("999900000001", new DateTime(2025, 3, 2, 14, 30, 5), account, selfPay, pooled);

    /// <summary>Puts the pulled card back (the card resets: PIN state and challenge are gone).</summary>
    public void Reinsert() => Slot.Insert();
}

/// <summary>Plain VERIFY with a PIN known to the test (the PIN workflow proper belongs to the PIN layer).</summary>
internal sealed class HostPinVerifier(string pin) : ICardholderVerifier
{
    public int Calls { get; private set; }

    public async Task VerifyAsync(ICardChannel card, CancellationToken cancellationToken)
    {
        Calls++;
        var bcd = Convert.FromHexString(pin.Length % 2 == 0 ? pin : pin + "F");
        var response = await card.TransmitAsync(new CommandApdu(0x00, 0x20, 0x00, 0x00, bcd), cancellationToken);
        if (!response.StatusWord.IsNormal)
        {
            throw new CardCommandException("VERIFY", response.StatusWord);
        }
    }
}

/// <summary>A verifier that proves nothing: the card must refuse the protected reads.</summary>
internal sealed class NoVerification : ICardholderVerifier
{
    public Task VerifyAsync(ICardChannel card, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Records every command the terminal sends (the channel's own 6Cxx re-issues are not counted).</summary>
internal sealed class CountingChannel(ICardChannel inner) : ICardChannel
{
    public List<CommandApdu> Commands { get; } = [];

    public Task<ResponseApdu> TransmitAsync(CommandApdu command, CancellationToken cancellationToken)
    {
        Commands.Add(command);
        return inner.TransmitAsync(command, cancellationToken);
    }
}

/// <summary>Wraps a MAC source: corrupts its MACs, or pulls the card right before a chosen write reaches it.</summary>
internal sealed class MacInterceptor(ISecureMessagingMac inner, Func<ReadOnlyMemory<byte>, bool> onMacInput, bool corrupt = false) : ISecureMessagingMac
{
    public async Task<ReadOnlyMemory<byte>> ComputeAsync(
        CardKeyContext card, ReadOnlyMemory<byte> challenge, ReadOnlyMemory<byte> macInput, CancellationToken cancellationToken)
    {
        var mac = (await inner.ComputeAsync(card, challenge, macInput, cancellationToken)).ToArray();
        if (onMacInput(macInput) && corrupt)
        {
            mac[0] ^= 0x01;
        }
        return mac;
    }

    /// <summary>True for the MAC input of UPDATE RECORD DF04 EF06 record <paramref name="record"/>.</summary>
    public static bool IsEf06Update(ReadOnlyMemory<byte> input, byte record) =>
        input.Span[1] == 0xDC && input.Span[2] == record && input.Span[3] == 0x34;

    /// <summary>True for the MAC input of APPEND RECORD DF04 EF08.</summary>
    public static bool IsEf08Append(ReadOnlyMemory<byte> input) => input.Span[1] == 0xE2 && input.Span[3] == 0x40;
}
