using Google.Protobuf;
using Grpc.Core;

namespace CardBridge.Service.Api;

/// <summary>
/// Request bodies that are not valid protobuf. grpc-dotnet parses a request before any interceptor runs and answers a
/// parse failure <c>UNKNOWN</c>, with a stack trace in the log, for callers it has not even recognised. The service's
/// marshallers instead hand such a call on with a marker in place of the request, so that the access interceptor refuses
/// it first thing — <c>INVALID_ARGUMENT</c>/<c>INVALID_REQUEST</c>, audited — before any card work.
/// </summary>
internal static class UnparsableRequests
{
    /// <summary><paramref name="marshaller"/>, with a body that does not parse read as the marker of <typeparamref name="T"/>.</summary>
    public static Marshaller<T> Tolerant<T>(Marshaller<T> marshaller)
        where T : class =>
        Marshallers.Create(marshaller.ContextualSerializer, context =>
        {
            try
            {
                return marshaller.ContextualDeserializer(context);
            }
            catch (InvalidProtocolBufferException)
            {
                return Marker<T>.Instance;
            }
        });

    /// <summary>Whether <paramref name="request"/> stands for a body that did not parse.</summary>
    public static bool IsUnparsable<T>(T request)
        where T : class => ReferenceEquals(request, Marker<T>.Instance);

    // One instance per request type, never handed to a service method: the interceptor refuses it.
    private static class Marker<T>
        where T : class
    {
        public static readonly T Instance = Activator.CreateInstance<T>();
    }
}
