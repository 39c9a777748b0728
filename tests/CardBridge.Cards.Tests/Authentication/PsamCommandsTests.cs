using CardBridge.Cards.Authentication;
using CardBridge.Iso7816;

namespace CardBridge.Cards.Tests.Authentication;

/// <summary>Each named PSAM command of <see cref="PsamCommands"/>, and the secure-messaging MAC input, byte for byte.</summary>
public sealed class PsamCommandsTests
{
    private static readonly byte[] Block = Convert.FromHexString("0102030405060708");

    private static string Hex(CommandApdu command) => Convert.ToHexString(command.ToArray());

    [Fact]
    public void ReadTerminalNumber_reads_six_bytes_of_SFI_16()
    {
        Assert.Equal("00B0960006", Hex(PsamCommands.ReadTerminalNumber()));
    }

    [Fact]
    public void InitForDescrypt_names_usage_and_key_index_and_carries_the_factors()
    {
        Assert.Equal("801A2701080102030405060708", Hex(PsamCommands.InitForDescrypt(PsamAuthenticator.InternalAuthUsage, 0x01, Block)));
    }

    [Fact]
    public void CipherData_and_MacCalculation_ask_for_the_whole_answer()
    {
        Assert.Equal("80FA000008010203040506070800", Hex(PsamCommands.CipherData(Block)));
        Assert.Equal("80FA050008010203040506070800", Hex(PsamCommands.MacCalculation(Block)));
    }

    [Fact]
    public void The_secure_messaging_MAC_covers_the_header_with_Lc_counting_the_MAC_and_the_data()
    {
        var update = CommandApdu.UpdateRecord(0x06, 2, Convert.FromHexString("00000064"), cla: 0x04);

        Assert.Equal("04DC02340800000064", Convert.ToHexString(SecureMessaging.MacInput(update)));
    }
}
