using CardBridge.Service.Security;

namespace CardBridge.Service.Api;

/// <summary>Checks of request fields that every call carrying them shares.</summary>
internal static class RequestFields
{
    /// <summary>
    /// The <c>purpose</c> field is at most <see cref="AccessInterceptor.MaxPurposeLength"/> characters (identity.proto):
    /// a longer one is refused, so the audit log never holds a purpose other than the one the caller sent.
    /// </summary>
    public static void RequirePurpose(string purpose)
    {
        if (purpose.Length > AccessInterceptor.MaxPurposeLength)
        {
            throw RpcErrors.InvalidRequest("purpose", $"longer than {AccessInterceptor.MaxPurposeLength} characters");
        }
    }

    /// <summary>A required text field is 1 to <paramref name="maxLength"/> printable characters, not all blank.</summary>
    public static void RequireText(string value, int maxLength, string field)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > maxLength || value.Any(char.IsControl))
        {
            throw RpcErrors.InvalidRequest(field, $"1 to {maxLength} printable characters");
        }
    }

    /// <summary>An optional text field is empty or up to <paramref name="maxLength"/> printable characters; null when empty.</summary>
    public static string? OptionalText(string value, int maxLength, string field)
    {
        if (value.Length > maxLength || value.Any(char.IsControl))
        {
            throw RpcErrors.InvalidRequest(field, $"up to {maxLength} printable characters");
        }
        return value.Length == 0 ? null : value;
    }
}
