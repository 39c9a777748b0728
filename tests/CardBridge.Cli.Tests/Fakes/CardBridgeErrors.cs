using CardBridge.Api.V1;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace CardBridge.Cli.Tests.Fakes;

/// <summary>Errors as the service sends them: a google.rpc.Status with one ErrorInfo of domain cardbridge.v1.</summary>
internal static class CardBridgeErrors
{
    public static RpcException Build(Code code, string reason, string message, params (string Key, string Value)[] metadata)
    {
        var info = new ErrorInfo { Domain = ErrorDomain.Name, Reason = reason };
        foreach (var (key, value) in metadata)
        {
            info.Metadata[key] = value;
        }
        return new Google.Rpc.Status { Code = (int)code, Message = message, Details = { Any.Pack(info) } }.ToRpcException();
    }
}
