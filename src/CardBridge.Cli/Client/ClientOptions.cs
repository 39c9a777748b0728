using System.CommandLine;
using CardBridge.Cli.Output;

namespace CardBridge.Cli.Client;

/// <summary>
/// The options every gRPC command takes: where the service is, how to authenticate to it, how to print, and
/// how long a unary call may take. Each command gets its own instances.
/// </summary>
internal sealed class ClientOptions
{
    public const string DefaultEndpoint = "http://127.0.0.1:50051";
    public const string EndpointVariable = "CARDBRIDGE_ENDPOINT";
    public const string ApiKeyVariable = "CARDBRIDGE_API_KEY";
    public static readonly TimeSpan DefaultCallTimeout = TimeSpan.FromSeconds(10);

    private readonly Option<string?> _endpoint = new("--endpoint")
    {
        Description = $"Service address (default: ${EndpointVariable}, else {DefaultEndpoint})",
        HelpName = "url",
    };

    private readonly Option<string?> _apiKey = new("--api-key")
    {
        Description = $"API key, sent as 'authorization: Bearer <key>' (default: ${ApiKeyVariable})",
        HelpName = "key",
    };

    private readonly Option<bool> _json = new("--json")
    {
        Description = "Machine output: one JSON object per result or event line (errors too, on standard output)",
    };

    private readonly Option<TimeSpan?>? _callTimeout;

    private readonly Option<FileInfo?> _caCert = new("--ca-cert")
    {
        Description = "https: trust this CA certificate (PEM) for the server",
        HelpName = "file",
    };

    private readonly Option<FileInfo?> _clientCert = new("--client-cert")
    {
        Description = "https: client certificate (PEM) for mutual TLS; needs --client-key",
        HelpName = "file",
    };

    private readonly Option<FileInfo?> _clientKey = new("--client-key")
    {
        Description = "https: private key (PEM) of --client-cert",
        HelpName = "file",
    };

    private ClientOptions(bool withCallTimeout)
    {
        if (withCallTimeout)
        {
            _callTimeout = DurationText.Option("--timeout", "Deadline of the call (default: 10s)");
        }
    }

    /// <summary>Adds the options to a command; pass false when the command has a --timeout of its own.</summary>
    public static ClientOptions AddTo(Command command, bool withCallTimeout = true)
    {
        var options = new ClientOptions(withCallTimeout);
        command.Options.Add(options._endpoint);
        command.Options.Add(options._apiKey);
        command.Options.Add(options._json);
        if (options._callTimeout is not null)
        {
            command.Options.Add(options._callTimeout);
        }
        command.Options.Add(options._caCert);
        command.Options.Add(options._clientCert);
        command.Options.Add(options._clientKey);
        command.Validators.Add(result =>
        {
            var cert = result.GetValue(options._clientCert);
            var key = result.GetValue(options._clientKey);
            if ((cert is null) != (key is null))
            {
                result.AddError("--client-cert and --client-key go together");
            }
        });
        return options;
    }

    public ConnectionSettings Read(ParseResult parseResult, CliConsole console)
    {
        var endpoint = parseResult.GetValue(_endpoint) ?? NonEmpty(console.Environment(EndpointVariable)) ?? DefaultEndpoint;
        var apiKey = parseResult.GetValue(_apiKey) ?? NonEmpty(console.Environment(ApiKeyVariable));
        var timeout = (_callTimeout is null ? null : parseResult.GetValue(_callTimeout)) ?? DefaultCallTimeout;
        return new ConnectionSettings(
            endpoint,
            apiKey,
            parseResult.GetValue(_json),
            timeout,
            parseResult.GetValue(_caCert)?.FullName,
            parseResult.GetValue(_clientCert)?.FullName,
            parseResult.GetValue(_clientKey)?.FullName);
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
