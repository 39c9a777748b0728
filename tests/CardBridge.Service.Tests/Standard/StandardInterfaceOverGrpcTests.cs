using System.Text;
using CardBridge.Api.V1;
using CardBridge.Service.Tests.Api;
using CardBridge.Service.Tests.Security;
using CardBridge.Simulation.Profiles;
using CardBridge.Tests.Shared;
using Grpc.Core;

namespace CardBridge.Service.Tests.Standard;

/// <summary>StandardInterfaceService in process: the standard strings of the simulator's cards, the two HSM steps, iReadCard.</summary>
public sealed class StandardInterfaceOverGrpcTests
{
    internal const string Device = "CB-DEV-01";
    internal const string CardId = "990001D156000005000000015A3C19E2";

    private static readonly Encoding Gb18030 = CodePagesEncodingProvider.Instance.GetEncoding(54936)!;

    private static Task<ServiceRig> StartAsync(params (string Key, string? Value)[] settings) =>
        ServiceRig.StartAsync([("StandardInterface:DeviceNumber", Device), .. settings]);

    private static StandardInterfaceService.StandardInterfaceServiceClient Client(ServiceRig rig) => new(rig.Channel);

    // The historical bytes of the simulated third-generation card's ATR: "SIMSSC30".
    internal const string AtrHistorical = "53494D5353433330";

    internal static string ThirdGenLine(string terminal = "999900000001") =>
        $"990001|990001199001010013|SIM000001|{CardId}|测试甲|{AtrHistorical}|3.00|20240301|20340301|{terminal}|{Device}|";

    [Fact]
    public async Task ReadCardBas_answers_the_eleven_fields_of_the_third_generation_card_in_UTF8_and_GB18030()
    {
        await using var rig = await StartAsync();
        var session = await rig.InitialSessionAsync();

        var output = await Client(rig).ReadCardBasAsync(new StandardCardRequest { Purpose = "registration" }, ServiceRig.WithKey(null));

        Assert.Equal(ThirdGenLine(), output.Text);
        Assert.Equal(Gb18030.GetBytes(ThirdGenLine()), output.Gb18030.ToByteArray());
        Assert.Equal(session, output.SessionId);
        Assert.False(output.Masked);
    }

    [Fact]
    public async Task ReadCardBas_for_identity_basic_masks_the_personal_fields()
    {
        var basic = new ApiKeyClient("basic", "identity.basic");
        await using var rig = await StartAsync(ApiKeyClient.SettingsOf(basic));

        var output = await Client(rig).ReadCardBasAsync(new StandardCardRequest(), basic.Options);

        Assert.True(output.Masked);
        Assert.Equal($"990001|9900**********0013|SI*****01|99****************************E2|测**|{AtrHistorical}|3.00|20240301|20340301|999900000001|{Device}|", output.Text);
    }

    [Fact]
    public async Task Readers_are_tried_in_order_and_none_holding_a_card_is_NO_CARD()
    {
        await using var rig = await StartAsync();
        await rig.InitialSessionAsync();

        var chosen = await Client(rig).ReadCardBasAsync(
            new StandardCardRequest { Readers = { "Not Attached", ServiceRig.Reader1, ServiceRig.Reader0 } }, ServiceRig.WithKey(null));
        var none = await Assert.ThrowsAsync<RpcException>(async () => await Client(rig).ReadCardBasAsync(
            new StandardCardRequest { Readers = { ServiceRig.Reader1 } }, ServiceRig.WithKey(null)));

        Assert.Equal(ThirdGenLine(), chosen.Text);
        RigCards.AssertError(none, StatusCode.FailedPrecondition, "NO_CARD");
    }

    [Fact]
    public async Task Without_a_PSAM_the_callers_HSM_opens_the_holder_in_two_steps()
    {
        await using var rig = await StartAsync(("Simulation:Psam", "false"));
        var session = await rig.InitialSessionAsync();

        var direct = await Assert.ThrowsAsync<RpcException>(async () => await Client(rig).ReadCardBasAsync(new StandardCardRequest(), ServiceRig.WithKey(null)));
        var step1 = await Client(rig).HsmStep1Async(new StandardCardRequest(), ServiceRig.WithKey(null));
        var step2 = await Client(rig).HsmStep2Async(
            new HsmStep2Request { SessionId = step1.SessionId, Key = await CallerHsm.AnswerAsync(step1.Text) }, ServiceRig.WithKey(null));
        var replay = await Assert.ThrowsAsync<RpcException>(async () => await Client(rig).HsmStep2Async(
            new HsmStep2Request { SessionId = step1.SessionId, Key = await CallerHsm.AnswerAsync(step1.Text) }, ServiceRig.WithKey(null)));

        RigCards.AssertError(direct, StatusCode.FailedPrecondition, "HOLDER_UNAVAILABLE");
        var fields = step1.Text.Split('|');
        Assert.Equal(9, fields.Length);
        Assert.Equal(["990001", AtrHistorical, "03", CardId, "000000015A3C19E2"], fields[..5]);
        Assert.Equal(fields[4], fields[6]);
        Assert.All(new[] { fields[5], fields[7] }, random => Assert.Equal(16, random.Length));
        Assert.Equal(session, step2.SessionId);
        Assert.Equal(ThirdGenLine("000000000000"), step2.Text);
        RigCards.AssertError(replay, StatusCode.FailedPrecondition, "HSM_STEP_MISSING");
    }

    [Fact]
    public async Task A_forged_HSM_answer_is_CARD_NOT_GENUINE_and_a_malformed_key_INVALID_REQUEST()
    {
        await using var rig = await StartAsync(("Simulation:Psam", "false"));
        await rig.InitialSessionAsync();

        var step1 = await Client(rig).HsmStep1Async(new StandardCardRequest(), ServiceRig.WithKey(null));
        var malformed = await Assert.ThrowsAsync<RpcException>(async () => await Client(rig).HsmStep2Async(
            new HsmStep2Request { SessionId = step1.SessionId, Key = "not hex|" }, ServiceRig.WithKey(null)));
        var forged = await Assert.ThrowsAsync<RpcException>(async () => await Client(rig).HsmStep2Async(
            new HsmStep2Request { SessionId = step1.SessionId, Key = await CallerHsm.AnswerAsync(step1.Text, forged: true) }, ServiceRig.WithKey(null)));

        Assert.Equal("key", RigCards.AssertError(malformed, StatusCode.InvalidArgument, "INVALID_REQUEST").Metadata["field"]);
        RigCards.AssertError(forged, StatusCode.FailedPrecondition, "CARD_NOT_GENUINE");
    }

    [Fact]
    public async Task Second_generation_card_needs_no_authentication_step1_leaves_the_auth_fields_empty()
    {
        await using var rig = await StartAsync();
        await rig.SwapCardAsync(ServiceRig.Reader0, SimCard.SecondGen().Build());

        var step1 = await Client(rig).HsmStep1Async(new StandardCardRequest(), ServiceRig.WithKey(null));
        var step2 = await Client(rig).HsmStep2Async(new HsmStep2Request { SessionId = step1.SessionId, Key = "anything" }, ServiceRig.WithKey(null));

        Assert.EndsWith("|||||", step1.Text, StringComparison.Ordinal);
        Assert.Contains("|2.00|", step2.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("DF04EF05|81|8F|$", "310|1|$")]
    [InlineData("DDF1EF06|08|09|4E|0A|$DF04EF05|81|$", "990001199001010013|测试甲||1|$310|$")]
    [InlineData("3f00ef05|07|05|$", "SIM000001|20240301|$")]
    public async Task ReadCardFile_answers_the_named_elements_each_followed_by_a_bar_and_each_file_closed(string address, string expected)
    {
        await using var rig = await StartAsync();
        await rig.InitialSessionAsync();

        var output = await Client(rig).ReadCardFileAsync(new ReadCardFileRequest { FileAddress = address }, ServiceRig.WithKey(null));

        Assert.Equal(expected, output.Text);
    }

    [Theory]
    [InlineData("DF04EF05|81|8F|")]
    [InlineData("DF04EF06|90|$")]
    [InlineData("DF04EF05|99|$")]
    public async Task ReadCardFile_with_an_address_this_service_does_not_read_is_INVALID_REQUEST(string address)
    {
        await using var rig = await StartAsync();

        var error = await Assert.ThrowsAsync<RpcException>(async () => await Client(rig).ReadCardFileAsync(
            new ReadCardFileRequest { FileAddress = address }, ServiceRig.WithKey(null)));

        Assert.Equal("file_address", RigCards.AssertError(error, StatusCode.InvalidArgument, "INVALID_REQUEST").Metadata["field"]);
    }

    [Fact]
    public async Task Terminal_info_names_the_device_and_the_PSAM_terminal_number()
    {
        await using var rig = await StartAsync();

        var info = await Client(rig).GetTerminalInfoAsync(new GetTerminalInfoRequest(), ServiceRig.WithKey(null));

        Assert.Equal((Device, "999900000001"), (info.DeviceNumber, info.PsamTerminalNumber));
    }
}
