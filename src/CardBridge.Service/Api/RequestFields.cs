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
}
