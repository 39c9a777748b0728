using CardBridge.Api.V1;
using CardBridge.Cards.Pin;
using CardBridge.Service.Simulation;
using CardBridge.Simulation.PinPad;
using CardBridge.Simulation.Profiles;
using CardBridge.Simulation.Qr.Platform;
using CardBridge.Simulation.Qr.Scanner;
using CardBridge.Simulation.Qr.Transit;
using CardBridge.Simulation.Readers;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace CardBridge.Service.Api;

/// <summary>
/// SimulatorService: insert and remove simulated cards, type on simulated PIN pads, hold codes to simulated scanners;
/// mapped only in simulator mode, over what <see cref="SimulationSetup"/> plugged in.
/// </summary>
internal sealed class SimulatorApi(SimulatedReaderBank bank, IServiceProvider services, SimulatedPlatforms platforms, IOptions<SimulationOptions> options)
    : SimulatorService.SimulatorServiceBase
{
    public override Task<ListProfilesResponse> ListProfiles(ListProfilesRequest request, ServerCallContext context) =>
        Task.FromResult(new ListProfilesResponse { Profiles = { PersonProfiles() } });

    public override Task<InsertCardResponse> InsertCard(InsertCardRequest request, ServerCallContext context)
    {
        RequireReader(request.Reader);
        var known = PersonProfiles();
        if (!known.Contains(request.Profile, StringComparer.Ordinal))
        {
            throw RpcErrors.InvalidRequest("profile", $"unknown profile (known: {string.Join(", ", known)})");
        }
        bank.Remove(request.Reader);
        bank.Insert(request.Reader, CardProfiles.Load(TransitRiders.All.FirstOrDefault(r => r.Profile == request.Profile) is { } rider
            ? Path.Combine(TransitRiders.Directory, Path.GetFileName(rider.Profile) + ".json")
            : request.Profile));
        return Task.FromResult(new InsertCardResponse());
    }

    public override Task<RemoveCardResponse> RemoveCard(RemoveCardRequest request, ServerCallContext context)
    {
        RequireReader(request.Reader);
        bank.Remove(request.Reader);
        return Task.FromResult(new RemoveCardResponse());
    }

    public override Task<PressKeysResponse> PressKeys(PressKeysRequest request, ServerCallContext context)
    {
        RequireReader(request.Reader);
        KeypadEntry entry = request.EntryCase switch
        {
            PressKeysRequest.EntryOneofCase.Digits when request.Digits.Length is >= PinBuffer.MinDigits and <= PinBuffer.MaxDigits
                && request.Digits.All(char.IsAsciiDigit) => new KeypadEntry.Typed(request.Digits),
            PressKeysRequest.EntryOneofCase.Digits => throw RpcErrors.InvalidRequest("digits", $"{PinBuffer.MinDigits} to {PinBuffer.MaxDigits} digits"),
            PressKeysRequest.EntryOneofCase.Cancel when request.Cancel => new KeypadEntry.Cancelled(),
            PressKeysRequest.EntryOneofCase.TimeOut when request.TimeOut => new KeypadEntry.TimedOut(),
            _ => throw RpcErrors.InvalidRequest("entry", "give digits, cancel or time_out"),
        };
        var pad = bank.PinPadOf(request.Reader) ?? throw RpcErrors.Create(StatusCode.FailedPrecondition, ErrorReason.PinPadUnavailable,
            "the reader has no PIN pad (Simulation:PinPadReaders) or no card", (ErrorDomain.Reader, request.Reader));
        pad.Enqueue(entry);
        return Task.FromResult(new PressKeysResponse());
    }

    public override async Task<PresentCodeResponse> PresentCode(PresentCodeRequest request, ServerCallContext context)
    {
        // The simulated scanners are registered under their names (SimulationSetup).
        var scanner = services.GetKeyedService<SimulatedScanner>(request.Scanner)
            ?? throw RpcErrors.Create(StatusCode.NotFound, ErrorReason.ReaderUnavailable, "no such simulated scanner (Simulation:Scanners)",
                (ErrorDomain.Scanner, request.Scanner));
        Func<string?, string> make = request.Code switch
        {
            SimulatedCode.Replay => last => last ?? throw RpcErrors.Create(StatusCode.FailedPrecondition, ErrorReason.InvalidRequest,
                "nothing was shown to this scanner yet", (ErrorDomain.Field, "code")),
            SimulatedCode.Garbage => _ => "NOT-A-CODE-" + Guid.NewGuid().ToString("N"),
            SimulatedCode.Unspecified or SimulatedCode.Valid or SimulatedCode.Expired or SimulatedCode.Tampered => MakerFor(request),
            _ => throw RpcErrors.InvalidRequest("code", "valid, expired, tampered, replay or garbage"),
        };
        var length = await scanner.PresentAsync(make, context.CancellationToken);
        return new PresentCodeResponse { Length = length };
    }

    private Func<string?, string> MakerFor(PresentCodeRequest request)
    {
        var holders = QrPlatformHolder.FromCardProfiles();
        var holder = holders.FirstOrDefault(h => h.ProfileName == request.Holder)
            ?? throw RpcErrors.InvalidRequest("holder", $"not a card profile (known: {string.Join(", ", holders.Select(h => h.ProfileName))})");
        var code = request.Code == SimulatedCode.Unspecified ? SimulatedCode.Valid : request.Code;
        switch (request.Kind)
        {
            case QrCodeKind.Transit:
                var issuer = platforms.TransitIssuer ?? throw NotSimulated("transit codes (Qr:Transit is configured)");
                var kind = code switch
                {
                    SimulatedCode.Expired => SimTransitQrKind.Expired,
                    SimulatedCode.Tampered => SimTransitQrKind.TamperedIssuer,
                    _ => SimTransitQrKind.Valid,
                };
                return _ => issuer.GenerateText(kind, holder.CardNumber);
            case QrCodeKind.EVoucher or QrCodeKind.ESocialSecurityCard:
                var platform = platforms.QrPlatform ?? throw NotSimulated("e-voucher and e-SSC codes (Qr:Platform is configured)");
                var type = request.Kind == QrCodeKind.EVoucher ? SimQrCodeType.EVoucher : SimQrCodeType.SocialSecurityCard;
                return _ => code switch
                {
                    SimulatedCode.Expired => platform.IssueCode(type, holder.ProfileName, TimeSpan.FromMinutes(-1)),
                    SimulatedCode.Tampered => Tampered(platform.IssueCode(type, holder.ProfileName, TimeSpan.FromMinutes(1))),
                    _ => platform.IssueCode(type, holder.ProfileName, TimeSpan.FromMinutes(1)),
                };
            default:
                throw RpcErrors.InvalidRequest("kind", "e-voucher, e-SSC or transit");
        }
    }

    // One token character changed: still a well-formed code, but not one the platform issued.
    private static string Tampered(string code) => code[..^1] + (code[^1] == 'A' ? 'B' : 'A');

    private static RpcException NotSimulated(string what) =>
        RpcErrors.Create(StatusCode.FailedPrecondition, ErrorReason.InvalidRequest, $"the simulator does not make {what}", (ErrorDomain.Field, "kind"));

    // The people's cards, then the fare-gate riders (transit/…).
    private static List<string> PersonProfiles() => [.. CardProfiles.Names.Where(IsPersonCard), .. TransitRiders.All.Select(r => r.Profile)];

    // PSAM profiles belong in the PSAM slot, which the service owns.
    private static bool IsPersonCard(string profile) => !profile.StartsWith("psam", StringComparison.Ordinal);

    private void RequireReader(string reader)
    {
        if (!bank.Readers.Contains(reader, StringComparer.Ordinal) || (options.Value.Psam && reader == options.Value.PsamReader))
        {
            throw RpcErrors.Create(StatusCode.NotFound, ErrorReason.ReaderUnavailable, "no such simulated reader",
                (ErrorDomain.Reader, reader));
        }
    }
}
