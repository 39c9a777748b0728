namespace CardBridge.Cli.Client;

/// <summary>The resolved client options of one invocation.</summary>
internal sealed record ConnectionSettings(
    string Endpoint,
    string? ApiKey,
    bool Json,
    TimeSpan CallTimeout,
    string? CaCertFile,
    string? ClientCertFile,
    string? ClientKeyFile)
{
    /// <summary>Leaves the key out, so a settings object in a log or exception never shows it.</summary>
    public override string ToString() => $"{Endpoint} (api key {(ApiKey is null ? "none" : "set")}, json {Json}, timeout {CallTimeout})";
}
