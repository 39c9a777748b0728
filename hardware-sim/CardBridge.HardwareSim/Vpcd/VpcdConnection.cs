using System.Buffers.Binary;
using System.Net.Sockets;

namespace CardBridge.HardwareSim.Vpcd;

/// <summary>
/// One TCP connection from the card to vpcd, speaking its framing: every message either way is a 2-byte
/// big-endian length and that many payload bytes (DESIGN §7).
/// </summary>
internal sealed class VpcdConnection : IDisposable
{
    /// <summary>The largest payload a 2-byte length can announce.</summary>
    internal const int MaxPayload = ushort.MaxValue;

    private const int HeaderLength = 2;

    // Linux <netinet/tcp.h>: IPPROTO_TCP 6, TCP_QUICKACK 12.
    private const int IpProtoTcp = 6;
    private const int TcpQuickAck = 12;

    private readonly Socket _socket;
    private readonly byte[] _receiveBuffer = new byte[HeaderLength + MaxPayload];
    private readonly byte[] _sendBuffer = new byte[HeaderLength + MaxPayload];

    private VpcdConnection(Socket socket) => _socket = socket;

    /// <summary>Connects to vpcd; throws <see cref="SocketException"/> when nobody listens.</summary>
    public static async Task<VpcdConnection> ConnectAsync(string host, int port, CancellationToken cancellationToken)
    {
        // vpcd sends length and payload in two writes; without NoDelay on our side and a quick ACK of the
        // first write, Nagle and delayed ACK cost ~44 ms per APDU (DESIGN §7, latency trap).
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(host, port, cancellationToken);
            return new VpcdConnection(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reads one whole frame. Returns its payload, valid until the next receive, or null when vpcd closed or
    /// reset the connection.
    /// </summary>
    public async ValueTask<ReadOnlyMemory<byte>?> ReceiveFrameAsync(CancellationToken cancellationToken)
    {
        var header = _receiveBuffer.AsMemory(0, HeaderLength);
        if (!await ReceiveExactlyAsync(header, cancellationToken))
        {
            return null;
        }

        var length = BinaryPrimitives.ReadUInt16BigEndian(header.Span);
        var payload = _receiveBuffer.AsMemory(HeaderLength, length);
        return await ReceiveExactlyAsync(payload, cancellationToken) ? payload : null;
    }

    /// <summary>
    /// Sends one frame in a single write. Returns false when the connection is gone.
    /// </summary>
    public async ValueTask<bool> SendFrameAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(payload.Length, MaxPayload);
        BinaryPrimitives.WriteUInt16BigEndian(_sendBuffer, (ushort)payload.Length);
        payload.CopyTo(_sendBuffer.AsMemory(HeaderLength));
        var frame = _sendBuffer.AsMemory(0, HeaderLength + payload.Length);
        try
        {
            while (!frame.IsEmpty)
            {
                var sent = await _socket.SendAsync(frame, SocketFlags.None, cancellationToken);
                frame = frame[sent..];
            }

            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public void Dispose() => _socket.Dispose();

    private async ValueTask<bool> ReceiveExactlyAsync(Memory<byte> target, CancellationToken cancellationToken)
    {
        try
        {
            while (!target.IsEmpty)
            {
                ArmQuickAck();
                var received = await _socket.ReceiveAsync(target, SocketFlags.None, cancellationToken);
                if (received == 0)
                {
                    return false;
                }

                target = target[received..];
            }

            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    // The kernel clears TCP_QUICKACK after it acknowledges, so it is set again before every read.
    private void ArmQuickAck()
    {
        if (OperatingSystem.IsLinux())
        {
            Span<byte> one = stackalloc byte[sizeof(int)];
            BitConverter.TryWriteBytes(one, 1);
            _socket.SetRawSocketOption(IpProtoTcp, TcpQuickAck, one);
        }
    }
}
