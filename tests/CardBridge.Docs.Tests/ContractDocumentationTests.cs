namespace CardBridge.Docs.Tests;

/// <summary>
/// The gRPC contract is documented field by field (issue 4): every service, rpc, message, enum, enum value, field and
/// oneof in protos/cardbridge/v1 has a comment a client developer reads in the proto and in the generated code.
/// </summary>
public sealed class ContractDocumentationTests
{
    private static readonly string ProtoDirectory = RepositoryRoot.Combine("protos", "cardbridge", "v1");

    [Fact]
    public void Every_element_of_the_contract_has_a_leading_comment()
    {
        var files = Directory.GetFiles(ProtoDirectory, "*.proto").Order(StringComparer.Ordinal).ToList();

        var undocumented = files
            .SelectMany(file => ProtoDocumentation.Undocumented(File.ReadAllText(file))
                .Select(element => $"{Path.GetFileName(file)}:{element}"))
            .ToList();

        Assert.NotEmpty(files);
        Assert.True(undocumented.Count == 0,
            $"{undocumented.Count} element(s) of the contract have no comment:\n{string.Join('\n', undocumented)}");
    }

    [Fact]
    public void Every_http_binding_is_named_in_its_rpc_comment()
    {
        var files = Directory.GetFiles(ProtoDirectory, "*.proto").Order(StringComparer.Ordinal).ToList();

        var unnamed = files
            .SelectMany(file => ProtoHttpRules.Unnamed(File.ReadAllText(file)).Select(binding => $"{Path.GetFileName(file)}:{binding}"))
            .ToList();

        Assert.Contains(files, file => File.ReadAllText(file).Contains("option (google.api.http)", StringComparison.Ordinal));
        Assert.True(unnamed.Count == 0, $"{unnamed.Count} HTTP binding(s) are not named in their rpc's comment:\n{string.Join('\n', unnamed)}");
    }

    [Fact]
    public void Http_rule_checker_names_each_binding_missing_from_the_comment()
    {
        const string proto = """
            service Things {
              // Lists the things. HTTP: `GET /v1/things`.
              rpc List(ListRequest) returns (ListResponse) {
                option (google.api.http) = {get: "/v1/things" additional_bindings {get: "/v1/shelves/{shelf}/things"}};
              }

              // Makes a thing; the route is not named here.
              rpc Make(MakeRequest) returns (MakeResponse) {
                option (google.api.http) = {post: "/v1/things" body: "*"};
              }

              // Not on the web face.
              rpc Drop(DropRequest) returns (DropResponse);
            }
            """;

        var found = ProtoHttpRules.Unnamed(proto).Select(b => b.ToString());

        Assert.Equal(
            [
                "4: rpc List does not name `GET /v1/shelves/{shelf}/things` in its comment",
                "9: rpc Make does not name `POST /v1/things` in its comment",
            ],
            found);
    }

    [Fact]
    public void Checker_names_each_undocumented_element_with_its_line()
    {
        const string proto = """
            syntax = "proto3";

            package sample.v1;

            import "google/protobuf/timestamp.proto";

            option csharp_namespace = "Sample.V1";

            // Documented service.
            service Things {
              rpc Get(GetRequest) returns (GetResponse);

              // Documented rpc.
              rpc Watch(GetRequest) returns (stream GetResponse) {
                option deprecated = true;
              }
            }

            message GetRequest {
              reserved 4, 5;
              reserved "old";
              string id = 1;
              // Documented optional field.
              optional int64 limit = 2;
              repeated string tags = 3; // Trailing comment.
              map<string, int32> counts = 6;

              // The blank line above breaks this comment off.

              oneof choice {
                // Documented oneof member.
                bool yes = 7;
                google.protobuf.Timestamp when = 8;
              }
              // Documented nested message.
              message Inner {
                cardbridge.v1.Colour colour = 1;
              }
            }

            // Documented empty message.
            message GetResponse {}

            enum Colour {
              COLOUR_UNSPECIFIED = 0;
              // Documented value.
              COLOUR_RED = 1;
              COLOUR_BLUE = 2 [deprecated = true];
            }

            message Broken {
              // A statement the checker does not understand is reported, never skipped.
              extensions 100 to 199;
            }
            """;

        var found = ProtoDocumentation.Undocumented(proto).Select(e => e.ToString());

        Assert.Equal(
            [
                "11: rpc Things.Get",
                "19: message GetRequest",
                "22: field GetRequest.id",
                "26: field GetRequest.counts",
                "30: oneof GetRequest.choice",
                "33: field GetRequest.when",
                "37: field GetRequest.Inner.colour",
                "44: enum Colour",
                "45: enum value Colour.COLOUR_UNSPECIFIED",
                "48: enum value Colour.COLOUR_BLUE",
                "51: message Broken",
                "53: unrecognised extensions 100 to 199;",
            ],
            found);
    }
}
