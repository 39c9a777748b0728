using CardBridge.Cards.Purse;
using CardBridge.Iso7816;

namespace CardBridge.Cards.Tests.Purse;

/// <summary>Each named e-purse command of <see cref="PurseCommands"/>, byte for byte (DESIGN §8).</summary>
public sealed class PurseCommandsTests
{
    private static readonly byte[] TerminalId = Convert.FromHexString("999900000001");
    private static readonly byte[] DateTime = Convert.FromHexString("20260314081530");
    private static readonly byte[] Mac = Convert.FromHexString("11223344");

    private static string Hex(CommandApdu command) => Convert.ToHexString(command.ToArray());

    [Fact]
    public void GetBalance_asks_for_four_bytes_in_the_purse_class()
    {
        Assert.Equal("805C000204", Hex(PurseCommands.GetBalance(PurseCommands.TransitCla)));
        Assert.Equal("B05C000204", Hex(PurseCommands.GetBalance(PurseCommands.MedicalCla)));
    }

    [Fact]
    public void InitializeForPurchase_carries_key_index_amount_and_terminal_id_and_asks_for_15_bytes()
    {
        Assert.Equal("805001020B01000000C89999000000010F", Hex(PurseCommands.InitializeForPurchase(0x01, 200, TerminalId)));
    }

    [Fact]
    public void DebitForPurchase_carries_terminal_sequence_date_time_and_MAC1_and_asks_for_TAC_and_MAC2()
    {
        Assert.Equal("805401000F00000001202603140815301122334408", Hex(PurseCommands.DebitForPurchase(1, DateTime, Mac)));
    }

    [Fact]
    public void GetTransactionProve_names_the_purchase_by_the_counter_after_it()
    {
        Assert.Equal("805A000602000108", Hex(PurseCommands.GetTransactionProve(1)));
    }

    [Fact]
    public void The_medical_purchase_carries_the_split_after_the_terminal_id()
    {
        var split = Convert.FromHexString("0000006400000032");

        Assert.Equal("B028010113" + "01" + "000000C8" + "999900000001" + "0000006400000032" + "0F",
            Hex(PurseCommands.InitializeMedicalPurchase(0x01, 200, TerminalId, split)));
        Assert.Equal("B02C01000F00000001202603140815301122334408", Hex(PurseCommands.DebitMedicalPurchase(1, DateTime, Mac)));
    }

    [Fact]
    public void The_PSAM_computes_MAC1_and_verifies_MAC2()
    {
        Assert.Equal("8070010003AABBCC08", Hex(PurseCommands.ComputeMac1(0x01, Convert.FromHexString("AABBCC"))));
        Assert.Equal("807200000411223344", Hex(PurseCommands.VerifyMac2(Mac)));
    }
}
