using System.CommandLine;
using CardBridge.Cli.Output;
using Google.Protobuf;
using Grpc.Core;
using Spectre.Console.Rendering;

namespace CardBridge.Cli.Client;

/// <summary>
/// One run of a gRPC command once its channel is open: what it calls with, what it was given, and the ways it
/// answers, each printing a JSON line per message with <c>--json</c> and a view for people otherwise.
/// </summary>
internal sealed class ServiceRun(ServiceConnection connection, ConnectionSettings settings, ParseResult parseResult, CliConsole console, CancellationToken cancellationToken)
{
    /// <summary>What the generated clients are built on.</summary>
    public CallInvoker Invoker => connection.Invoker;

    public ParseResult ParseResult => parseResult;

    public CliConsole Console => console;

    public CancellationToken CancellationToken => cancellationToken;

    /// <summary>Options of a unary call: the --timeout deadline and the command's cancellation.</summary>
    public CallOptions Unary() => connection.Unary(cancellationToken);

    /// <summary>Prints <paramref name="response"/> as a JSON line, or <paramref name="text"/> as a line; returns <paramref name="exitCode"/>.</summary>
    public async Task<int> ReplyAsync(IMessage response, string text, int exitCode = ExitCodes.Ok)
    {
        await JsonLines.WriteResultAsync(console.Out, settings.Json, response, text);
        return exitCode;
    }

    /// <summary>Prints <paramref name="response"/> as a JSON line, or the <paramref name="view"/> (a table) of it; returns <see cref="ExitCodes.Ok"/>.</summary>
    public Task<int> ReplyAsync(IMessage response, Func<IRenderable> view) => ReplyAsync(response, () =>
    {
        console.Ansi.Write(view());
        return Task.CompletedTask;
    });

    /// <summary>Prints <paramref name="response"/> as a JSON line, or lets <paramref name="show"/> print it; returns <see cref="ExitCodes.Ok"/>.</summary>
    public async Task<int> ReplyAsync(IMessage response, Func<Task> show)
    {
        if (settings.Json)
        {
            await JsonLines.WriteAsync(console.Out, response);
        }
        else
        {
            await show();
        }
        return ExitCodes.Ok;
    }

    /// <summary>
    /// Starts a stream that lasts until cancelled and prints each message as it comes (<paramref name="describe"/>
    /// gives its line for people). Ctrl-C is the normal end of a watch: it returns <see cref="ExitCodes.Ok"/> too.
    /// </summary>
    public async Task<int> WatchAsync<T>(Func<CallOptions, AsyncServerStreamingCall<T>> start, Func<T, string> describe)
        where T : IMessage
    {
        try
        {
            using var call = start(ServiceConnection.Streaming(cancellationToken));
            await foreach (var message in call.ResponseStream.ReadAllAsync(cancellationToken))
            {
                if (settings.Json)
                {
                    await JsonLines.WriteAsync(console.Out, message);
                }
                else
                {
                    await console.Out.WriteLineAsync(describe(message));
                }
                await console.Out.FlushAsync(cancellationToken);
            }
        }
        catch (Exception e) when (IsInterrupted(e, cancellationToken))
        {
            // Ctrl-C: the operator ended the watch; that is its normal end.
        }
        return ExitCodes.Ok;
    }

    /// <summary>Whether <paramref name="e"/> is the end of a call that Ctrl-C (the command's cancellation) cancelled.</summary>
    public static bool IsInterrupted(Exception e, CancellationToken cancellationToken) =>
        cancellationToken.IsCancellationRequested && e is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled };
}
