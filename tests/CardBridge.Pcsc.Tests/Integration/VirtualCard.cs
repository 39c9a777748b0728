using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace CardBridge.Pcsc.Tests.Integration;

/// <summary>
/// A minimal card on vpcd's wire protocol (the card is the TCP client; every message is a 2-byte big-endian
/// length and a payload; a 1-byte payload from pcscd is a control byte). Answers every APDU with 9000 unless
/// told to vanish on the next one. The full simulator lives in hardware-sim.
/// </summary>
internal sealed class VirtualCard : IAsyncDisposable
{
    public const int Reader0Port = 35963;
    public const int Reader1Port = 35964;

    // SocketOptionName has no TCP_QUICKACK, and .NET rejects unknown names: set it raw (IPPROTO_TCP 6, option 12).
    private const int IpProtoTcp = 6;
    private const int TcpQuickAck = 12;
    private static readonly byte[] One = BitConverter.GetBytes(1);

    private readonly Socket _socket;
    private readonly byte[] _atr;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _apduSeen = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _serving = Task.CompletedTask;

    private VirtualCard(Socket socket, byte[] atr)
    {
        _socket = socket;
        _atr = atr;
    }

    /// <summary>When set, the card closes its socket on the next APDU instead of answering (pulled mid-command).</summary>
    public bool VanishOnNextApdu { get; set; }

    /// <summary>Completes when the card has received its first APDU.</summary>
    public Task ApduSeen => _apduSeen.Task;

    public static async Task<VirtualCard> InsertAsync(int port, byte[] atr, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
                var card = new VirtualCard(socket, atr);
                card._serving = card.ServeAsync();
                return card;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                socket.Dispose();
                await Task.Delay(50); // vpcd opens its port after pcscd loads the driver: nothing to await on
            }
        }
    }

    /// <summary>Pulls the card: closes the socket.</summary>
    public async Task RemoveAsync()
    {
        await _stop.CancelAsync();
        _socket.Close();
        try
        {
            await _serving;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // the socket was closed under the pending read
        }
    }

    public async ValueTask DisposeAsync()
    {
        await RemoveAsync();
        _stop.Dispose();
        _socket.Dispose();
    }

    private async Task ServeAsync()
    {
        var header = new byte[2];
        while (!_stop.IsCancellationRequested)
        {
            if (!await ReadExactlyAsync(header))
            {
                return;
            }
            var payload = new byte[BinaryPrimitives.ReadUInt16BigEndian(header)];
            if (!await ReadExactlyAsync(payload))
            {
                return;
            }
            if (payload.Length == 1)
            {
                if (payload[0] == 0x04)
                {
                    await SendAsync(_atr);
                }
                continue; // 00 power off, 01 power on, 02 reset: no reply
            }
            _apduSeen.TrySetResult();
            if (VanishOnNextApdu)
            {
                _socket.Close();
                return;
            }
            await SendAsync([0x90, 0x00]);
        }
    }

    private async Task<bool> ReadExactlyAsync(byte[] buffer)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            // Linux delayed ACK would cost ~40 ms per APDU (vpcd writes length and payload separately);
            // TCP_QUICKACK is not sticky, so re-arm it before every read.
            _socket.SetRawSocketOption(IpProtoTcp, TcpQuickAck, One);
            var n = await _socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, _stop.Token);
            if (n == 0)
            {
                return false;
            }
            read += n;
        }
        return true;
    }

    private async Task SendAsync(byte[] payload)
    {
        var frame = new byte[2 + payload.Length];
        BinaryPrimitives.WriteUInt16BigEndian(frame, (ushort)payload.Length);
        payload.CopyTo(frame, 2);
        await _socket.SendAsync(frame, SocketFlags.None, _stop.Token);
    }
}
