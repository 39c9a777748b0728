using System.ComponentModel.DataAnnotations;
using System.IO.Ports;
using Microsoft.Extensions.Logging;

namespace CardBridge.Qr.Sources;

/// <summary>
/// A serial / USB-CDC scanner read through <see cref="SerialPort"/>. When the port disappears (unplugged, the pty's
/// owner gone) it is reopened by path with a capped backoff, so a stable symlink brings a re-plugged scanner back.
/// </summary>
public sealed class SerialQrSource : ScanLoopQrSource
{
    /// <summary>Creates the source (not started).</summary>
    /// <exception cref="ValidationException"><paramref name="options"/> is invalid.</exception>
    public SerialQrSource(SerialQrSourceOptions options, TimeProvider time, ILogger<SerialQrSource> logger)
        : base(OptionsAnnotations.Checked(options).Name, new ScanLoop(options.Name, _ => Task.FromResult<IScanInput>(Open(options)),
            reopenAtEnd: true, options.Framing, options.Reconnect, time, logger))
    {
    }


    private static StreamScanInput Open(SerialQrSourceOptions options)
    {
        var port = new SerialPort(options.PortPath, options.BaudRate, options.Parity, options.DataBits, options.StopBits)
        {
            Handshake = Handshake.None,
            ReadTimeout = SerialPort.InfiniteTimeout,
        };
        try
        {
            var presence = DevicePresence.Capture(options.PortPath, options.PresenceCheckInterval);
            port.Open();
            return new StreamScanInput(port.BaseStream, port, presence);
        }
        catch
        {
            port.Dispose();
            throw;
        }
    }
}
