using CardBridge.Api.V1;

namespace CardBridge.Examples;

/// <summary>
/// What the holder does at the counter, played by the simulator (<c>SimulatorService</c>, scope <c>admin</c>, which
/// <c>cardbridge-service --simulate</c> grants loopback callers without a key). A real counter has no such calls: the
/// holder shows the phone to the scanner, taps the card or types on the PIN pad.
/// </summary>
internal sealed class SimulatedHolder(Connection simulator)
{
    private readonly SimulatorService.SimulatorServiceClient _client = new(simulator.Invoker);

    public async Task ShowCodeAsync(string scanner, QrCodeKind kind, string profile, SimulatedCode code, CancellationToken cancellationToken)
    {
        await _client.PresentCodeAsync(
            new PresentCodeRequest { Scanner = scanner, Kind = kind, Holder = profile, Code = code },
            deadline: DateTime.UtcNow.AddSeconds(10), cancellationToken: cancellationToken);
    }

    public async Task TapCardAsync(string reader, string profile, CancellationToken cancellationToken)
    {
        await _client.InsertCardAsync(
            new InsertCardRequest { Reader = reader, Profile = profile },
            deadline: DateTime.UtcNow.AddSeconds(10), cancellationToken: cancellationToken);
    }

    public async Task TypeOnPinPadAsync(string reader, string digits, CancellationToken cancellationToken)
    {
        await _client.PressKeysAsync(
            new PressKeysRequest { Reader = reader, Digits = digits },
            deadline: DateTime.UtcNow.AddSeconds(10), cancellationToken: cancellationToken);
    }
}
