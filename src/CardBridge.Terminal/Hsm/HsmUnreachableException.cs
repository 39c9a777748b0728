namespace CardBridge.Terminal.Hsm;

/// <summary>One attempt got no answer from the HSM platform (refused, broken, 5xx): retried, and counted by the breaker.</summary>
internal sealed class HsmUnreachableException(string message, Exception? innerException = null) : Exception(message, innerException);
