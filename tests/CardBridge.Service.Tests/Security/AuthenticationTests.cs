using CardBridge.Api.V1;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;

namespace CardBridge.Service.Tests.Security;

public sealed class AuthenticationTests
{
    private static Task<ListReadersResponse> ListAsync(ServiceRig rig, Metadata headers) =>
        rig.Readers.ListReadersAsync(new ListReadersRequest(), new CallOptions(headers, DateTime.UtcNow.AddSeconds(10))).ResponseAsync;

    [Fact]
    public async Task No_credential_on_loopback_without_LocalScopes_is_UNAUTHENTICATED()
    {
        await using var rig = await ServiceRig.StartAsync([.. ApiKeyClient.SettingsOf(new ApiKeyClient("his", "admin")), .. ApiKeyClient.NoLocalScopes]);

        var error = await Assert.ThrowsAsync<RpcException>(() => ListAsync(rig, []));

        ApiKeyClient.AssertError(error, StatusCode.Unauthenticated, "UNAUTHENTICATED");
    }

    [Fact]
    public async Task No_credential_on_loopback_with_LocalScopes_gets_exactly_those_scopes()
    {
        await using var rig = await ServiceRig.StartAsync(("Security:LocalScopes:0", "transit"), ("Security:LocalScopes:1", ""),
            ("Security:LocalScopes:2", ""), ("Security:LocalScopes:3", ""));

        await ListAsync(rig, []);
        var error = await Assert.ThrowsAsync<RpcException>(async () => await rig.Simulator.ListProfilesAsync(new ListProfilesRequest(), ServiceRig.WithKey(null)));

        ApiKeyClient.AssertError(error, StatusCode.PermissionDenied, "SCOPE_DENIED");
    }

    public static TheoryData<string> BadAuthorizations() => new()
    {
        "Bearer unknown-key-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "Bearer ",
        "Bearer",
        "Basic aGlzOnNlY3JldA==",
        "bearer-without-space",
        "Bearer " + new string('k', 300),
    };

    // Simulator mode grants loopback callers LocalScopes; a bad credential must not fall back to them.
    [Theory]
    [MemberData(nameof(BadAuthorizations))]
    public async Task Unknown_or_malformed_credential_is_UNAUTHENTICATED_even_where_anonymous_loopback_callers_are_allowed(string authorization)
    {
        var client = new ApiKeyClient("his", "admin");
        await using var rig = await ServiceRig.StartAsync(ApiKeyClient.SettingsOf(client));

        var error = await Assert.ThrowsAsync<RpcException>(() => ListAsync(rig, [new("authorization", authorization)]));

        ApiKeyClient.AssertError(error, StatusCode.Unauthenticated, "UNAUTHENTICATED");
    }

    [Fact]
    public async Task Key_of_a_client_gets_that_clients_scopes_and_no_other()
    {
        var door = new ApiKeyClient("library-door", "identity.basic");
        var admin = new ApiKeyClient("operator", "admin");
        await using var rig = await ServiceRig.StartAsync([.. ApiKeyClient.SettingsOf(door, admin), .. ApiKeyClient.NoLocalScopes]);

        var identity = await rig.Identity.AwaitCredentialAsync(new AwaitCredentialRequest { Reader = ServiceRig.Reader0 }, door.Options);
        var doorDenied = await Assert.ThrowsAsync<RpcException>(async () => await rig.Simulator.ListProfilesAsync(new ListProfilesRequest(), door.Options));
        await rig.Simulator.ListProfilesAsync(new ListProfilesRequest(), admin.Options);
        var adminDenied = await Assert.ThrowsAsync<RpcException>(async () => await rig.Identity.ReadCardAsync(
            new ReadCardRequest { Target = new CardTarget { Reader = ServiceRig.Reader0 } }, admin.Options));

        Assert.False(identity.Card.Holder.HasName);
        Assert.Equal("admin", ApiKeyClient.AssertError(doorDenied, StatusCode.PermissionDenied, "SCOPE_DENIED").Metadata["required_scope"]);
        ApiKeyClient.AssertError(adminDenied, StatusCode.PermissionDenied, "SCOPE_DENIED");
    }

    [Fact]
    public async Task Api_keys_good_or_bad_never_reach_the_log_or_the_audit_file()
    {
        var his = new ApiKeyClient("his", "identity.basic");
        var unknown = new ApiKeyClient("never-configured");
        await using var rig = await ServiceRig.StartAsync(ApiKeyClient.SettingsOf(his));

        await rig.Identity.AwaitCredentialAsync(new AwaitCredentialRequest { Reader = ServiceRig.Reader0, Purpose = "key leak check" }, his.Options);
        await Assert.ThrowsAsync<RpcException>(async () => await rig.Simulator.ListProfilesAsync(new ListProfilesRequest(), his.Options));
        await Assert.ThrowsAsync<RpcException>(async () => await rig.Readers.ListReadersAsync(new ListReadersRequest(), unknown.Options));

        var written = string.Concat(Directory.GetFiles(rig.Directory).Select(file =>
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return new StreamReader(stream).ReadToEnd();
        }));
        Assert.Contains("key leak check", written, StringComparison.Ordinal);
        Assert.DoesNotContain(his.Key, written, StringComparison.Ordinal);
        Assert.DoesNotContain(unknown.Key, written, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_check_answers_without_credentials()
    {
        await using var rig = await ServiceRig.StartAsync([.. ApiKeyClient.SettingsOf(new ApiKeyClient("his", "admin")), .. ApiKeyClient.NoLocalScopes]);

        var health = await new Health.HealthClient(rig.Channel).CheckAsync(new HealthCheckRequest(), ServiceRig.WithKey(null));

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }

    [Fact]
    public async Task Server_reflection_lists_the_services_without_credentials()
    {
        await using var rig = await ServiceRig.StartAsync([.. ApiKeyClient.SettingsOf(new ApiKeyClient("his", "admin")), .. ApiKeyClient.NoLocalScopes]);
        using var call = new ServerReflection.ServerReflectionClient(rig.Channel).ServerReflectionInfo(ServiceRig.WithKey(null));

        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));

        var services = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();
        Assert.Contains("cardbridge.v1.IdentityService", services);
        Assert.Contains("cardbridge.v1.ReaderService", services);
    }
}
