namespace CardBridge.Simulation.Psam;

/// <summary>Personalisation of a simulated PSAM.</summary>
internal sealed record PsamProfile
{
    public required string Name { get; init; }

    /// <summary>12 digits, stored as 6 BCD bytes in the EF with SFI 16.</summary>
    public required string TerminalNumber { get; init; }

    public byte[]? Atr { get; init; }

    public bool T0GetResponse { get; init; } = true;

    public string KeySet { get; init; } = Keys.IssuerKeyFile.IssuerSet;

    public IReadOnlySet<PsamEnvironment> Environments { get; init; } = new HashSet<PsamEnvironment> { PsamEnvironment.Des, PsamEnvironment.Sm };

    /// <summary>False for a PSAM without the RKSSSE master key: the terminal must fall back to the HSM for external authentication.</summary>
    public bool HasRkssse { get; init; } = true;

    /// <summary>P2 of INIT FOR DESCRYPT under which the master keys are stored.</summary>
    public byte KeyIndex { get; init; } = 0x01;

    /// <summary>The transit purchase master key (stored under key version 01); null for a PSAM without the transit application.</summary>
    public byte[]? TransitPurchaseKey { get; init; } = Transit.TransitProfile.DefaultPurchaseMasterKey.ToArray();
}
