using System.ComponentModel.DataAnnotations;

namespace CardBridge.Terminal.Hsm;

/// <summary>
/// How to reach the remote HSM platform (section <c>Hsm</c>): where its step-1/step-2 endpoint is, how long a check may
/// take, retries and the circuit breaker, and the client certificate it wants. No <see cref="ServiceUri"/>: the terminal
/// has no HSM, and a 3.00 card's holder data opens only through a PSAM.
/// </summary>
public sealed class HsmOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Hsm";

    /// <summary>The URL every step-1 envelope is POSTed to (http or https); null: no HSM.</summary>
    public Uri? ServiceUri { get; set; }

    /// <summary>Sent in every envelope as <c>terminalId</c>, so the platform can tell terminals apart; empty when not set.</summary>
    [RegularExpression("^[A-Za-z0-9._-]{0,32}$")]
    public string TerminalId { get; set; } = "";

    /// <summary>The time allowed for one attempt, from sending to having read the whole answer.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// The time allowed for the HSM's part of one genuine-card check, retries included; the card waits for it, so it
    /// bounds how long an arriving card's pre-read can take when the HSM is slow.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>How many times an attempt that got no answer (refused, timed out, 5xx) is retried: the HSM's computation has no side effect.</summary>
    [Range(0, 5)]
    public int MaxRetries { get; set; } = 1;

    /// <summary>The first retry delay; later ones grow exponentially, with jitter.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:10")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How many calls at least within <see cref="BreakerSamplingDuration"/> before the failure ratio can open the breaker.</summary>
    [Range(2, 1000)]
    public int BreakerMinimumThroughput { get; set; } = 4;

    /// <summary>The share of failed calls within the window that opens the breaker: cards then fail at once instead of waiting.</summary>
    [Range(0.01, 1.0)]
    public double BreakerFailureRatio { get; set; } = 0.5;

    /// <summary>The window over which failures are counted.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00")]
    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the breaker stays open before one call probes the HSM again.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00")]
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The client certificate (PEM) presented to an https platform that asks for one; with <see cref="ClientKeyPath"/>.</summary>
    public string? ClientCertificatePath { get; set; }

    /// <summary>The client certificate's private key (PEM).</summary>
    public string? ClientKeyPath { get; set; }

    /// <summary>
    /// A CA certificate (PEM) the platform's server certificate must chain to, for a platform on a private PKI; empty:
    /// the operating system's trust store.
    /// </summary>
    public string? ServerCaPath { get; set; }

    /// <summary>The largest answer body accepted, in bytes.</summary>
    [Range(256, 1024 * 1024)]
    public int MaxResponseBytes { get; set; } = 16 * 1024;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ServiceUri is { } uri && (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            yield return new ValidationResult("ServiceUri must be an absolute http or https URL.", [nameof(ServiceUri)]);
        }
        if (string.IsNullOrWhiteSpace(ClientCertificatePath) != string.IsNullOrWhiteSpace(ClientKeyPath))
        {
            yield return new ValidationResult("ClientCertificatePath and ClientKeyPath go together.", [nameof(ClientCertificatePath), nameof(ClientKeyPath)]);
        }
        if (Timeout < CallTimeout)
        {
            yield return new ValidationResult("Timeout must be at least CallTimeout.", [nameof(Timeout), nameof(CallTimeout)]);
        }
    }
}
