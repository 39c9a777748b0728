namespace CardBridge.Cards.Authentication;

/// <summary>Which key authority ran a card's genuine-card check (DESIGN §8: the PSAM first, the remote HSM second).</summary>
public enum KeyAuthority
{
    /// <summary>The PSAM in the terminal's second reader slot.</summary>
    Psam = 1,

    /// <summary>The remote HSM platform (the server side of <c>iReadCardBas_HSM_Step1/Step2</c>).</summary>
    Hsm = 2,
}
