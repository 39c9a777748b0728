using System.Text;
using CardBridge.Api.V1;
using Google.Protobuf;

namespace CardBridge.Service.Tests.Security;

public sealed class IdentityScopeTests
{
    // The synthetic holder of hardware-sim/profiles/third-gen.json.
    private const string Name = "测试甲";
    private const string Ssn = "990001199001010013";
    private const string CardNumber = "SIM000001";

    private static readonly string PseudonymKeyA = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    private static readonly string PseudonymKeyB = Convert.ToBase64String(Enumerable.Range(101, 32).Select(i => (byte)i).ToArray());

    private static async Task<CardIdentity> ReadAsync(ServiceRig rig, ApiKeyClient client)
    {
        var identity = await rig.Identity.AwaitCredentialAsync(
            new AwaitCredentialRequest { Reader = ServiceRig.Reader0, Purpose = "scope test" }, client.Options);
        Assert.Equal(AwaitCredentialResponse.CredentialOneofCase.Card, identity.CredentialCase);
        var read = await rig.Identity.ReadCardAsync(
            new ReadCardRequest { Target = new CardTarget { SessionId = identity.Card.SessionId }, Purpose = "scope test" }, client.Options);
        return read.Identity;
    }

    [Fact]
    public async Task Identity_basic_gets_holder_id_and_masked_values_and_no_personal_field_is_present()
    {
        var basic = new ApiKeyClient("library-door", "identity.basic");
        var full = new ApiKeyClient("counter", "identity.full");
        await using var rig = await ServiceRig.StartAsync([.. ApiKeyClient.SettingsOf(basic, full), ("Security:PseudonymKey", PseudonymKeyA)]);
        var identity = await ReadAsync(rig, basic);
        var fullCardIdentificationCode = (await ReadAsync(rig, full)).Card.CardIdentificationCode;

        Assert.Equal(64, identity.Holder.HolderId.Length);
        Assert.Equal("测**", identity.Holder.NameMasked);
        Assert.Equal("SI*****01", identity.Card.CardNumberMasked);
        Assert.False(identity.Holder.HasName);
        Assert.False(identity.Holder.HasSsn);
        Assert.False(identity.Holder.HasSex);
        Assert.False(identity.Holder.HasEthnicity);
        Assert.False(identity.Holder.HasBirthplace);
        Assert.Null(identity.Holder.BirthDate);
        Assert.False(identity.Card.HasCardNumber);
        Assert.False(identity.Card.HasCardIdentificationCode);
        var json = JsonFormatter.Default.Format(identity);
        var binary = identity.ToByteArray();
        foreach (var secret in new[] { Name, Ssn, CardNumber, fullCardIdentificationCode })
        {
            Assert.DoesNotContain(secret, json, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, identity.ToString(), StringComparison.Ordinal);
            Assert.False(binary.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)) >= 0, "the wire bytes carry a personal value");
        }
        foreach (var field in new[] { "\"name\"", "\"ssn\"", "\"sex\"", "\"ethnicity\"", "\"birthplace\"", "\"birthDate\"", "\"cardNumber\"", "\"cardIdentificationCode\"" })
        {
            Assert.DoesNotContain(field, json, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Identity_full_gets_every_field()
    {
        var full = new ApiKeyClient("counter", "identity.full");
        await using var rig = await ServiceRig.StartAsync([.. ApiKeyClient.SettingsOf(full), ("Security:PseudonymKey", PseudonymKeyA)]);

        var identity = await ReadAsync(rig, full);

        Assert.Equal(Name, identity.Holder.Name);
        Assert.Equal(Ssn, identity.Holder.Ssn);
        Assert.Equal(Sex.Male, identity.Holder.Sex);
        Assert.Equal("01", identity.Holder.Ethnicity);
        Assert.Equal("990001", identity.Holder.Birthplace);
        Assert.Equal(new DateTime(1990, 1, 1, 0, 0, 0, DateTimeKind.Utc), identity.Holder.BirthDate.ToDateTime());
        Assert.Equal(CardNumber, identity.Card.CardNumber);
        Assert.True(identity.Card.HasCardIdentificationCode);
        Assert.StartsWith("990001", identity.Card.CardIdentificationCode, StringComparison.Ordinal);
        Assert.Equal(64, identity.Holder.HolderId.Length);
        Assert.Equal("测**", identity.Holder.NameMasked);
        Assert.Equal("SI*****01", identity.Card.CardNumberMasked);
    }

    [Fact]
    public async Task Holder_id_is_stable_across_instances_with_one_key_and_differs_under_another_key()
    {
        var basic = new ApiKeyClient("library-door", "identity.basic");
        var full = new ApiKeyClient("counter", "identity.full");
        string first, firstFull, second, other;
        await using (var rig = await ServiceRig.StartAsync([.. ApiKeyClient.SettingsOf(basic, full), ("Security:PseudonymKey", PseudonymKeyA)]))
        {
            first = (await ReadAsync(rig, basic)).Holder.HolderId;
            firstFull = (await ReadAsync(rig, full)).Holder.HolderId;
        }
        await using (var rig = await ServiceRig.StartAsync([.. ApiKeyClient.SettingsOf(basic), ("Security:PseudonymKey", PseudonymKeyA)]))
        {
            second = (await ReadAsync(rig, basic)).Holder.HolderId;
        }
        await using (var rig = await ServiceRig.StartAsync([.. ApiKeyClient.SettingsOf(basic), ("Security:PseudonymKey", PseudonymKeyB)]))
        {
            other = (await ReadAsync(rig, basic)).Holder.HolderId;
        }

        Assert.Equal(first, second);
        Assert.Equal(first, firstFull);
        Assert.NotEqual(first, other);
        Assert.DoesNotContain(Ssn, first, StringComparison.Ordinal);
    }
}
