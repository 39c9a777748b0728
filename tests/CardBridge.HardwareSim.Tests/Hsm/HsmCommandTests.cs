using System.CommandLine;
using System.Net;
using System.Net.Http;
using CardBridge.HardwareSim.Hsm;
using CardBridge.HardwareSim.Tests.Qr;

namespace CardBridge.HardwareSim.Tests.Hsm;

/// <summary><c>cardbridge-sim hsm</c>: the platform's address on stdout, faults switched from stdin.</summary>
[Trait("Category", "Integration")]
public sealed class HsmCommandTests
{
    private static readonly HttpClient Http = new();

    [Fact]
    public async Task Platform_started_down_listens_once_the_fault_is_cleared_and_counts_what_reached_it()
    {
        var console = new ConsoleLines();
        using var stop = new CancellationTokenSource();
        var run = new RootCommand { HsmCommand.Create(console.Input) }
            .Parse(["hsm", "--port", "0", "--fault", "down"])
            .InvokeAsync(new InvocationConfiguration { Output = console.Output, Error = console.Output }, stop.Token);
        var listening = await console.NextPrintedAsync();
        Assert.Matches(@"^listening http://127\.0\.0\.1:\d+/hsm/v1/authenticate$", listening);
        var uri = new Uri(listening["listening ".Length..]);
        Assert.Equal(HsmCommand.Help, await console.NextPrintedAsync());

        await Assert.ThrowsAsync<HttpRequestException>(() => PostAsync(uri));
        console.Type("clear");
        Assert.Equal("ok", await console.NextPrintedAsync());
        Assert.Equal(HttpStatusCode.BadRequest, await PostAsync(uri));
        console.Type("fault 5xx");
        Assert.Equal("ok", await console.NextPrintedAsync());
        Assert.Equal(HttpStatusCode.InternalServerError, await PostAsync(uri));
        console.Type("requests");
        Assert.Equal("2", await console.NextPrintedAsync());
        console.Type("fault sideways");
        Assert.Equal("error: " + HsmCommand.Help, await console.NextPrintedAsync());

        await stop.CancelAsync();
        Assert.Equal(0, await run.WaitAsync(PtyPair.Timeout));
    }

    private static async Task<HttpStatusCode> PostAsync(Uri uri)
    {
        using var content = new StringContent("{}");
        using var response = await Http.PostAsync(uri, content);
        return response.StatusCode;
    }
}
