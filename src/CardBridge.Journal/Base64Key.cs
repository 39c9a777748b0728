namespace CardBridge.Journal;

/// <summary>A key as configuration gives it: base64 text, checked for its length by the options that hold it.</summary>
public static class Base64Key
{
    /// <summary>The key's bytes, or null when <paramref name="base64"/> is blank or not base64.</summary>
    public static byte[]? Decode(string? base64)
    {
        if (string.IsNullOrWhiteSpace(base64))
        {
            return null;
        }
        var buffer = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, buffer, out var written) ? buffer[..written] : null;
    }
}
