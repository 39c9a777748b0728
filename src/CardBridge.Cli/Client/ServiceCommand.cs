using System.CommandLine;
using System.Security.Cryptography;
using CardBridge.Cli.Output;
using Grpc.Core;

namespace CardBridge.Cli.Client;

/// <summary>What one gRPC command does once its channel is open.</summary>
internal delegate Task<int> ServiceAction(ServiceConnection connection, ConnectionSettings settings, ParseResult parseResult, CancellationToken cancellationToken);

/// <summary>
/// Wires a gRPC command: resolves its <see cref="ClientOptions"/>, opens the channel, runs the action and turns
/// a failed call into the error report and exit code every command shares.
/// </summary>
internal static class ServiceCommand
{
    public static void SetServiceAction(this Command command, ClientOptions options, CliConsole console, ServiceAction action)
    {
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var settings = options.Read(parseResult, console);
            ServiceConnection connection;
            try
            {
                connection = ServiceConnection.Open(settings);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or UriFormatException)
            {
                await console.Error.WriteLineAsync($"error: {e.Message}");
                return ExitCodes.Usage;
            }
            using (connection)
            {
                try
                {
                    return await action(connection, settings, parseResult, cancellationToken);
                }
                catch (Exception e) when (cancellationToken.IsCancellationRequested && e is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled })
                {
                    return ExitCodes.Interrupted;
                }
                catch (RpcException e)
                {
                    return await RpcErrorReport.From(e).WriteAsync(settings, console);
                }
            }
        });
    }
}
