namespace CardBridge.Settlement.Centre;

/// <summary>The centre answered and refused the call (<c>infcode</c> not 0); nothing was committed.</summary>
/// <param name="infCode">The centre's <c>infcode</c>.</param>
/// <param name="errorMessage">The centre's <c>err_msg</c>.</param>
public sealed class CentreRejectedException(int infCode, string errorMessage)
    : SettlementException($"The centre refused the call: infcode {infCode}: {errorMessage}")
{
    /// <summary>The centre's <c>infcode</c> (never 0).</summary>
    public int InfCode { get; } = infCode;

    /// <summary>The centre's <c>err_msg</c>.</summary>
    public string ErrorMessage { get; } = errorMessage;
}
