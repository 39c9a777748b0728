using System.Reflection;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;

namespace CardBridge.Service.Api;

/// <summary>
/// Binds the methods of every gRPC service as grpc-dotnet's own binder does (the generated <c>BindService</c>, the
/// service class's overrides, their attributes as endpoint metadata), but with request marshallers that let a body that
/// does not parse reach the access interceptor (<see cref="UnparsableRequests"/>). It replaces grpc-dotnet's binder
/// (<see cref="ApiSetup"/>), so every service, including the ones other branches add, is covered without a list.
/// </summary>
internal sealed class TolerantServiceMethodProvider<TService> : IServiceMethodProvider<TService>
    where TService : class
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<TService> context)
    {
        if (BindMethod(typeof(TService)) is not { } bind)
        {
            throw new InvalidOperationException($"{typeof(TService)} has no generated BindService method");
        }
        bind.Invoke(null, [new Binder(context, bind.GetParameters()[1].ParameterType), null]);
    }

    // The generated base class carries [BindServiceMethod(typeof(Grpc), "BindService")].
    private static MethodInfo? BindMethod(Type service)
    {
        for (var type = service; type is not null; type = type.BaseType)
        {
            if (type.GetCustomAttribute<BindServiceMethodAttribute>(inherit: false) is { } attribute)
            {
                return attribute.BindType.GetMethod(attribute.BindMethodName, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static,
                    [typeof(ServiceBinderBase), type]);
            }
        }
        return null;
    }

    private sealed class Binder(ServiceMethodProviderContext<TService> context, Type baseType) : ServiceBinderBase
    {
        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler)
        {
            var (invoker, metadata) = Model<UnaryServerMethod<TService, TRequest, TResponse>>(method.Name, typeof(TRequest), typeof(ServerCallContext));
            context.AddUnaryMethod(Tolerant(method), metadata, invoker);
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler)
        {
            var (invoker, metadata) = Model<ServerStreamingServerMethod<TService, TRequest, TResponse>>(method.Name,
                typeof(TRequest), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext));
            context.AddServerStreamingMethod(Tolerant(method), metadata, invoker);
        }

        // A client stream's messages are parsed as they are read: the interceptor reads the first before admitting the
        // call (PeekedRequestStream) and turns a later marker into INVALID_REQUEST.
        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler)
        {
            var (invoker, metadata) = Model<ClientStreamingServerMethod<TService, TRequest, TResponse>>(method.Name,
                typeof(IAsyncStreamReader<TRequest>), typeof(ServerCallContext));
            context.AddClientStreamingMethod(Tolerant(method), metadata, invoker);
        }

        // Duplex requests (server reflection only, which is open) are parsed inside the handler, where the interceptor
        // sees the parse failure itself.

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler)
        {
            var (invoker, metadata) = Model<DuplexStreamingServerMethod<TService, TRequest, TResponse>>(method.Name,
                typeof(IAsyncStreamReader<TRequest>), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext));
            context.AddDuplexStreamingMethod(method, metadata, invoker);
        }

        private static Method<TRequest, TResponse> Tolerant<TRequest, TResponse>(Method<TRequest, TResponse> method)
            where TRequest : class
            where TResponse : class =>
            new(method.Type, method.ServiceName, method.Name, UnparsableRequests.Tolerant(method.RequestMarshaller), method.ResponseMarshaller);

        // The service class's override of the generated method, and the attributes grpc-dotnet would give the endpoint.
        private (TDelegate Invoker, List<object> Metadata) Model<TDelegate>(string name, params Type[] parameters)
            where TDelegate : Delegate
        {
            var handler = Override(name, parameters) ?? throw new InvalidOperationException($"{typeof(TService)} does not implement {name}");
            var metadata = new List<object>();
            metadata.AddRange(typeof(TService).GetCustomAttributes(inherit: true));
            metadata.AddRange(handler.GetCustomAttributes(inherit: true));
            metadata.Add(new Microsoft.AspNetCore.Routing.HttpMethodMetadata(["POST"], acceptCorsPreflight: true));
            return ((TDelegate)Delegate.CreateDelegate(typeof(TDelegate), handler), metadata);
        }

        private MethodInfo? Override(string name, Type[] parameters)
        {
            for (var type = typeof(TService); type is not null; type = type.BaseType)
            {
                if (type.GetMethod(name, BindingFlags.Public | BindingFlags.Instance, parameters) is not { } method)
                {
                    return null;
                }
                if (method.IsVirtual && method.GetBaseDefinition().DeclaringType == baseType)
                {
                    return method;
                }
            }
            return null;
        }
    }
}
