using System.Globalization;

namespace CardBridge.Simulation.FileSystem;

/// <summary>
/// Who may read or write a file: nobody, anybody, or a holder who passed VERIFY and/or a terminal that passed
/// EXTERNAL AUTHENTICATE with one key. Written in profiles as <c>always</c>, <c>never</c>, or tokens joined by
/// <c>+</c>: <c>pin</c>, <c>rkssse</c> (key 0A), <c>key:XX</c>.
/// </summary>
internal sealed record AccessRule(bool Never, bool NeedsPin, byte? ExternalAuthKey)
{
    /// <summary>No condition.</summary>
    public static readonly AccessRule Always = new(false, false, null);

    /// <summary>Not allowed through the simulated interface at all.</summary>
    public static readonly AccessRule Denied = new(true, false, null);

    /// <summary>After a successful VERIFY.</summary>
    public static readonly AccessRule Pin = new(false, true, null);

    /// <summary>After EXTERNAL AUTHENTICATE with <paramref name="keyId"/>.</summary>
    public static AccessRule ExternalAuth(byte keyId) => new(false, false, keyId);

    /// <summary>Parses the profile notation; throws <see cref="FormatException"/> naming the bad token.</summary>
    public static AccessRule Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        switch (text.Trim().ToUpperInvariant())
        {
            case "ALWAYS":
                return Always;
            case "NEVER":
                return Denied;
        }
        var pin = false;
        byte? key = null;
        foreach (var token in text.Split('+', StringSplitOptions.TrimEntries))
        {
            var upper = token.ToUpperInvariant();
            if (upper == "PIN")
            {
                pin = true;
            }
            else if (upper == "RKSSSE")
            {
                key = Keys.CardKeyIds.Rkssse;
            }
            else if (upper.StartsWith("KEY:", StringComparison.Ordinal)
                && byte.TryParse(upper.AsSpan(4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var id))
            {
                key = id;
            }
            else
            {
                throw new FormatException($"'{token}' is not an access condition (always, never, pin, rkssse, key:XX)");
            }
        }
        return new AccessRule(false, pin, key);
    }

    /// <summary>True when the current security state satisfies the rule.</summary>
    public bool IsSatisfiedBy(SecurityState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return !Never
            && (!NeedsPin || state.PinVerified)
            && (ExternalAuthKey is not { } key || state.IsAuthenticated(key));
    }
}
