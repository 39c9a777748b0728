using CardBridge.Qr.Transit;
using CardBridge.Simulation.Qr.Transit;

namespace CardBridge.Qr.Tests.Transit;

// The verifier under test trusts exactly the simulator key set's root.
internal sealed class TransitFixture
{
    public const string Account = "SIM000001";

    public TransitFixture(TimeSpan? skew = null, IEnumerable<uint>? acceptedIssuers = null)
    {
        Keys = SimTransitQrKeys.Default;
        Generator = new SimTransitQrGenerator(Keys, Time);
        Verifier = new TransitQrVerifier(
            new TransitQrOptions
            {
                RootPublicKeys = new Dictionary<byte, string>(Keys.TrustedRootPublicKeys),
                ClockSkewTolerance = skew ?? TimeSpan.FromSeconds(30),
                AcceptedIssuers = new HashSet<uint>(acceptedIssuers ?? []),
            },
            Time);
    }

    public ManualTime Time { get; } = new();

    public SimTransitQrKeys Keys { get; }

    public SimTransitQrGenerator Generator { get; }

    public TransitQrVerifier Verifier { get; }

    public string Text(SimTransitQrKind kind) => Generator.GenerateText(kind, Account);
}
