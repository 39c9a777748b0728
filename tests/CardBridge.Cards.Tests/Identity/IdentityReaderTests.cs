using CardBridge.Cards.Authentication;
using CardBridge.Cards.Identity;
using CardBridge.Cards.Layout;
using CardBridge.Cards.Recognition;
using CardBridge.Cards.Tests.Recognition;
using CardBridge.Crypto;
using CardBridge.Iso7816;
using CardBridge.Simulation.Cards;
using CardBridge.Simulation.Profiles;
using CardBridge.Simulation.Transport;

namespace CardBridge.Cards.Tests.Identity;

public sealed class IdentityReaderTests
{
    private const string SelectSsse = "00A404000F7378312E73682EC9E7BBE1B1A3D5CF00";
    private static readonly string[] ReadEf05 = ["00B2012C12", "00B2022C03", "00B2032C06", "00B2042C0E", "00B2052C06", "00B2062C06", "00B2072C0B"];
    private static readonly FixedTime Today = new(new DateOnly(2025, 6, 1));

    private static async Task<(IdentityReadResult Result, List<string> Commands)> ReadAsync(
        ISimulatedCard card,
        ICardAuthenticator? authenticator = null,
        TimeProvider? time = null,
        CardFileLayout? layout = null,
        Func<string, byte[], byte[]>? rewrite = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var transport = new RecordingTransport(new SimulatedCardTransport(card, TimeSpan.FromSeconds(1)), rewrite);
        var reader = new IdentityReader(authenticator, time ?? Today, layout);
        var result = await reader.ReadAsync(new CardChannel(transport), card.Atr, timeout.Token);
        return (result, transport.Commands);
    }

    [Fact]
    public async Task Second_generation_card_reads_every_field_without_authentication()
    {
        var (result, _) = await ReadAsync(SimCard.SecondGen().Build());

        var card = result.Card;
        Assert.Equal("990001D156000005000000015A3C19E2", card.CardIdentificationCodeHex);
        Assert.Equal("990001", card.Region);
        Assert.Equal("1", card.CardCategory);
        Assert.Equal("2.00", card.SpecVersion);
        Assert.Equal(CardGeneration.Second, card.Generation);
        Assert.Equal(CardAlgorithm.Des3, card.Algorithm);
        Assert.Equal("990001000000000000000001", card.InitialisingBody);
        Assert.Equal(new DateOnly(2024, 3, 1), card.IssueDate);
        Assert.Equal(new DateOnly(2034, 3, 1), card.ExpiryDate);
        Assert.Equal("SIM000002", card.CardNumber);
        Assert.Equal("SIMSSC20"u8.ToArray(), card.AtrHistoricalBytes.ToArray());
        var holder = Assert.IsType<Holder>(result.Holder);
        Assert.Equal("990001199001010013", holder.Ssn);
        Assert.Equal("测试乙", holder.Name);
        Assert.Equal(Sex.Male, holder.Sex);
        Assert.Equal("01", holder.Ethnicity);
        Assert.Equal("990001", holder.Birthplace);
        Assert.Equal(new DateOnly(1990, 1, 1), holder.BirthDate);
        Assert.Equal(HolderUnavailableReason.None, result.HolderUnavailable);
        Assert.Equal(CardValidity.Valid, result.Validity);
    }

    [Fact]
    public async Task Second_generation_read_is_SELECT_seven_EF05_records_and_six_EF06_records_with_exact_Le()
    {
        var (_, commands) = await ReadAsync(SimCard.SecondGen().Build());

        // The short name leaves tag 09 room to spare, so the name extension (record 3, 00B2033416) is not read.
        Assert.Equal(
            [SelectSsse, .. ReadEf05, "00B2013414", "00B2023420", "00B2043403", "00B2053403", "00B2063405", "00B2073406"],
            commands);
    }

    [Fact]
    public async Task Third_generation_read_authenticates_then_reads_EF06_and_counts_the_T0_GET_RESPONSE()
    {
        var (result, commands) = await ReadAsync(SimCard.ThirdGen().Build(), new KeyFileAuthenticator());

        Assert.Equal("测试甲", result.Holder!.Name);
        Assert.Equal(KeyAuthority.Psam, result.VerifiedBy);
        Assert.Equal(17, commands.Count);
        Assert.Equal([SelectSsse, "00C000001E", .. ReadEf05, "0084000008"], commands[..10]);
        Assert.Matches("^0082000A10[0-9A-F]{32}$", commands[10]);
        Assert.Equal(["00B2013414", "00B2023420", "00B2043403", "00B2053403", "00B2063405", "00B2073406"], commands[11..]);
    }

    [Fact]
    public async Task After_recognition_the_read_sends_neither_the_SELECT_nor_the_spec_version_record_again()
    {
        var card = SimCard.ThirdGen().Build();
        var transport = new RecordingTransport(new SimulatedCardTransport(card, TimeSpan.FromSeconds(1)));
        var channel = new CardChannel(transport);
        var recognition = await new CardRecognizer().RecognizeAsync(channel, card.Atr, CancellationToken.None);

        var result = await new IdentityReader(new KeyFileAuthenticator(), Today).ReadRecognisedAsync(channel, recognition, CancellationToken.None);

        Assert.Equal("测试甲", result.Holder!.Name);
        Assert.Equal("3.00", result.Card.SpecVersion);
        Assert.Equal(CardGeneration.Third, result.Card.Generation);
        Assert.Equal(CardAlgorithm.Sm4, result.Card.Algorithm);
        Assert.Equal("SIMSSC30"u8.ToArray(), result.Card.AtrHistoricalBytes.ToArray());
        Assert.Equal([SelectSsse, "00C000001E", "00B2032C06", .. ReadEf05.Where(c => c != "00B2032C06"), "0084000008"], transport.Commands[..10]);
        Assert.Equal(transport.Commands.Count, transport.Commands.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task A_recognition_that_found_no_social_security_card_is_refused_without_a_command()
    {
        var recognition = new CardRecognition(CardGeneration.NotSocialSecurityCard, null, null, default, "SELECT SSSE answered 6A82");
        var transport = new RecordingTransport(new SimulatedCardTransport(SimCard.ThirdGen().Build(), TimeSpan.FromSeconds(1)));

        var error = await Assert.ThrowsAsync<NotASocialSecurityCardException>(() =>
            new IdentityReader(null, Today).ReadRecognisedAsync(new CardChannel(transport), recognition, CancellationToken.None));

        Assert.Equal("SELECT SSSE answered 6A82", error.Message);
        Assert.Empty(transport.Commands);
    }

    [Fact]
    public async Task Third_generation_read_without_authenticator_returns_the_card_part_and_says_why_the_holder_is_missing()
    {
        var (result, commands) = await ReadAsync(SimCard.ThirdGen().Build());

        Assert.Null(result.Holder);
        Assert.Null(result.VerifiedBy);
        Assert.Equal(HolderUnavailableReason.NoAuthenticator, result.HolderUnavailable);
        Assert.Contains("RKSSSE", result.HolderUnavailableDetail, StringComparison.Ordinal);
        Assert.Equal("SIM000001", result.Card.CardNumber);
        Assert.Equal(CardGeneration.Third, result.Card.Generation);
        Assert.Equal([SelectSsse, "00C000001E", .. ReadEf05], commands);
    }

    [Fact]
    public async Task Authentication_unavailable_returns_the_card_part_with_the_authenticators_reason()
    {
        var authenticator = new FailingAuthenticator(() => new AuthenticationUnavailableException("no PSAM and the HSM is unreachable"));

        var (result, commands) = await ReadAsync(SimCard.ThirdGen().Build(), authenticator);

        Assert.Null(result.Holder);
        Assert.Equal(HolderUnavailableReason.AuthenticationUnavailable, result.HolderUnavailable);
        Assert.Equal("no PSAM and the HSM is unreachable", result.HolderUnavailableDetail);
        Assert.Equal(9, commands.Count);
    }

    [Fact]
    public async Task Card_not_genuine_propagates()
    {
        var authenticator = new FailingAuthenticator(() => new CardNotGenuineException("internal authentication did not verify"));

        await Assert.ThrowsAsync<CardNotGenuineException>(() => ReadAsync(SimCard.ThirdGen().Build(), authenticator));
    }

    [Theory]
    [InlineData('0', Sex.Unknown)]
    [InlineData('1', Sex.Male)]
    [InlineData('2', Sex.Female)]
    [InlineData('9', Sex.Unspecified)]
    public async Task Every_GB_T_2261_1_sex_code_is_read(char code, Sex expected)
    {
        var (result, _) = await ReadAsync(SimCard.SecondGen().WithSex(code).Build());

        Assert.Equal(expected, result.Holder!.Sex);
    }

    [Fact]
    public async Task Forged_card_fails_external_authentication_as_not_genuine()
    {
        await Assert.ThrowsAsync<CardNotGenuineException>(() => ReadAsync(SimCard.ThirdGen().Forged().Build(), new KeyFileAuthenticator()));
    }

    [Fact]
    public async Task Rare_character_name_with_extension_decodes_from_GB18030_and_reads_the_extension()
    {
        var (result, commands) = await ReadAsync(CardProfiles.Load("rare-name"), new KeyFileAuthenticator());

        Assert.Equal("测试䶮·阿依古丽·买买提·测试己", result.Holder!.Name);
        Assert.Equal(Sex.Female, result.Holder.Sex);
        Assert.Equal("05", result.Holder.Ethnicity);
        Assert.Contains("00B2033416", commands);
        Assert.Equal(18, commands.Count);
    }

    [Fact]
    public async Task Name_extension_is_read_for_every_name_when_the_layout_says_so()
    {
        var layout = CardFileLayout.FromJson("""{ "skipNameExtensionWhenNameHasRoom": false }""");

        var (result, commands) = await ReadAsync(SimCard.SecondGen().Build(), layout: layout);

        Assert.Equal("测试乙", result.Holder!.Name);
        Assert.Contains("00B2033416", commands);
        Assert.Equal(15, commands.Count);
    }

    [Fact]
    public async Task Expired_card_is_flagged_not_rejected()
    {
        var (result, _) = await ReadAsync(SimCard.SecondGen().Expired().Build());

        Assert.Equal(CardValidity.Expired, result.Validity);
        Assert.NotNull(result.Holder);
    }

    [Fact]
    public async Task Expiry_day_itself_is_still_valid_and_the_day_after_is_expired()
    {
        var card = SimCard.SecondGen().Build();

        var (onExpiry, _) = await ReadAsync(card, time: new FixedTime(new DateOnly(2034, 3, 1)));
        var (dayAfter, _) = await ReadAsync(card, time: new FixedTime(new DateOnly(2034, 3, 2)));

        Assert.Equal(CardValidity.Valid, onExpiry.Validity);
        Assert.Equal(CardValidity.Expired, dayAfter.Validity);
    }

    [Fact]
    public async Task Card_before_its_issue_date_is_flagged_not_yet_valid()
    {
        var (result, _) = await ReadAsync(SimCard.SecondGen().Build(), time: new FixedTime(new DateOnly(2024, 2, 29)));

        Assert.Equal(CardValidity.NotYetValid, result.Validity);
    }

    [Fact]
    public async Task Validity_uses_the_local_date_of_the_time_provider()
    {
        // 2034-03-01 23:30 UTC is already 2034-03-02 in UTC+8: the card has expired there.
        var beijing = new ZonedTime(new DateTimeOffset(2034, 3, 1, 23, 30, 0, TimeSpan.Zero), TimeSpan.FromHours(8));

        var (result, _) = await ReadAsync(SimCard.SecondGen().Build(), time: beijing);

        Assert.Equal(CardValidity.Expired, result.Validity);
    }

    [Theory]
    [InlineData("00B2052C06", "0504202402309000", "EF05 tag 05 issue date")]          // 30 February
    [InlineData("00B2062C06", "0604203A03019000", "EF05 tag 06 expiry date")]         // not BCD
    [InlineData("00B2012C12", "0110AA0001D156000005000000015A3C19E29000", "EF05 tag 01 card identification code (region)")]
    [InlineData("00B2012C12", "01109900010000000000000000015A3C19E29000", "EF05 tag 01 card identification code")]
    [InlineData("00B2072C0B", "0709534900004D303030329000", "EF05 tag 07 card number")] // data after 0x00 padding
    [InlineData("00B2043403", "0A01339000", "EF06 tag 0A sex")]
    [InlineData("00B2053403", "0B01609000", "EF06 tag 0B ethnicity")]
    [InlineData("00B2063405", "0C0399000F9000", "EF06 tag 0C birthplace")]
    [InlineData("00B2073406", "0D04209912319000", "EF06 tag 0D birth date")]         // in the future
    [InlineData("00B2023420", "0902FF009000", "EF06 tag 09 name")]                    // not GB18030
    [InlineData("00B2013414", "08123939303030313139393030313031303031349000", "EF06 tag 08 social security number")] // wrong check digit
    [InlineData("00B2073406", "0E04199001019000", "EF06 tag 0D birth date")]                   // wrong tag in the record
    public async Task Malformed_data_element_raises_CardDataException_naming_the_field(string command, string answer, string field)
    {
        var error = await Assert.ThrowsAsync<CardDataException>(() => ReadAsync(
            SimCard.SecondGen().Build(),
            rewrite: (hex, original) => hex == command ? Convert.FromHexString(answer) : original));

        Assert.StartsWith(field, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Non_social_security_card_raises_NotASocialSecurityCard_after_one_command()
    {
        var card = new ForeignCard("6A82");

        await Assert.ThrowsAsync<NotASocialSecurityCardException>(() => ReadAsync(card));

        Assert.Equal(1, card.CommandCount);
    }

    [Fact]
    public async Task Unknown_spec_version_raises_NotASocialSecurityCard()
    {
        await Assert.ThrowsAsync<NotASocialSecurityCardException>(
            () => ReadAsync(SimCard.ThirdGen().WithSpecVersion("7.00", CardAlgorithm.Sm4).Build()));
    }

    [Fact]
    public async Task Spec_version_that_is_not_text_raises_NotASocialSecurityCard()
    {
        await Assert.ThrowsAsync<NotASocialSecurityCardException>(() => ReadAsync(
            SimCard.SecondGen().Build(),
            rewrite: (hex, original) => hex == "00B2032C06" ? Convert.FromHexString("0304FF0102039000") : original));
    }

    [Fact]
    public async Task EF06_refused_on_a_second_generation_card_raises_CardCommandException_with_the_status_word()
    {
        var error = await Assert.ThrowsAsync<CardCommandException>(() => ReadAsync(
            SimCard.SecondGen().Build(),
            rewrite: (hex, original) => hex.StartsWith("00B2", StringComparison.Ordinal) && hex.Substring(6, 2) == "34" ? [0x69, 0x82] : original));

        Assert.Equal(0x6982, error.StatusWord.Value);
        Assert.Equal("READ RECORD EF06/1", error.Command);
    }

    [Fact]
    public async Task Result_ToString_masks_personal_data()
    {
        var (result, _) = await ReadAsync(SimCard.SecondGen().Build());

        var text = result.ToString();

        Assert.DoesNotContain("990001199001010013", text, StringComparison.Ordinal);
        Assert.DoesNotContain("测试乙", text, StringComparison.Ordinal);
        Assert.DoesNotContain("SIM000002", text, StringComparison.Ordinal);
        Assert.DoesNotContain("990001D156000005000000015A3C19E2", text, StringComparison.Ordinal);
        Assert.Contains("9900**********0013", text, StringComparison.Ordinal);
    }

    private sealed class ZonedTime(DateTimeOffset utc, TimeSpan offset) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => utc;

        public override TimeZoneInfo LocalTimeZone { get; } = TimeZoneInfo.CreateCustomTimeZone("test", offset, "test", "test");
    }
}
