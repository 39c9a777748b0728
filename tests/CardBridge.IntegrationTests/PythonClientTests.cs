using System.Text.Json;
using CardBridge.IntegrationTests.Peers;

namespace CardBridge.IntegrationTests;

/// <summary>
/// A client no one here wrote the stubs of: Python code generated from protos/cardbridge/v1 by Debian's
/// python3-grpc-tools, on Debian's python3-grpcio, reads a card from the real service and decodes its errors.
/// </summary>
[Trait("Category", "Integration")]
public sealed class PythonClientTests
{
    private const string SimulatedReader = "Simulated Reader 0";

    private static string Script => Path.Combine(RepositoryRoot.Path, "tests", "peers", "grpc_read_card.py");

    [Fact]
    public async Task Python_client_generated_by_grpc_tools_reads_the_holder_and_decodes_ErrorInfo_reasons()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await using var service = await RunningService.SimulatedAsync();
        var target = $"{service.Address.Host}:{service.Address.Port}";

        var (exitCode, output, error) = await ChildProcess.RunAsync(
            "/usr/bin/python3", [Script, RepositoryRoot.Path, target, SimulatedReader], TimeSpan.FromSeconds(90), timeout.Token);

        Assert.True(exitCode == 0, $"grpc_read_card.py exited {exitCode}: {error}");
        using var report = JsonDocument.Parse(output);
        var root = report.RootElement;
        var readers = root.GetProperty("readers").EnumerateArray().ToList();
        Assert.Equal(["Simulated Reader 0", "Simulated Reader 1"], readers.Select(r => r.GetProperty("name").GetString()));
        var read = root.GetProperty("read_card");
        Assert.Equal("测试甲", read.GetProperty("holder_name").GetString());
        Assert.Equal(SimulatedReader, read.GetProperty("reader").GetString());
        Assert.Equal("CARD_KIND_THIRD_GENERATION", read.GetProperty("kind").GetString());
        Assert.Equal("GENUINENESS_VERIFIED", read.GetProperty("genuineness").GetString());
        Assert.Equal(readers[0].GetProperty("session_id").GetString(), read.GetProperty("session_id").GetString());

        var unknown = root.GetProperty("unknown_session");
        Assert.Equal("FAILED_PRECONDITION", unknown.GetProperty("code").GetString());
        Assert.Equal("CARD_REMOVED", unknown.GetProperty("reason").GetString());
        Assert.Equal("cardbridge.v1", unknown.GetProperty("domain").GetString());
        Assert.Equal(unknown.GetProperty("session_id").GetString(), unknown.GetProperty("metadata").GetProperty("session_id").GetString());

        var malformed = root.GetProperty("malformed_session");
        Assert.Equal("INVALID_ARGUMENT", malformed.GetProperty("code").GetString());
        Assert.Equal("INVALID_REQUEST", malformed.GetProperty("reason").GetString());
        Assert.Equal("target.session_id", malformed.GetProperty("metadata").GetProperty("field").GetString());
    }
}
