namespace CardBridge.Cli.Tests.Fakes;

/// <summary>
/// The real <c>cardbridge-service --simulate</c>, run from its build output as a child process (<see cref="ServiceProcess"/>)
/// on a loopback port it picks itself, with its logs, audit, journal and replay cache in a temporary directory. Readers
/// "Simulated Reader 0/1" (a third-gen card in 0), scanner "Simulated Scanner", local callers with identity.basic,
/// identity.full, pin and admin unless <c>--Section:Key=value</c> settings say otherwise.
/// </summary>
internal sealed class SimulatedService : IAsyncDisposable
{
    public const string Reader0 = "Simulated Reader 0";
    public const string Reader1 = "Simulated Reader 1";
    public const string Scanner = "Simulated Scanner";

    private readonly ServiceProcess _process;

    private SimulatedService(ServiceProcess process) => _process = process;

    /// <summary>The plaintext loopback endpoint, e.g. <c>http://127.0.0.1:40123</c>.</summary>
    public string Address => _process.Address.GetLeftPart(UriPartial.Authority);

    /// <summary>Starts the service and returns once it answers a health check.</summary>
    public static async Task<SimulatedService> StartAsync(params string[] settings)
    {
        var process = ServiceProcess.Start(["--simulate", .. settings]);
        try
        {
            await process.ServingAsync();
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
        return new SimulatedService(process);
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
