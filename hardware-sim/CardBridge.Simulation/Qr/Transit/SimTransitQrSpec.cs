namespace CardBridge.Simulation.Qr.Transit;

/// <summary>The field values of one simulated transit code (see <see cref="SimTransitQrGenerator"/> for the layout).</summary>
public sealed record SimTransitQrSpec
{
    /// <summary>Version byte: 0x80 interoperable, 0x81 local.</summary>
    public byte Version { get; init; } = 0x80;

    /// <summary>The holder's account id, 1..20 ASCII letters and digits (synthetic: SIM…).</summary>
    public required string AccountId { get; init; }

    /// <summary>Per-trip limit in fen.</summary>
    public uint PerTripLimitFen { get; init; } = 500;

    /// <summary>When the holder device generates the code.</summary>
    public required DateTimeOffset GeneratedAt { get; init; }

    /// <summary>Validity in seconds after generation.</summary>
    public ushort ValiditySeconds { get; init; } = 60;

    /// <summary>End of the holder's authorisation.</summary>
    public required DateTimeOffset AuthorisationExpiry { get; init; }

    /// <summary>End of the issuer certificate.</summary>
    public required DateTimeOffset IssuerCertificateExpiry { get; init; }
}
