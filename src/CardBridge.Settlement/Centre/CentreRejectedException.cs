namespace CardBridge.Settlement.Centre;

/// <summary>The centre answered and refused the call (<c>infcode</c> not 0); nothing was committed.</summary>
public sealed class CentreRejectedException : SettlementException
{
    /// <summary>Creates the error from the centre's answer.</summary>
    /// <param name="infCode">The centre's <c>infcode</c>.</param>
    /// <param name="errorMessage">The centre's <c>err_msg</c>.</param>
    public CentreRejectedException(int infCode, string errorMessage)
        : base($"The centre refused the call: infcode {infCode}: {errorMessage}")
    {
        InfCode = infCode;
        ErrorMessage = errorMessage;
    }

    /// <summary>The centre's <c>infcode</c> (never 0).</summary>
    public int InfCode { get; }

    /// <summary>The centre's <c>err_msg</c>.</summary>
    public string ErrorMessage { get; }
}
