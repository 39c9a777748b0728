using CardBridge.Api.V1;
using CardBridge.Service.Tests.Api;
using CardBridge.Service.Tests.Standard;
using CardBridge.Simulation.Profiles;
using CardBridge.Tests.Shared;

namespace CardBridge.Service.Tests.Legacy;

/// <summary>
/// The legacy library (src/CardBridge.Legacy) through its real exports, loaded by a C program and by Python's ctypes
/// on Linux and by a mingw-built C program under wine64, against the simulated service's web listener: the standard
/// strings byte for byte in GBK and the standard codes.
/// </summary>
public sealed class LegacyLibraryTests
{
    private const string Reader0 = ServiceRig.Reader0;
    private const string ForeignCardId = "990001D1560000050000000000000000";

    private static Task<ServiceRig> StartAsync(params (string Key, string? Value)[] settings) =>
        ServiceRig.StartAsync(
        [
            ("Listeners:Web:Port", "0"),
            ("StandardInterface:DeviceNumber", StandardInterfaceOverGrpcTests.Device),
            ("Security:LocalScopes:4", "pin.admin"),
            ("Simulation:PinPadReaders:0", Reader0),
            .. settings,
        ]);

    private static async Task PressAsync(ServiceRig rig, string digits) =>
        await rig.Simulator.PressKeysAsync(new PressKeysRequest { Reader = Reader0, Digits = digits }, ServiceRig.WithKey(null));

    private static void AssertAnswer(long code, string text, LegacyAnswer answer)
    {
        Assert.Equal((code, text), (answer.Code, answer.Text));
        Assert.Equal(LegacyAnswer.Gbk.GetBytes(text), answer.Output);
    }

    [Theory]
    [InlineData(nameof(LegacyProgram.C))]
    [InlineData(nameof(LegacyProgram.PythonCtypes))]
    [InlineData(nameof(LegacyProgram.WineC))]
    public async Task Every_export_answers_the_standard_string_or_code(string program)
    {
        await using var rig = await StartAsync();
        await rig.InitialSessionAsync();
        await using var legacy = LegacyDriver.Start(program, rig.Directory, LegacyDriver.Ini(rig.WebAddress));

        AssertAnswer(0, StandardInterfaceOverGrpcTests.ThirdGenLine(), await legacy.CallAsync("iReadCardBas", "3"));
        AssertAnswer(0, StandardInterfaceOverGrpcTests.ThirdGenLine(), await legacy.CallAsync("iReadCardBas", "1"));
        AssertAnswer(-2, "无卡", await legacy.CallAsync("iReadCardBas", "2"));
        AssertAnswer(-14, "命令参数错", await legacy.CallAsync("iReadCardBas", "5"));
        var info = await legacy.CallAsync("iGetReaderInfo");
        Assert.Equal((0L, StandardInterfaceOverGrpcTests.Device, "999900000001"), (info.Code, info.Text, info.SecondText));
        AssertAnswer(0, "310|1|$", await legacy.CallAsync("iReadCard", "3", "1", "", "DF04EF05|81|8F|$"));
        AssertAnswer(0, "990001199001010013|测试甲||1|$310|$", await legacy.CallAsync("iReadCard", "4", "1", "", "DDF1EF06|08|09|4E|0A|$DF04EF05|81|$"));
        AssertAnswer(-14, "命令参数错", await legacy.CallAsync("iReadCard", "3", "1", "", "DF04EF06|90|$"));

        await PressAsync(rig, "000000");
        AssertAnswer(-51, "PIN校验失败，剩余次数2次", await legacy.CallAsync("iVerifyPIN", "1"));
        AssertAnswer(-32, "密码输入操作超时", await legacy.CallAsync("iVerifyPIN", "1"));
        await rig.Simulator.PressKeysAsync(new PressKeysRequest { Reader = Reader0, Cancel = true }, ServiceRig.WithKey(null));
        AssertAnswer(-31, "用户取消密码输入", await legacy.CallAsync("iVerifyPIN", "3"));
        await PressAsync(rig, RigCards.Pin);
        AssertAnswer(0, "", await legacy.CallAsync("iVerifyPIN", "3"));
        foreach (var digits in new[] { RigCards.Pin, "246802", "246802" })
        {
            await PressAsync(rig, digits);
        }
        AssertAnswer(0, "", await legacy.CallAsync("iChangePIN", "1"));

        AssertAnswer(-22, "传入数据与卡内不符", await legacy.CallAsync("iReloadPIN", "1", ForeignCardId + "|SIM000001|"));
        AssertAnswer(0, "", await legacy.CallAsync("iReloadPIN", "1", StandardInterfaceOverGrpcTests.CardId + "|SIM000001|"));
        await PressAsync(rig, "123456");
        AssertAnswer(0, "", await legacy.CallAsync("iVerifyPIN", "1"));

        await rig.SwapCardAsync(Reader0, SimCard.ThirdGen().WithPin(RigCards.Pin).PinBlocked().Build());
        await PressAsync(rig, RigCards.Pin);
        AssertAnswer(-52, "PIN锁定", await legacy.CallAsync("iVerifyPIN", "1"));
        AssertAnswer(0, "", await legacy.CallAsync("iUnblockPIN", "3", StandardInterfaceOverGrpcTests.CardId + "|"));
        await PressAsync(rig, RigCards.Pin);
        AssertAnswer(0, "", await legacy.CallAsync("iVerifyPIN", "1"));

        var foreign = SimCard.ThirdGen().Build();
        foreign.Faults.ForceStatusWord(0x6A82, ins: 0xA4);
        await rig.SwapCardAsync(Reader0, foreign);
        AssertAnswer(-1, "卡类型不对", await legacy.CallAsync("iReadCardBas", "3"));
        await rig.TakeCardAsync(Reader0);
        AssertAnswer(-2, "无卡", await legacy.CallAsync("iReadCardBas", "3"));
        AssertAnswer(-2, "无卡", await legacy.CallAsync("iVerifyPIN", "3"));
    }

    [Theory]
    [InlineData(nameof(LegacyProgram.C))]
    [InlineData(nameof(LegacyProgram.PythonCtypes))]
    [InlineData(nameof(LegacyProgram.WineC))]
    public async Task Without_a_PSAM_iReadCardBas_is_2201_and_the_callers_HSM_opens_the_card_in_two_steps(string program)
    {
        await using var rig = await StartAsync(("Simulation:Psam", "false"));
        await rig.InitialSessionAsync();
        await using var legacy = LegacyDriver.Start(program, rig.Directory, LegacyDriver.Ini(rig.WebAddress));

        AssertAnswer(-2201, "无PSAM卡", await legacy.CallAsync("iReadCardBas", "3"));
        AssertAnswer(-14, "命令参数错", await legacy.CallAsync("iReadCardBas_HSM_Step2", "00|00|"));
        var step1 = await legacy.CallAsync("iReadCardBas_HSM_Step1", "3");
        var key = await CallerHsm.AnswerAsync(step1.Text);
        var step2 = await legacy.CallAsync("iReadCardBas_HSM_Step2", key);
        var again = await legacy.CallAsync("iReadCardBas_HSM_Step1", "1");
        var forged = await legacy.CallAsync("iReadCardBas_HSM_Step2", await CallerHsm.AnswerAsync(again.Text, forged: true));

        Assert.Equal(0, step1.Code);
        Assert.StartsWith($"990001|{StandardInterfaceOverGrpcTests.AtrHistorical}|03|{StandardInterfaceOverGrpcTests.CardId}|", step1.Text, StringComparison.Ordinal);
        AssertAnswer(0, StandardInterfaceOverGrpcTests.ThirdGenLine("000000000000"), step2);
        AssertAnswer(-25, "内部认证与加密机不一致失败", forged);
    }

    [Theory]
    [InlineData(nameof(LegacyProgram.C))]
    [InlineData(nameof(LegacyProgram.PythonCtypes))]
    public async Task With_PIN_entry_by_the_caller_the_PINs_come_in_pOutInfo(string program)
    {
        await using var rig = await StartAsync();
        await rig.InitialSessionAsync();
        await using var legacy = LegacyDriver.Start(program, rig.Directory, LegacyDriver.Ini(rig.WebAddress, "[pin]\nentry = caller\n"));

        AssertAnswer(0, "", await legacy.CallAsync("iVerifyPIN", "1", RigCards.Pin));
        AssertAnswer(0, "", await legacy.CallAsync("iChangePIN", "1", $"{RigCards.Pin}|135790|"));
        AssertAnswer(-51, "PIN校验失败，剩余次数2次", await legacy.CallAsync("iVerifyPIN", "1", RigCards.Pin));
        AssertAnswer(0, "", await legacy.CallAsync("iVerifyPIN", "3", "135790"));
        AssertAnswer(-14, "命令参数错", await legacy.CallAsync("iVerifyPIN", "3", "12"));
        Assert.DoesNotContain("135790", legacy.Log, StringComparison.Ordinal);
    }
}
