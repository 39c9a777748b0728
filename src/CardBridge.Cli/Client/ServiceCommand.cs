using System.CommandLine;
using System.Security.Cryptography;
using CardBridge.Cli.Output;
using Grpc.Core;

namespace CardBridge.Cli.Client;

/// <summary>What one gRPC command does once its channel is open; returns the exit code.</summary>
internal delegate Task<int> ServiceAction(ServiceRun run);

/// <summary>
/// Wires a gRPC command: adds its <see cref="ClientOptions"/>, and when it runs opens the channel, runs the action and
/// turns a failed call into the error report and exit code every command shares.
/// </summary>
internal static class ServiceCommand
{
    /// <summary>
    /// Adds the client options (after the command's own, as help lists them) and the action; pass
    /// <paramref name="withCallTimeout"/> false when the command has a --timeout of its own.
    /// </summary>
    public static Command WithServiceAction(this Command command, CliConsole console, ServiceAction action, bool withCallTimeout = true)
    {
        var options = ClientOptions.AddTo(command, withCallTimeout);
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
                    return await action(new ServiceRun(connection, settings, parseResult, console, cancellationToken));
                }
                catch (Exception e) when (ServiceRun.IsInterrupted(e, cancellationToken))
                {
                    return ExitCodes.Interrupted;
                }
                catch (RpcException e)
                {
                    return await RpcErrorReport.From(e).WriteAsync(settings, console);
                }
            }
        });
        return command;
    }
}
