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
        return new Command("health", "Ask the service whether it is serving; prints SERVING or NOT_SERVING and exits 1 unless serving") { service }
            .WithServiceAction(console, async run =>
            {
                var client = new Health.HealthClient(run.Invoker);
                var response = await client.CheckAsync(new HealthCheckRequest { Service = run.ParseResult.GetValue(service) ?? "" }, run.Unary());
                var serving = response.Status == HealthCheckResponse.Types.ServingStatus.Serving;
                return await run.ReplyAsync(response, Name(response.Status), serving ? ExitCodes.Ok : ExitCodes.CallFailed);
            });
    }

    private static string Name(HealthCheckResponse.Types.ServingStatus status) => status switch
    {
        HealthCheckResponse.Types.ServingStatus.Serving => "SERVING",
        HealthCheckResponse.Types.ServingStatus.NotServing => "NOT_SERVING",
        HealthCheckResponse.Types.ServingStatus.ServiceUnknown => "SERVICE_UNKNOWN",
        _ => "UNKNOWN",
    };
}
