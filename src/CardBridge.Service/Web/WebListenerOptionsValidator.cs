using CardBridge.Service.Configuration;
using CardBridge.Service.Hosting;
using Microsoft.Extensions.Options;

namespace CardBridge.Service.Web;

/// <summary>Checks <see cref="ListenerOptions.Web"/>; every message names the configuration key at fault.</summary>
internal sealed class WebListenerOptionsValidator : IValidateOptions<ListenerOptions>
{
    private const string Key = "Listeners:Web";

    public ValidateOptionsResult Validate(string? name, ListenerOptions options)
    {
        var web = options.Web;
        if (!web.Enabled)
        {
            return ValidateOptionsResult.Success;
        }
        var errors = new List<string>();
        SeparateListenerRules.Check(errors, Key, "web", web.Address, web.Port, web.IsTls, web.CertificatePath, web.KeyPath);
        if (web.ClientCaPath is not null && (!web.IsTls || !File.Exists(web.ClientCaPath)))
        {
            errors.Add(web.IsTls
                ? $"{Key}:ClientCaPath: no file at '{web.ClientCaPath}'"
                : $"{Key}:ClientCaPath: client certificates need an HTTPS listener ({Key}:CertificatePath and {Key}:KeyPath)");
        }
        for (var i = 0; i < web.HostNames.Count; i++)
        {
            if (Uri.CheckHostName(web.HostNames[i]) == UriHostNameType.Unknown)
            {
                errors.Add($"{Key}:HostNames:{i}: '{web.HostNames[i]}' is not a host name or address");
            }
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
