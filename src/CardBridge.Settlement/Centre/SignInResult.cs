namespace CardBridge.Settlement.Centre;

/// <summary>The centre's answer to sign-in (9001).</summary>
/// <param name="SignNo">The sign-in number sent as <c>sign_no</c> on every later call.</param>
/// <param name="SignedInAt">When the centre registered the sign-in.</param>
public sealed record SignInResult(string SignNo, DateTimeOffset SignedInAt);
