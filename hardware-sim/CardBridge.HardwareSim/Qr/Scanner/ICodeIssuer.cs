namespace CardBridge.HardwareSim.Qr.Scanner;

/// <summary>Where the simulated scanner gets the code texts it reads: made locally (transit) or issued by the simulated platform.</summary>
internal interface ICodeIssuer
{
    /// <summary>The code type as the command line names it (<c>transit</c>, <c>evoucher</c>, <c>essc</c>).</summary>
    string TypeName { get; }

    /// <summary>A fresh code of <paramref name="variant"/> (valid, expired or tampered; a replay re-sends a valid one).</summary>
    /// <exception cref="CodeIssueException">The code cannot be had (platform unreachable or refusing).</exception>
    Task<string> IssueAsync(ScannerCodeVariant variant, CancellationToken cancellationToken);
}
