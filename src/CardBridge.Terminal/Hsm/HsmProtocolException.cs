namespace CardBridge.Terminal.Hsm;

/// <summary>The HSM platform's answer broke the envelope: counted as a failure of the platform.</summary>
internal sealed class HsmProtocolException(string message, Exception? innerException = null) : Exception(message, innerException);
