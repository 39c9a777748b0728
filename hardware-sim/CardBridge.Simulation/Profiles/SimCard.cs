using CardBridge.Crypto;
using CardBridge.Simulation.Psam;
using CardBridge.Simulation.SocialSecurity;

namespace CardBridge.Simulation.Profiles;

/// <summary>
/// Test builders for simulated cards: <c>SimCard.ThirdGen().WithPin("123456").WithHolderName("测试甲").Build()</c>.
/// Defaults match the shipped <c>third-gen</c>, <c>second-gen</c> and <c>psam</c> profiles; keys come from the
/// shipped issuer key file unless <see cref="SocialSecurityCardBuilder.WithIssuerKeys"/> says otherwise.
/// </summary>
public static class SimCard
{
    /// <summary>A valid 3.00 card: SM4, PIN 123456 with 3 tries, T=0 GET RESPONSE behaviour on.</summary>
    public static SocialSecurityCardBuilder ThirdGen() => new(new SocialSecurityProfile
    {
        Name = "builder-third-gen",
        SpecVersion = "3.00",
        Algorithm = CardAlgorithm.Sm4,
        T0GetResponse = true,
        Pin = "123456",
        Card = new CardData
        {
            Region = "990001",
            Serial = [0x00, 0x00, 0x00, 0x01],
            AuthCode = [0x5A, 0x3C, 0x19, 0xE2],
            InitialisingBody = "990001000000000000000001",
            IssueDate = new DateOnly(2024, 3, 1),
            ExpiryDate = new DateOnly(2034, 3, 1),
            CardNumber = "SIM000001",
        },
        Holder = new HolderData
        {
            Ssn = "990001199001010013",
            Name = "测试甲",
            Sex = '1',
            Birthplace = "990001",
            BirthDate = new DateOnly(1990, 1, 1),
        },
        Medical = new MedicalData
        {
            Transactions =
            [
                new MedicalTransaction(1, '1', "999900000001", new DateTime(2025, 1, 6, 9, 30, 0), 50000, 0, 0),
                new MedicalTransaction(2, '2', "999900000001", new DateTime(2025, 2, 14, 10, 5, 12), 3250, 1200, 8800),
            ],
        },
        Transit = Transit.TransitProfile.For(5000, [0x00, 0x00, 0x00, 0x01]),
    });

    /// <summary>A valid 2.00 card: 3DES, EF06 readable without external authentication, plain T=0 answers.</summary>
    public static SocialSecurityCardBuilder SecondGen() => ThirdGen()
        .WithSpecVersion("2.00", CardAlgorithm.Des3)
        .WithT0GetResponse(false)
        .WithCardNumber("SIM000002")
        .WithHolderName("测试乙");

    /// <summary>A PSAM with terminal number 999900000001, both environments and the RKSSSE key.</summary>
    public static PsamBuilder Psam() => new(new PsamProfile { Name = "builder-psam", TerminalNumber = "999900000001" });
}

/// <summary>Builds a <see cref="SimulatedSocialSecurityCard"/>; every method returns the builder.</summary>
public sealed class SocialSecurityCardBuilder
{
    private SocialSecurityProfile _profile;
    private Random? _random;
    private Keys.IssuerKeyFile? _keys;

    internal SocialSecurityCardBuilder(SocialSecurityProfile profile)
    {
        _profile = profile;
    }

    /// <summary>The PIN (4–12 digits); resets the try counter to full.</summary>
    public SocialSecurityCardBuilder WithPin(string pin)
    {
        _profile = _profile with { Pin = pin, PinTriesLeft = _profile.PinTries };
        return this;
    }

    /// <summary>The PIN counter's maximum and, optionally, how many tries are left.</summary>
    public SocialSecurityCardBuilder WithPinTries(int max, int? left = null)
    {
        _profile = _profile with { PinTries = max, PinTriesLeft = left ?? max };
        return this;
    }

    /// <summary>A blocked PIN (no tries left).</summary>
    public SocialSecurityCardBuilder PinBlocked() => WithPinTries(_profile.PinTries, 0);

    /// <summary>An expiry date (EF05 tag 06) in the past: issued 2010-01-01, expired 2020-01-01.</summary>
    public SocialSecurityCardBuilder Expired() =>
        WithCard(c => c with { IssueDate = new DateOnly(2010, 1, 1), ExpiryDate = new DateOnly(2020, 1, 1) });

    /// <summary>Keys diversified from the forger's master keys: the card fails every genuine terminal's checks.</summary>
    public SocialSecurityCardBuilder Forged()
    {
        _profile = _profile with { KeySet = Keys.IssuerKeyFile.ForgerSet };
        return this;
    }

    /// <summary>T=0 behaviour: case 4 commands answer 61xx and their data comes with GET RESPONSE.</summary>
    public SocialSecurityCardBuilder WithT0GetResponse(bool enabled = true)
    {
        _profile = _profile with { T0GetResponse = enabled };
        return this;
    }

    /// <summary>The card's challenges come from <paramref name="random"/> (e.g. <c>new Random(42)</c> for deterministic tests).</summary>
    public SocialSecurityCardBuilder WithRandom(Random random)
    {
        _random = random;
        return this;
    }

    /// <summary>Issuer keys other than the shipped test key file.</summary>
    public SocialSecurityCardBuilder WithIssuerKeys(Keys.IssuerKeyFile keys)
    {
        _keys = keys;
        return this;
    }

    /// <summary>Spec version (EF05 tag 03) and algorithm (SSSE FCI tag 86).</summary>
    public SocialSecurityCardBuilder WithSpecVersion(string specVersion, CardAlgorithm algorithm)
    {
        _profile = _profile with { SpecVersion = specVersion, Algorithm = algorithm };
        return this;
    }

    /// <summary>The holder's full name; bytes beyond the 30 of tag 09 go to the name extension (tag 4E).</summary>
    public SocialSecurityCardBuilder WithHolderName(string name) => WithHolder(h => h with { Name = name });

    /// <summary>The social security number (18 characters).</summary>
    public SocialSecurityCardBuilder WithSsn(string ssn) => WithHolder(h => h with { Ssn = ssn });

    /// <summary>Sex code: '1' male, '2' female, '9' unspecified.</summary>
    public SocialSecurityCardBuilder WithSex(char sex) => WithHolder(h => h with { Sex = sex });

    /// <summary>The holder's birth date (EF06 tag 0D).</summary>
    public SocialSecurityCardBuilder WithBirthDate(DateOnly birthDate) => WithHolder(h => h with { BirthDate = birthDate });

    /// <summary>The card number (9 characters, EF05 tag 07).</summary>
    public SocialSecurityCardBuilder WithCardNumber(string cardNumber) => WithCard(c => c with { CardNumber = cardNumber });

    /// <summary>The issuing region (6 digits), first 3 bytes of the card identification code and first key factor.</summary>
    public SocialSecurityCardBuilder WithRegion(string region) => WithCard(c => c with { Region = region });

    /// <summary>The 4-byte serial of the card identification code.</summary>
    public SocialSecurityCardBuilder WithSerial(ReadOnlySpan<byte> serial)
    {
        var copy = serial.ToArray();
        return WithCard(c => c with { Serial = copy });
    }

    /// <summary>Issue and expiry dates (EF05 tags 05, 06).</summary>
    public SocialSecurityCardBuilder WithValidity(DateOnly issueDate, DateOnly expiryDate) =>
        WithCard(c => c with { IssueDate = issueDate, ExpiryDate = expiryDate });

    /// <summary>DF04 EF06 temporary-offline settlement state.</summary>
    public SocialSecurityCardBuilder WithOfflineSettlement(bool allowed, uint cumulativeAmountFen, byte count)
    {
        _profile = _profile with
        {
            Medical = _profile.Medical with { OfflineAllowed = allowed, OfflineAmountFen = cumulativeAmountFen, OfflineCount = count },
        };
        return this;
    }

    /// <summary>The DF04 medical purse holding <paramref name="balanceFen"/> (default <see cref="MedicalData.DefaultPurseBalanceFen"/>).</summary>
    public SocialSecurityCardBuilder WithMedicalPurse(uint balanceFen)
    {
        _profile = _profile with { Medical = _profile.Medical with { PurseBalanceFen = balanceFen } };
        return this;
    }

    /// <summary>
    /// A T-Union electronic purse holding <paramref name="balanceFen"/>, its application serial 99000100 ‖ the card
    /// serial set so far (call after <see cref="WithSerial"/>), keys from the simulator's synthetic transit master keys.
    /// </summary>
    public SocialSecurityCardBuilder WithPurse(uint balanceFen, CardAlgorithm algorithm = CardAlgorithm.Des3)
    {
        _profile = _profile with { Transit = Transit.TransitProfile.For(balanceFen, _profile.Card.Serial) with { Algorithm = algorithm } };
        return this;
    }

    /// <summary>No transit application: SELECT of its AID answers 6A82.</summary>
    public SocialSecurityCardBuilder WithoutPurse()
    {
        _profile = _profile with { Transit = null };
        return this;
    }

    /// <summary>Adds the UnionPay financial application (AID A000000333010101) with <paramref name="pan"/> and <paramref name="expiry"/>; the PAN defaults to a synthetic Luhn-valid one.</summary>
    public SocialSecurityCardBuilder WithUnionPay(DateOnly expiry, string pan = Financial.UnionPayApplication.DefaultPan)
    {
        _profile = _profile with { Files = [.. _profile.Files, Financial.UnionPayApplication.Df(pan, expiry)] };
        return this;
    }

    /// <summary>Builds the card; invalid settings throw <see cref="FormatException"/> or <see cref="ArgumentException"/>.</summary>
    public SimulatedSocialSecurityCard Build() =>
        new(_profile, _keys ?? Keys.IssuerKeyFile.LoadDefault(), _random ?? new Cards.CryptoRandom());

    private SocialSecurityCardBuilder WithCard(Func<CardData, CardData> change)
    {
        _profile = _profile with { Card = change(_profile.Card) };
        return this;
    }

    private SocialSecurityCardBuilder WithHolder(Func<HolderData, HolderData> change)
    {
        _profile = _profile with { Holder = change(_profile.Holder) };
        return this;
    }
}

/// <summary>Builds a <see cref="SimulatedPsam"/>; every method returns the builder.</summary>
public sealed class PsamBuilder
{
    private PsamProfile _profile;
    private Keys.IssuerKeyFile? _keys;

    internal PsamBuilder(PsamProfile profile)
    {
        _profile = profile;
    }

    /// <summary>The terminal number (12 digits) in the SFI 16 file.</summary>
    public PsamBuilder WithTerminalNumber(string terminalNumber)
    {
        _profile = _profile with { TerminalNumber = terminalNumber };
        return this;
    }

    /// <summary>Leaves out an environment (and with it that algorithm's keys).</summary>
    public PsamBuilder WithoutEnvironment(PsamEnvironment environment)
    {
        _profile = _profile with { Environments = _profile.Environments.Where(e => e != environment).ToHashSet() };
        return this;
    }

    /// <summary>Leaves out the RKSSSE master key: external authentication must fall back to the HSM.</summary>
    public PsamBuilder WithoutRkssse()
    {
        _profile = _profile with { HasRkssse = false };
        return this;
    }

    /// <summary>T=0 behaviour on or off (on by default for the PSAM).</summary>
    public PsamBuilder WithT0GetResponse(bool enabled = true)
    {
        _profile = _profile with { T0GetResponse = enabled };
        return this;
    }

    /// <summary>Issuer keys other than the shipped test key file.</summary>
    public PsamBuilder WithIssuerKeys(Keys.IssuerKeyFile keys)
    {
        _keys = keys;
        return this;
    }

    /// <summary>The transit purchase master key (MPK) the PSAM computes MAC1 with; null for a PSAM without one (MAC1 answers 9403).</summary>
    public PsamBuilder WithTransitPurchaseKey(ReadOnlySpan<byte> masterKey)
    {
        _profile = _profile with { TransitPurchaseKey = masterKey.IsEmpty ? null : masterKey.ToArray() };
        return this;
    }

    /// <summary>Builds the PSAM.</summary>
    public SimulatedPsam Build() => new(_profile, _keys ?? Keys.IssuerKeyFile.LoadDefault());
}
