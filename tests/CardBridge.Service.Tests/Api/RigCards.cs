using CardBridge.Service.Hosting;
using CardBridge.Simulation.Cards;
using CardBridge.Terminal;
using Google.Rpc;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace CardBridge.Service.Tests.Api;

/// <summary>Card handling for API tests: swap the card in a reader and wait until the service has seen it.</summary>
internal static class RigCards
{
    public const string Pin = "123456";

    private static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Puts <paramref name="card"/> in the empty <paramref name="reader"/> and returns its session id once pre-read.</summary>
    public static async Task<string> PutCardAsync(this ServiceRig rig, string reader, ISimulatedCard card)
    {
        using var timeout = new CancellationTokenSource(EventTimeout);
        var events = Terminal(rig).WatchAsync(timeout.Token);
        rig.Bank.Insert(reader, card);
        await foreach (var change in events)
        {
            if (change is SessionReadyEvent ready && ready.Session.Reader == reader)
            {
                return ready.Session.Id.ToString();
            }
        }
        throw new InvalidOperationException("the terminal stopped");
    }

    /// <summary>Replaces the card in <paramref name="reader"/> (which holds one) by <paramref name="card"/>; returns the new session id.</summary>
    public static async Task<string> SwapCardAsync(this ServiceRig rig, string reader, ISimulatedCard card)
    {
        await rig.TakeCardAsync(reader);
        return await rig.PutCardAsync(reader, card);
    }

    /// <summary>Takes the card out of <paramref name="reader"/> (which must hold a readable card) and waits until the service has ended its session.</summary>
    public static async Task TakeCardAsync(this ServiceRig rig, string reader)
    {
        // Until the terminal has the card's session it may not have seen the card at all, and then never reports it gone.
        await rig.SessionInAsync(reader);
        using var timeout = new CancellationTokenSource(EventTimeout);
        var events = Terminal(rig).WatchAsync(timeout.Token);
        rig.Bank.Remove(reader);
        await foreach (var change in events)
        {
            if (change is CardRemovedEvent removed && removed.Reader == reader)
            {
                return;
            }
        }
    }

    /// <summary>The session id of the card the simulator put in reader 0 at start.</summary>
    public static Task<string> InitialSessionAsync(this ServiceRig rig) => rig.SessionInAsync(ServiceRig.Reader0);

    public static ErrorInfo InfoOf(RpcException error) =>
        error.GetRpcStatus()?.GetDetail<ErrorInfo>() ?? throw new Xunit.Sdk.XunitException($"no ErrorInfo in {error.Status}");

    /// <summary>Asserts <paramref name="error"/> is <paramref name="code"/> with reason <paramref name="reason"/>; returns its ErrorInfo.</summary>
    public static ErrorInfo AssertError(RpcException error, StatusCode code, string reason)
    {
        Assert.Equal(code, error.StatusCode);
        var info = InfoOf(error);
        Assert.Equal("cardbridge.v1", info.Domain);
        Assert.Equal(reason, info.Reason);
        return info;
    }

    private static CardTerminal Terminal(ServiceRig rig) => rig.Services.GetRequiredService<TerminalHost>().Terminal;
}
