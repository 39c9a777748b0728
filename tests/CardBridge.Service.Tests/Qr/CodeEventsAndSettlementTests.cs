using CardBridge.Api.V1;
using CardBridge.Service.Tests.Security;
using Grpc.Core;
using static CardBridge.Service.Tests.Api.RigCards;

namespace CardBridge.Service.Tests.Qr;

public sealed class CodeEventsAndSettlementTests
{
    private static readonly ApiKeyClient Teller = new("teller", "identity.full", "settlement");

    private static CallOptions Local => ServiceRig.WithKey(null, TimeSpan.FromSeconds(30));

    private static async Task<CodeCredential> ScanAsync(ServiceRig rig, QrCodeKind kind)
    {
        using var call = rig.Identity.AwaitCredentialAsync(RigCodes.Await(), Local);
        await call.ResponseHeadersAsync;
        await rig.PresentAsync(kind);
        return (await call.ResponseAsync).Code;
    }

    private static SettleRequest SettleWith(string credentialId, string key) => new()
    {
        IdempotencyKey = key,
        Credential = new SettlementCredential { CodeCredentialId = credentialId },
        Bill = new Bill { Scenario = SettlementScenario.Outpatient, TotalFen = 5_000 },
        Purpose = "outpatient bill",
    };

    [Fact]
    public async Task ListReaders_names_the_scanners_and_WatchEvents_starts_with_their_connectivity()
    {
        await using var rig = await ServiceRig.StartAsync();

        var listed = await rig.Readers.ListReadersAsync(new ListReadersRequest(), Local);
        using var events = rig.Readers.WatchEvents(new WatchEventsRequest(), Local);
        ScannerConnectivityChanged? first = null;
        while (first is null && await events.ResponseStream.MoveNext(CancellationToken.None))
        {
            first = events.ResponseStream.Current.ScannerConnectivity;
        }

        Assert.Equal(RigCodes.Scanner, Assert.Single(listed.Scanners).Name);
        Assert.Equal(RigCodes.Scanner, first!.Scanner);
    }

    [Fact]
    public async Task WatchEvents_carries_accepted_and_refused_codes_with_kind_and_credential_id_but_no_holder()
    {
        await using var rig = await ServiceRig.StartAsync();
        using var events = rig.Readers.WatchEvents(new WatchEventsRequest { Reader = RigCodes.Scanner }, Local);
        await events.ResponseHeadersAsync;

        var accepted = await ScanAsync(rig, QrCodeKind.EVoucher);
        await rig.PresentAsync(QrCodeKind.Transit, SimulatedCode.Expired);
        var scanned = new List<ReaderEvent>();
        while (scanned.Count < 2 && await events.ResponseStream.MoveNext(CancellationToken.None))
        {
            if (events.ResponseStream.Current.QrScanned is not null)
            {
                scanned.Add(events.ResponseStream.Current);
            }
        }

        Assert.Equal(accepted.CredentialId, scanned[0].QrScanned.CredentialId);
        Assert.Equal(QrCodeKind.EVoucher, scanned[0].QrScanned.Kind);
        Assert.Equal(ErrorReason.Unspecified, scanned[0].QrScanned.Refused);
        Assert.Equal(accepted.ScannedAt, scanned[0].QrScanned.ScannedAt);
        Assert.Equal(QrCodeKind.Transit, scanned[1].QrScanned.Kind);
        Assert.Equal(ErrorReason.QrExpired, scanned[1].QrScanned.Refused);
        Assert.Empty(scanned[1].QrScanned.CredentialId);
        Assert.DoesNotContain(accepted.Holder.Name, scanned[0].ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(accepted.Holder.HolderId, scanned[0].ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(QrCodeKind.EVoucher)]
    [InlineData(QrCodeKind.ESocialSecurityCard)]
    public async Task A_scanned_e_voucher_or_e_SSC_code_pays_a_bill_online_by_its_credential_id(QrCodeKind kind)
    {
        await using var rig = await ServiceRig.StartAsync(ApiKeyClient.SettingsOf(Teller));
        var code = await ScanAsync(rig, kind);
        var settlement = new SettlementService.SettlementServiceClient(rig.Channel);

        var settled = await settlement.SettleAsync(SettleWith(code.CredentialId, "his-code-1"), Teller.Options);
        var account = await settlement.QueryAccountAsync(new QueryAccountRequest
        {
            Credential = new SettlementCredential { CodeCredentialId = code.CredentialId }, Purpose = "balance",
        }, Teller.Options);

        Assert.False(settled.Offline);
        Assert.NotEmpty(settled.SettlementId);
        Assert.Equal(5_000, settled.Amounts.TotalFen);
        Assert.Contains(account.Recent, r => r.IdempotencyKey == "his-code-1");
    }

    [Fact]
    public async Task A_transit_code_cannot_pay_a_medical_bill_and_an_unknown_id_is_CREDENTIAL_UNKNOWN()
    {
        await using var rig = await ServiceRig.StartAsync(ApiKeyClient.SettingsOf(Teller));
        var transit = await ScanAsync(rig, QrCodeKind.Transit);
        var settlement = new SettlementService.SettlementServiceClient(rig.Channel);

        var notAccepted = await Assert.ThrowsAsync<RpcException>(async () => await settlement.SettleAsync(SettleWith(transit.CredentialId, "his-code-2"), Teller.Options));
        var unknown = await Assert.ThrowsAsync<RpcException>(async () => await settlement.SettleAsync(SettleWith(Guid.NewGuid().ToString(), "his-code-3"), Teller.Options));
        var malformed = await Assert.ThrowsAsync<RpcException>(async () => await settlement.SettleAsync(SettleWith("not-an-id", "his-code-4"), Teller.Options));

        Assert.Equal("transit", AssertError(notAccepted, StatusCode.FailedPrecondition, "CREDENTIAL_NOT_ACCEPTED").Metadata["code_kind"]);
        AssertError(unknown, StatusCode.FailedPrecondition, "CREDENTIAL_UNKNOWN");
        Assert.Equal("credential.code_credential_id", AssertError(malformed, StatusCode.InvalidArgument, "INVALID_REQUEST").Metadata["field"]);
    }
}
