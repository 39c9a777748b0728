using System.CommandLine;
using CardBridge.Cli.Client;
using CardBridge.Cli.Output;
using Grpc.Health.V1;

namespace CardBridge.Cli.Commands;

/// <summary><c>cardbridge health</c>: the standard grpc.health.v1 check.</summary>
internal static class HealthCommand
{
    public static Command Build(CliConsole console)
    {
        var service = new Option<string?>("--service") { Description = "Check this gRPC service (default: the server as a whole)" };
        var command = new Command("health", "Ask the service whether it is serving; prints SERVING or NOT_SERVING and exits 1 unless serving") { service };
        var options = ClientOptions.AddTo(command);
        command.SetServiceAction(options, console, async (connection, settings, parseResult, cancellationToken) =>
        {
            var client = new Health.HealthClient(connection.Invoker);
            var response = await client.CheckAsync(
                new HealthCheckRequest { Service = parseResult.GetValue(service) ?? "" },
                connection.Unary(cancellationToken));
            if (settings.Json)
            {
                await JsonLines.WriteAsync(console.Out, response);
            }
            else
            {
                await console.Out.WriteLineAsync(Name(response.Status));
            }
            return response.Status == HealthCheckResponse.Types.ServingStatus.Serving ? ExitCodes.Ok : ExitCodes.CallFailed;
        });
        return command;
    }

    private static string Name(HealthCheckResponse.Types.ServingStatus status) => status switch
    {
        HealthCheckResponse.Types.ServingStatus.Serving => "SERVING",
        HealthCheckResponse.Types.ServingStatus.NotServing => "NOT_SERVING",
        HealthCheckResponse.Types.ServingStatus.ServiceUnknown => "SERVICE_UNKNOWN",
        _ => "UNKNOWN",
    };
}
