using CardBridge.Api.V1;
using CardBridge.Cards.Pin;
using CardBridge.HardwareSim.PinPad;
using CardBridge.HardwareSim.Profiles;
using CardBridge.HardwareSim.Readers;
using CardBridge.Service.Configuration;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace CardBridge.Service.Api;

/// <summary>SimulatorService: insert and remove simulated cards; mapped only in simulator mode.</summary>
internal sealed class SimulatorApi(SimulatedReaderBank bank, IOptions<SimulationOptions> options) : SimulatorService.SimulatorServiceBase
{
    public override Task<ListProfilesResponse> ListProfiles(ListProfilesRequest request, ServerCallContext context) =>
        Task.FromResult(new ListProfilesResponse { Profiles = { CardProfiles.Names.Where(IsPersonCard) } });

    public override Task<InsertCardResponse> InsertCard(InsertCardRequest request, ServerCallContext context)
    {
        RequireReader(request.Reader);
        if (!CardProfiles.Names.Contains(request.Profile, StringComparer.Ordinal) || !IsPersonCard(request.Profile))
        {
            throw RpcErrors.InvalidRequest("profile", $"unknown profile (known: {string.Join(", ", CardProfiles.Names.Where(IsPersonCard))})");
        }
        bank.Remove(request.Reader);
        bank.Insert(request.Reader, CardProfiles.Load(request.Profile));
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
