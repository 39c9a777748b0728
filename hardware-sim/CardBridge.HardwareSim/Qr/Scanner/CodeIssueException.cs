namespace CardBridge.HardwareSim.Qr.Scanner;

/// <summary>The scanner simulator could not get a code to read: the platform is unreachable or refused to issue it.</summary>
internal sealed class CodeIssueException : Exception
{
    /// <summary>Creates the error with a message naming what failed.</summary>
    public CodeIssueException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
