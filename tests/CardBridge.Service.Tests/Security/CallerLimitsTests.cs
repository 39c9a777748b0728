using CardBridge.Api.V1;
using CardBridge.Service.Configuration;
using CardBridge.Service.Security;
using CardBridge.Tests.Shared;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace CardBridge.Service.Tests.Security;

/// <summary>What one client may hold open (Limits), the refusal past it, and the once-a-minute log gate.</summary>
public sealed class CallerLimitsTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_client_past_its_stream_limit_gets_RESOURCE_EXHAUSTED_CALLER_LIMIT_REACHED_and_others_are_not_affected()
    {
        var other = new ApiKeyClient("other", "identity.basic");
        await using var rig = await ServiceRig.StartAsync([("Limits:StreamsPerClient", "2"), .. ApiKeyClient.SettingsOf(other)]);
        using var first = await WatchingAsync(rig, ServiceRig.WithKey(null, Patience));
        var second = await WatchingAsync(rig, ServiceRig.WithKey(null, Patience));

        var refused = await Assert.ThrowsAsync<RpcException>(async () => (await WatchingAsync(rig, ServiceRig.WithKey(null, Patience))).Dispose());
        using var others = await WatchingAsync(rig, ServiceRig.WithKey(other.Key, Patience));

        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        var info = refused.GetRpcStatus()?.GetDetail<Google.Rpc.ErrorInfo>();
        Assert.Equal("CALLER_LIMIT_REACHED", info?.Reason);
        Assert.Equal(CallerLimits.Streams, info?.Metadata["limit"]);

        // A stream ended gives its place back (once the service has seen the cancellation).
        second.Dispose();
        using var again = await RetryAsync(() => WatchingAsync(rig, ServiceRig.WithKey(null, Patience)));
    }

    [Fact]
    public async Task A_client_past_its_pending_await_limit_gets_RESOURCE_EXHAUSTED_CALLER_LIMIT_REACHED()
    {
        await using var rig = await ServiceRig.StartAsync(("Limits:PendingAwaitsPerClient", "1"));
        var request = new AwaitCredentialRequest { Timeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(15)), OnlyNew = true };
        using var pending = rig.Identity.AwaitCredentialAsync(request, ServiceRig.WithKey(null, Patience));
        await pending.ResponseHeadersAsync;

        var refused = await Assert.ThrowsAsync<RpcException>(async () => await rig.Identity.AwaitCredentialAsync(request, ServiceRig.WithKey(null, Patience)));

        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        var info = refused.GetRpcStatus()?.GetDetail<Google.Rpc.ErrorInfo>();
        Assert.Equal("CALLER_LIMIT_REACHED", info?.Reason);
        Assert.Equal(CallerLimits.PendingAwaits, info?.Metadata["limit"]);
    }

    [Fact]
    public void The_log_gate_lets_one_line_per_caller_through_per_minute()
    {
        var time = ManualTime.At2026();
        var gate = new CallerLogGate(time);

        Assert.True(gate.Admit("a"));
        Assert.False(gate.Admit("a"));
        Assert.True(gate.Admit("b"));
        time.Advance(CallerLogGate.Interval - TimeSpan.FromSeconds(1));
        Assert.False(gate.Admit("a"));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(gate.Admit("a"));
        Assert.False(gate.Admit("a"));
    }

    [Theory]
    [InlineData(nameof(LimitsOptions.MaxRequestBytes), 100)]
    [InlineData(nameof(LimitsOptions.MaxResponseBytes), 0)]
    [InlineData(nameof(LimitsOptions.StreamsPerClient), 0)]
    [InlineData(nameof(LimitsOptions.PendingAwaitsPerClient), -1)]
    public void A_limit_out_of_range_is_a_configuration_error_naming_its_key(string key, int value)
    {
        var options = new LimitsOptions();
        typeof(LimitsOptions).GetProperty(key)!.SetValue(options, value);

        var result = new LimitsOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains($"Limits:{key}", result.FailureMessage, StringComparison.Ordinal);
    }

    // A WatchEvents stream that has answered (its first event is the current state), so the service holds it.
    private static async Task<AsyncServerStreamingCall<ReaderEvent>> WatchingAsync(ServiceRig rig, CallOptions options)
    {
        var call = rig.Readers.WatchEvents(new WatchEventsRequest(), options);
        try
        {
            if (!await call.ResponseStream.MoveNext(CancellationToken.None))
            {
                throw new InvalidOperationException("the stream ended at once");
            }
            return call;
        }
        catch
        {
            call.Dispose();
            throw;
        }
    }

    private static async Task<T> RetryAsync<T>(Func<Task<T>> attempt)
    {
        var until = DateTime.UtcNow + Patience;
        while (true)
        {
            try
            {
                return await attempt();
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted && DateTime.UtcNow < until)
            {
                await Task.Delay(50);
            }
        }
    }
}
