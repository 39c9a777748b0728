using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace CardBridge.HardwareSim.Tests.Vpcd;

/// <summary>Plays pcscd's vpcd driver: listens on a loopback port and accepts the card's connections.</summary>
internal sealed class FakeVpcd : IDisposable
{
    private readonly TcpListener _listener;

    private FakeVpcd(TcpListener listener)
    {
        _listener = listener;
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public int Port { get; }

    /// <summary>Listens on <paramref name="port"/>, or on a free port when it is 0.</summary>
    public static FakeVpcd Start(int port = 0)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        return new FakeVpcd(listener);
    }

    /// <summary>A loopback port on which nothing listens.</summary>
    public static int UnusedPort()
    {
        using var probe = Start();
        return probe.Port;
    }

    public async Task<VpcdPeer> AcceptAsync(CancellationToken cancellationToken)
    {
        var socket = await _listener.AcceptSocketAsync(cancellationToken);
        socket.NoDelay = true;
        return new VpcdPeer(socket);
    }

    public void Dispose() => _listener.Dispose();
}

/// <summary>pcscd's end of one card connection.</summary>
internal sealed class VpcdPeer : IDisposable
{
    public const byte PowerOff = 0x00;
    public const byte PowerOn = 0x01;
    public const byte Reset = 0x02;
    public const byte GetAtr = 0x04;

    private readonly Socket _socket;

    public VpcdPeer(Socket socket) => _socket = socket;

    /// <summary>Bytes received and not yet read.</summary>
    public int Available => _socket.Available;

    public static byte[] Frame(ReadOnlySpan<byte> payload)
    {
        var frame = new byte[2 + payload.Length];
        BinaryPrimitives.WriteUInt16BigEndian(frame, (ushort)payload.Length);
        payload.CopyTo(frame.AsSpan(2));
        return frame;
    }

    public Task SendControlAsync(byte control, CancellationToken cancellationToken) => SendRawAsync(Frame([control]), cancellationToken);

    public Task SendFrameAsync(byte[] payload, CancellationToken cancellationToken) => SendRawAsync(Frame(payload), cancellationToken);

    public async Task SendRawAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        while (!bytes.IsEmpty)
        {
            var sent = await _socket.SendAsync(bytes, SocketFlags.None, cancellationToken);
            bytes = bytes[sent..];
        }
    }

    /// <summary>The next frame's payload, or null when the card closed the connection.</summary>
    public async Task<byte[]?> ReceiveFrameAsync(CancellationToken cancellationToken)
    {
        var header = new byte[2];
        if (!await ReceiveExactlyAsync(header, cancellationToken))
        {
            return null;
        }

        var payload = new byte[BinaryPrimitives.ReadUInt16BigEndian(header)];
        return await ReceiveExactlyAsync(payload, cancellationToken) ? payload : null;
    }

    public async Task<byte[]> TransmitAsync(byte[] command, CancellationToken cancellationToken)
    {
        await SendFrameAsync(command, cancellationToken);
        return await ReceiveFrameAsync(cancellationToken) ?? throw new IOException("The card closed the connection instead of answering.");
    }

    public async Task<string> TransmitHexAsync(string commandHex, CancellationToken cancellationToken) =>
        Convert.ToHexString(await TransmitAsync(Convert.FromHexString(commandHex), cancellationToken));

    /// <summary>Waits until the card closes the connection; fails if it sends anything first.</summary>
    public async Task ExpectClosedAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[64];
        int received;
        try
        {
            received = await _socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            return;
        }

        Assert.True(received == 0, $"expected the card to close the connection, got {Convert.ToHexString(buffer, 0, received)}");
    }

    /// <summary>Closes with a TCP reset instead of an orderly close.</summary>
    public void Abort()
    {
        _socket.LingerState = new LingerOption(true, 0);
        _socket.Dispose();
    }

    public void Dispose() => _socket.Dispose();

    private async Task<bool> ReceiveExactlyAsync(Memory<byte> target, CancellationToken cancellationToken)
    {
        while (!target.IsEmpty)
        {
            var received = await _socket.ReceiveAsync(target, SocketFlags.None, cancellationToken);
            if (received == 0)
            {
                return false;
            }

            target = target[received..];
        }

        return true;
    }
}
