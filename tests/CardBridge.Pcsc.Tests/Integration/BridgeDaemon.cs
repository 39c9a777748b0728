using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CardBridge.Pcsc.Tests.Integration;

/// <summary>
/// Asks winscard-bridge (tests/windows/bridge) to start, stop or kill the pcscd it owns, over the pass-through's
/// wire protocol (tests/windows/common/protocol.h): frames of a 32-bit little-endian length and a body; the request
/// body is the operation and its u32 timeout, the answer a u32 code (0 done, 1 refused) and a message.
/// </summary>
internal sealed class BridgeDaemon
{
    /// <summary>Where the pass-through DLL and this client find the bridge (protocol.h).</summary>
    public const string AddressVariable = "CARDBRIDGE_WINSCARD_BRIDGE";

    private const uint DaemonStart = 100;
    private const uint DaemonStop = 101;
    private const uint DaemonKill = 102;
    private static readonly TimeSpan AnswerMargin = TimeSpan.FromSeconds(10);

    private readonly IPEndPoint _bridge;

    private BridgeDaemon(IPEndPoint bridge)
    {
        _bridge = bridge;
    }

    public static BridgeDaemon FromEnvironment()
    {
        var address = Environment.GetEnvironmentVariable(AddressVariable);
        if (!IPEndPoint.TryParse(address ?? "", out var endpoint) || !IPAddress.IsLoopback(endpoint.Address))
        {
            throw new InvalidOperationException(
                $"{AddressVariable} must name winscard-bridge's loopback address (got '{address}'): run the Windows build of these tests with tests/windows/run.sh");
        }
        return new BridgeDaemon(endpoint);
    }

    public Task StartAsync(TimeSpan timeout, CancellationToken cancellationToken) => RequestAsync(DaemonStart, timeout, cancellationToken);

    public Task StopAsync(TimeSpan timeout, CancellationToken cancellationToken) => RequestAsync(DaemonStop, timeout, cancellationToken);

    public Task KillAsync(CancellationToken cancellationToken) => RequestAsync(DaemonKill, TimeSpan.FromSeconds(5), cancellationToken);

    private async Task RequestAsync(uint operation, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // The bridge bounds its own wait by the timeout (SIGKILL after a stop's timeout takes up to 5 s more).
        deadline.CancelAfter(timeout + AnswerMargin);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(_bridge, deadline.Token);

        var request = new byte[12];
        BinaryPrimitives.WriteUInt32LittleEndian(request, 8);
        BinaryPrimitives.WriteUInt32LittleEndian(request.AsSpan(4), operation);
        BinaryPrimitives.WriteUInt32LittleEndian(request.AsSpan(8), (uint)timeout.TotalMilliseconds);
        await socket.SendAsync(request, deadline.Token);

        var header = new byte[4];
        await ReceiveExactlyAsync(socket, header, deadline.Token);
        var length = BinaryPrimitives.ReadUInt32LittleEndian(header);
        if (length is < 8 or > 4096)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"winscard-bridge answered a {length}-byte frame"));
        }
        var answer = new byte[length];
        await ReceiveExactlyAsync(socket, answer, deadline.Token);
        if (BinaryPrimitives.ReadUInt32LittleEndian(answer) != 0)
        {
            var message = Encoding.UTF8.GetString(answer.AsSpan(8, (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(answer.AsSpan(4)), length - 8)));
            throw new InvalidOperationException($"winscard-bridge: {message}");
        }
    }

    private static async Task ReceiveExactlyAsync(Socket socket, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        while (!buffer.IsEmpty)
        {
            var received = await socket.ReceiveAsync(buffer, cancellationToken);
            if (received == 0)
            {
                throw new InvalidOperationException("winscard-bridge closed the connection before answering");
            }
            buffer = buffer[received..];
        }
    }
}
