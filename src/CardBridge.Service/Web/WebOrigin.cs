namespace CardBridge.Service.Web;

/// <summary>Origins as browsers serialise them (RFC 6454 §6.2): lower-case scheme and host, the port only when not the scheme's default.</summary>
internal static class WebOrigin
{
    /// <summary>
    /// The origin <paramref name="text"/> names, serialised; null when it is not one: not http(s), carrying a path, query,
    /// user or wildcard, or not written as a browser would send it (a trailing '/', an explicit default port).
    /// </summary>
    public static string? Normalise(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
            || uri.UserInfo.Length > 0 || uri.PathAndQuery != "/" || uri.Fragment.Length > 0 || text.Contains('*', StringComparison.Ordinal))
        {
            return null;
        }
        var serialised = uri.GetLeftPart(UriPartial.Authority);
        return string.Equals(serialised, text, StringComparison.OrdinalIgnoreCase) ? serialised : null;
    }
}
