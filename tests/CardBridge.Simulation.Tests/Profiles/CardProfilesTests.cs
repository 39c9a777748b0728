using CardBridge.Crypto;
using CardBridge.Iso7816;
using CardBridge.Simulation.Keys;
using CardBridge.Simulation.Profiles;
using CardBridge.Simulation.Psam;
using CardBridge.Simulation.SocialSecurity;

namespace CardBridge.Simulation.Tests.Profiles;

public sealed class CardProfilesTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("cardbridge-profiles-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    public static TheoryData<string> CardProfileNames() =>
        new(CardProfiles.Names.Where(name => !name.StartsWith("psam", StringComparison.Ordinal)));

    [Fact]
    public void Names_lists_the_shipped_profiles_without_key_files()
    {
        Assert.Subset(
            new HashSet<string> { "third-gen", "second-gen", "expired", "pin-blocked", "forged", "psam", "rare-name", "psam-no-rkssse" },
            CardProfiles.Names.ToHashSet());
        Assert.DoesNotContain(CardProfiles.Names, name => name.Contains("keys", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(CardProfileNames))]
    public async Task Every_card_profile_loads_and_reads_its_card_data(string name)
    {
        var card = new CardUnderTest(CardProfiles.Load(name));

        var fci = await card.SendAsync(CardUnderTest.SelectSsse);
        var cardNumber = await card.SendAsync("00B2072C00");

        fci.HasStatus(0x9000);
        Assert.StartsWith("SIM", System.Text.Encoding.ASCII.GetString(BerTlv.ParseSingle(cardNumber.Data).Value.Span));
    }

    [Fact]
    public async Task Psam_profile_loads_and_reads_its_terminal_number()
    {
        var psam = Assert.IsType<SimulatedPsam>(CardProfiles.Load("psam"));

        var response = await new CardUnderTest(psam).SendAsync("00B0960006");

        Assert.Equal("999900000001", psam.TerminalNumber);
        Assert.Equal("999900000001", CardUnderTest.Hex(response.Data));
    }

    [Fact]
    public async Task Expired_profile_has_an_expiry_date_in_the_past()
    {
        var card = new CardUnderTest(CardProfiles.Load("expired"));
        await card.SendAsync(CardUnderTest.SelectSsse);

        var expiry = BerTlv.ParseSingle((await card.SendAsync("00B2062C00")).Data).Value;

        Assert.True(string.CompareOrdinal(CardUnderTest.Hex(expiry), DateTime.UtcNow.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture)) < 0);
    }

    [Fact]
    public async Task Rare_name_profile_needs_the_name_extension()
    {
        var card = new CardUnderTest(CardProfiles.Load("rare-name"));
        var psam = new CardUnderTest(CardProfiles.Load("psam"));
        await card.SendAsync(CardUnderTest.SelectSsse);
        var cardId = BerTlv.ParseSingle((await card.SendAsync("00B2012C00")).Data).Value.ToArray();
        var challenge = (await card.SendAsync("0084000008")).Data;
        await psam.SendAsync("00A404000F7378322E73682EC9E7BBE1B1A3D5CF");
        await psam.SendAsync(new CommandApdu(0x80, 0x1A, 0x28, 0x01, (byte[])[.. "990001sx"u8, .. cardId[8..]]));
        var cryptogram = (await psam.SendAsync(new CommandApdu(0x80, 0xFA, 0x00, 0x00, challenge, 256))).Data;
        (await card.SendAsync(new CommandApdu(0x00, 0x82, 0x00, 0x0A, cryptogram))).HasStatus(0x9000);

        var name = BerTlv.ParseSingle((await card.SendAsync("00B2023400")).Data).Value;
        var extension = BerTlv.ParseSingle((await card.SendAsync("00B2033400")).Data).Value;

        var full = DataElements.CardText.Gb18030.GetString([.. name.Span.TrimEnd((byte)0), .. extension.Span.TrimEnd((byte)0)]);
        Assert.Equal("测试䶮·阿依古丽·买买提·测试己", full);
        Assert.False(extension.Span.TrimEnd((byte)0).IsEmpty);
    }

    [Fact]
    public void Load_by_path_works_and_the_forged_profile_uses_the_forger_keys()
    {
        var card = Assert.IsType<SimulatedSocialSecurityCard>(CardProfiles.Load(Path.Combine(CardProfiles.Directory, "forged.json")));

        Assert.Equal(CardAlgorithm.Sm4, card.Algorithm);
        Assert.Equal("forged", card.ProfileName);
    }

    [Fact]
    public void Unknown_profile_name_is_a_CardProfileException_listing_the_known_ones()
    {
        var error = Assert.Throws<CardProfileException>(() => CardProfiles.Load("no-such-card"));

        Assert.Contains("third-gen", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ \"type\": ", "")]
    [InlineData("[]", "")]
    [InlineData("{ \"specVersion\": \"3.00\" }", "type")]
    [InlineData("{ \"type\": \"toaster\" }", "type")]
    [InlineData("{ \"type\": \"psam\", \"terminalNumber\": \"12\" }", "terminalNumber")]
    [InlineData("{ \"type\": \"psam\", \"terminalNumber\": \"999900000001\", \"environments\": [\"des\", \"rsa\"] }", "environments[1]")]
    [InlineData("{ \"type\": \"psam\", \"terminalNumber\": \"999900000001\", \"environments\": [\"des\"], \"keySet\": \"nope\" }", "keySet")]
    public void Invalid_profiles_name_the_offending_field(string json, string field)
    {
        var error = Assert.Throws<CardProfileException>(() => LoadText(json));

        Assert.Equal(field, error.Field);
    }

    [Theory]
    [InlineData("holder.birthDate", "\"1990-13-01\"")]
    [InlineData("holder.name", "\"\\u0007\"")]
    [InlineData("holder.name", "\"测试测试测试测试测试测试测试测试测试测试测试测试测试测试测试测试测试测试测试测试测试测试测试测试测试测\"")]
    [InlineData("holder.ssn", "\"12345\"")]
    [InlineData("holder.sex", "\"3\"")]
    [InlineData("card.region", "\"99000A\"")]
    [InlineData("card.serial", "\"0001\"")]
    [InlineData("card.cardNumber", "\"SIM1\"")]
    [InlineData("card.colour", "\"red\"")]
    [InlineData("pin", "\"12ab56\"")]
    [InlineData("algorithm", "\"ssf33\"")]
    [InlineData("pinTriesLeft", "9")]
    [InlineData("specVersion", "\"4.00\"")]
    [InlineData("medical.transactions", "[{ \"sequence\": 1, \"type\": \"3\" }]")]
    [InlineData("files", "[{ \"aid\": \"D15600000502\", \"efs\": [{ \"fid\": \"EF05\", \"kind\": \"record\", \"read\": \"sometimes\" }] }]")]
    [InlineData("unionPay.pan", "\"6217\"")]
    [InlineData("unionPay.expiry", "\"2034-02-30\"")]
    public void A_bad_field_in_a_card_profile_is_named(string field, string value)
    {
        var error = Assert.Throws<CardProfileException>(() => LoadText(ThirdGenWith(field, value)));

        Assert.StartsWith(field, error.Field, StringComparison.Ordinal);
        Assert.Contains(field.Split('.')[^1], error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_unionPay_section_adds_the_financial_application_with_its_PAN_and_expiry()
    {
        var card = new CardUnderTest(LoadText(ThirdGenWith("unionPay", "{ \"pan\": \"6217990007000001\", \"expiry\": \"2030-06-30\" }")));

        (await card.SendAsync("00A4040008A000000333010101")).HasStatus(0x9000);
        var record = await card.SendAsync("00B2010C00");

        Assert.Equal("70105A0862179900070000015F2403300630", CardUnderTest.Hex(record.Data));
    }

    [Fact]
    public async Task Files_section_drops_extra_EFs_into_an_existing_DF()
    {
        var files = """
            [{ "aid": "D15600000502", "efs": [
                { "fid": "EF05", "sfi": 5, "kind": "record", "read": "pin", "records": ["A10131", "A2021234"] },
                { "fid": "EF15", "sfi": 21, "kind": "binary", "read": "always", "update": "pin", "data": "00112233" }
            ] }]
            """;
        var card = new CardUnderTest(LoadText(ThirdGenWith("files", files)));
        await card.SendAsync("00A4040006D15600000502");

        var locked = await card.SendAsync("00B2022C00");
        await card.SendAsync("0020000003123456");
        var record = await card.SendAsync("00B2022C00");
        var binary = await card.SendAsync("00B0950004");

        locked.HasStatus(0x6982);
        Assert.Equal("A2021234", CardUnderTest.Hex(record.Data));
        Assert.Equal("00112233", CardUnderTest.Hex(binary.Data));
    }

    [Fact]
    public async Task Update_binary_is_allowed_by_the_file_access_rule_only()
    {
        var files = """
            [{ "aid": "D15600000502", "efs": [
                { "fid": "EF15", "sfi": 21, "kind": "binary", "read": "always", "update": "pin", "data": "00112233" }
            ] }]
            """;
        var card = new CardUnderTest(LoadText(ThirdGenWith("files", files)));
        await card.SendAsync("00A4040006D15600000502");

        var denied = await card.SendAsync("00D6950102AABB");
        await card.SendAsync("0020000003123456");
        var updated = await card.SendAsync("00D6950102AABB");
        var overrun = await card.SendAsync("00D6000302AABB");
        var read = await card.SendAsync("00B0950004");

        denied.HasStatus(0x6982);
        updated.HasStatus(0x9000);
        overrun.HasStatus(0x6700);
        Assert.Equal("00AABB33", CardUnderTest.Hex(read.Data));
    }

    [Fact]
    public async Task Files_section_can_add_a_new_DF_below_SSSE()
    {
        var files = """
            [{ "parentAid": "7378312E73682EC9E7BBE1B1A3D5CF", "aid": "D15600000599", "fid": "DF09", "efs": [
                { "sfi": 1, "kind": "cyclic", "records": ["0001", "0002", "0003"], "capacity": 5 }
            ] }]
            """;
        var card = new CardUnderTest(LoadText(ThirdGenWith("files", files)));
        await card.SendAsync(CardUnderTest.SelectSsse);
        await card.SendAsync("00A4000002DF09");

        var newest = await card.SendAsync("00B2010C00");

        Assert.Equal("0003", CardUnderTest.Hex(newest.Data));
    }

    [Fact]
    public void Key_file_whose_usage_codes_disagree_with_the_code_is_rejected()
    {
        var keys = File.ReadAllText(Path.Combine(CardProfiles.Directory, IssuerKeyFile.DefaultFileName))
            .Replace("\"psamUsage\": \"28\"", "\"psamUsage\": \"29\"", StringComparison.Ordinal);

        var error = Assert.Throws<CardProfileException>(() => IssuerKeyFile.Parse("test.keys.json", keys));

        Assert.Equal("usages.rkssse.psamUsage", error.Field);
    }

    [Fact]
    public void Shipped_key_file_holds_both_sets_for_both_algorithms()
    {
        var keys = IssuerKeyFile.LoadDefault();

        foreach (var set in new[] { IssuerKeyFile.IssuerSet, IssuerKeyFile.ForgerSet })
        {
            foreach (var algorithm in new[] { CardAlgorithm.Sm4, CardAlgorithm.Des3 })
            {
                foreach (var usage in Enum.GetValues<IssuerKeyUsage>())
                {
                    Assert.Equal(16, keys.MasterKey(set, algorithm, usage)?.Length);
                }
            }
        }
        Assert.NotEqual(
            keys.MasterKey(IssuerKeyFile.IssuerSet, CardAlgorithm.Sm4, IssuerKeyUsage.Rkssse)!.Value.ToArray(),
            keys.MasterKey(IssuerKeyFile.ForgerSet, CardAlgorithm.Sm4, IssuerKeyUsage.Rkssse)!.Value.ToArray());
    }

    private Cards.ISimulatedCard LoadText(string json)
    {
        var path = Path.Combine(_directory, "test-profile.json");
        File.WriteAllText(path, json);
        File.Copy(Path.Combine(CardProfiles.Directory, IssuerKeyFile.DefaultFileName), Path.Combine(_directory, IssuerKeyFile.DefaultFileName), overwrite: true);
        return CardProfiles.Load(path);
    }

    // The third-gen profile with one field (dotted path) replaced by a raw JSON value.
    private static string ThirdGenWith(string field, string value)
    {
        var root = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(CardProfiles.Directory, "third-gen.json")))!.AsObject();
        var parts = field.Split('.');
        var target = root;
        foreach (var part in parts[..^1])
        {
            target = target[part]!.AsObject();
        }
        target[parts[^1]] = System.Text.Json.Nodes.JsonNode.Parse(value);
        return root.ToJsonString();
    }
}
