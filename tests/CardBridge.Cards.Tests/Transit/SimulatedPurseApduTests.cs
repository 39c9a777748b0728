using System.Text.Json.Nodes;
using CardBridge.Simulation.Cards;
using CardBridge.Simulation.Profiles;
using CardBridge.Simulation.SocialSecurity;

namespace CardBridge.Cards.Tests.Transit;

// Byte-level checks of the simulated purse against the command formats of DESIGN §8.
public sealed class SimulatedPurseApduTests
{
    private static string Send(SimulatedSocialSecurityCard card, string hex) => Convert.ToHexString(card.Process(Convert.FromHexString(hex)).Response);

    private static SimulatedSocialSecurityCard SelectedPurse(uint balanceFen = 5000)
    {
        var card = SimCard.ThirdGen().WithT0GetResponse(false).WithPurse(balanceFen).Build();
        Assert.EndsWith("9000", Send(card, "00A4040008A000000632010105"), StringComparison.Ordinal);
        return card;
    }

    [Fact]
    public void Public_information_holds_the_application_serial_at_offset_12()
    {
        var card = SelectedPurse();

        var answer = Send(card, "00B0950000");

        Assert.Equal("9900010000000001", answer.Substring(24, 16));
        Assert.EndsWith("9000", answer, StringComparison.Ordinal);
    }

    [Fact]
    public void Get_balance_answers_four_bytes_of_fen()
    {
        Assert.Equal("000013889000", Send(SelectedPurse(5000), "805C000204"));
    }

    [Fact]
    public void Purse_commands_are_not_known_outside_the_purse_application()
    {
        Assert.Equal("6D00", Send(SimCard.ThirdGen().WithT0GetResponse(false).Build(), "805C000204"));
    }

    [Fact]
    public void Initialize_for_purchase_answers_balance_counter_overdraft_key_version_algorithm_and_random()
    {
        var card = SelectedPurse(5000);

        var answer = Send(card, "805001020B01000000C89999000000010F");

        Assert.Equal(15 * 2 + 4, answer.Length);
        Assert.StartsWith("00001388" + "0000" + "000000" + "01" + "00", answer, StringComparison.Ordinal);
        Assert.EndsWith("9000", answer, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("805001020B01000013890000000000010F", "9401")]
    [InlineData("805001020B02000000C80000000000010F", "9403")]
    public void Initialize_for_purchase_refuses_an_amount_over_the_balance_and_an_unknown_key_index(string command, string statusWord)
    {
        Assert.Equal(statusWord, Send(SelectedPurse(5000), command));
    }

    [Fact]
    public void Debit_without_initialize_is_refused_and_debits_nothing()
    {
        var card = SelectedPurse(5000);

        Assert.Equal("6985", Send(card, "805401000F000000012026031408153011223344"));
        Assert.Equal(5000u, card.Purse!.BalanceFen);
    }

    [Fact]
    public void Debit_with_a_wrong_MAC1_answers_9302_and_debits_nothing()
    {
        var card = SelectedPurse(5000);
        Send(card, "805001020B01000000C80000000000010F");

        Assert.Equal("9302", Send(card, "805401000F000000012026031408153011223344"));
        Assert.Equal(5000u, card.Purse!.BalanceFen);
        Assert.Equal((ushort)0, card.Purse.OfflineCounter);
    }

    [Fact]
    public void Transaction_prove_for_a_purchase_the_card_never_completed_answers_9406()
    {
        Assert.Equal("9406", Send(SelectedPurse(), "805A0006020001"));
    }

    [Fact]
    public void Remove_after_processing_fires_only_on_its_instruction_and_only_once()
    {
        var card = SelectedPurse(5000);
        card.Faults.RemoveAfterProcessing(0x5C);

        Assert.Equal(SimulatedReplyKind.Answer, card.Process(Convert.FromHexString("00B0950000")).Kind);
        Assert.Equal(SimulatedReplyKind.Removed, card.Process(Convert.FromHexString("805C000204")).Kind);
        Assert.False(card.Faults.RemovesAfterProcessing);
        Assert.Equal(SimulatedReplyKind.Answer, card.Process(Convert.FromHexString("805C000204")).Kind);
    }

    [Fact]
    public void Profile_transit_section_errors_name_the_field()
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(CardProfiles.Directory, "third-gen.json")))!;
        json["transit"]!["applicationSerial"] = "9900";
        var directory = Directory.CreateTempSubdirectory("purse-profile-");
        try
        {
            File.Copy(Path.Combine(CardProfiles.Directory, "issuer-test.keys.json"), Path.Combine(directory.FullName, "issuer-test.keys.json"));
            var path = Path.Combine(directory.FullName, "bad-serial.json");
            File.WriteAllText(path, json.ToJsonString());

            var error = Assert.Throws<CardProfileException>(() => CardProfiles.Load(path));

            Assert.Equal("transit.applicationSerial", error.Field);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
