using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CardBridge.Simulation.Qr.Platform;

namespace CardBridge.HardwareSim.Qr.Scanner;

/// <summary>
/// E-voucher or e-SSC codes for one holder, issued by the simulated platform over its <c>POST /sim/issue</c> endpoint.
/// An expired code is issued with a validity already in the past; a tampered one is a valid code with one token
/// character changed, so the platform knows no such code.
/// </summary>
internal sealed class PlatformCodeIssuer(HttpClient http, Uri platform, SimQrCodeType type, string holder) : ICodeIssuer
{
    private const int ValiditySeconds = 300;
    private const int ExpiredValiditySeconds = -60;

    public string TypeName => type == SimQrCodeType.EVoucher ? "evoucher" : "essc";

    public async Task<string> IssueAsync(ScannerCodeVariant variant, CancellationToken cancellationToken)
    {
        var code = await IssueAsync(variant == ScannerCodeVariant.Expired ? ExpiredValiditySeconds : ValiditySeconds, cancellationToken);
        return variant == ScannerCodeVariant.Tampered ? Tamper(code) : code;
    }

    /// <summary>Changes the first token character (after the <c>ECV1.</c> / <c>ESSC1.</c> prefix) to another Base64url one.</summary>
    internal static string Tamper(string code)
    {
        var at = code.IndexOf('.', StringComparison.Ordinal) + 1;
        if (at == 0 || at >= code.Length)
        {
            throw new CodeIssueException("the platform issued a code without a token");
        }
        var replacement = code[at] == 'A' ? 'B' : 'A';
        return string.Concat(code.AsSpan(0, at), [replacement], code.AsSpan(at + 1));
    }

    private async Task<string> IssueAsync(int validitySeconds, CancellationToken cancellationToken)
    {
        var request = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["type"] = TypeName,
            ["holder"] = holder,
            ["validitySeconds"] = validitySeconds,
        });
        // A buffered body: the simulated platform reads Content-Length bodies only.
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(request));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        try
        {
            using var answer = await http.PostAsync(new Uri(platform, "sim/issue"), content, cancellationToken);
            var body = await answer.Content.ReadAsStringAsync(cancellationToken);
            if (!answer.IsSuccessStatusCode)
            {
                throw new CodeIssueException($"the platform refused to issue a code of type {TypeName}: HTTP {(int)answer.StatusCode} {body}");
            }
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("code", out var code) && code.GetString() is { Length: > 0 } text
                ? text
                : throw new CodeIssueException("the platform's issue answer has no code");
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or InvalidOperationException
            || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new CodeIssueException($"cannot issue a code of type {TypeName} at {platform}: {e.Message}", e);
        }
    }
}
