namespace CardBridge.Service.Web;

/// <summary>
/// Which web pages may call the web listener (section <c>Web</c>). Default deny: a page whose origin is not listed gets
/// nothing. The scopes of an origin go to its pages when they send no credential; they may not exceed
/// <c>Security:LocalScopes</c>, since any program on this machine can send that <c>Origin</c> header.
/// </summary>
internal sealed class WebOptions
{
    public const string Section = "Web";

    /// <summary>The origins pages may call from; none (every page refused) unless set.</summary>
    public List<WebOriginOptions> Origins { get; set; } = [];
}

/// <summary>One web origin: the pages of one web application.</summary>
internal sealed class WebOriginOptions
{
    /// <summary>The exact origin, scheme://host[:port] as a browser sends it (e.g. <c>https://his.example.cn</c>); no path, no wildcard.</summary>
    public string Origin { get; set; } = "";

    /// <summary>
    /// What its pages may do without a credential (e.g. <c>identity.basic</c>, <c>pin</c>); each must also be in
    /// <c>Security:LocalScopes</c>. Empty: its pages must present an API key.
    /// </summary>
    public List<string> Scopes { get; set; } = [];
}
