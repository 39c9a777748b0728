using System.CommandLine;
using System.Globalization;
using CardBridge.Api.V1;
using CardBridge.Cli.Client;
using CardBridge.Cli.Output;
using Grpc.Core;
using Spectre.Console;

namespace CardBridge.Cli.Commands;

/// <summary><c>cardbridge readers</c> and <c>cardbridge watch</c>: the service's ReaderService.</summary>
internal static class ReaderCommands
{
    public static IEnumerable<Command> Build(CliConsole console) => [Readers(console), Watch(console)];

    private static Command Readers(CliConsole console)
    {
        var command = new Command("readers", "List the service's readers, whether each holds a card and its session");
        var options = ClientOptions.AddTo(command);
        command.SetServiceAction(options, console, async (connection, settings, _, cancellationToken) =>
        {
            var client = new ReaderService.ReaderServiceClient(connection.Invoker);
            var response = await client.ListReadersAsync(new ListReadersRequest(), connection.Unary(cancellationToken));
            if (settings.Json)
            {
                await JsonLines.WriteAsync(console.Out, response);
                return ExitCodes.Ok;
            }
            var table = new Table().AddColumn("reader").AddColumn("card present").AddColumn("session id");
            foreach (var reader in response.Readers)
            {
                table.AddRow(new Text(reader.Name), new Text(reader.CardPresent ? "yes" : "no"), new Text(reader.HasSessionId ? reader.SessionId : ""));
            }
            console.Ansi.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Watch(CliConsole console)
    {
        var reader = new Option<string?>("--reader", "-r") { Description = "Only this reader's events (default: all readers)" };
        var command = new Command("watch", "Print the service's reader and card events, one line each, until Ctrl-C") { reader };
        var options = ClientOptions.AddTo(command);
        command.SetServiceAction(options, console, async (connection, settings, parseResult, cancellationToken) =>
        {
            var client = new ReaderService.ReaderServiceClient(connection.Invoker);
            var request = new WatchEventsRequest { Reader = parseResult.GetValue(reader) ?? "" };
            try
            {
                using var call = client.WatchEvents(request, ServiceConnection.Streaming(cancellationToken));
                await foreach (var e in call.ResponseStream.ReadAllAsync(cancellationToken))
                {
                    if (settings.Json)
                    {
                        await JsonLines.WriteAsync(console.Out, e);
                    }
                    else
                    {
                        await console.Out.WriteLineAsync(Describe(e));
                    }
                    await console.Out.FlushAsync(cancellationToken);
                }
            }
            catch (Exception e) when (cancellationToken.IsCancellationRequested && e is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled })
            {
                // Ctrl-C: the operator ended the watch; that is its normal end.
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    public static string Describe(ReaderEvent e)
    {
        var time = e.Time?.ToDateTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) ?? "-";
        var what = e.EventCase switch
        {
            ReaderEvent.EventOneofCase.ReaderAttached => $"reader attached: {e.ReaderAttached.Reader}",
            ReaderEvent.EventOneofCase.ReaderDetached => $"reader detached: {e.ReaderDetached.Reader}",
            ReaderEvent.EventOneofCase.CardInserted => $"card inserted: {e.CardInserted.Reader} ATR {Convert.ToHexString(e.CardInserted.Atr.Span)}",
            ReaderEvent.EventOneofCase.CardRemoved => e.CardRemoved.HasSessionId
                ? $"card removed: {e.CardRemoved.Reader} (session {e.CardRemoved.SessionId} ended)"
                : $"card removed: {e.CardRemoved.Reader}",
            ReaderEvent.EventOneofCase.SessionReady =>
                $"session ready: {e.SessionReady.Reader} session {e.SessionReady.SessionId} {e.SessionReady.Kind}"
                + (e.SessionReady.IdentityRead ? "" : " (identity not read)"),
            ReaderEvent.EventOneofCase.CardUnreadable => $"card unreadable: {e.CardUnreadable.Reader}: {e.CardUnreadable.Detail}",
            ReaderEvent.EventOneofCase.QrScanned => $"QR scanned: {e.QrScanned.Scanner} credential {e.QrScanned.CredentialId}",
            ReaderEvent.EventOneofCase.ServiceLost => $"PC/SC service lost: {e.ServiceLost.Detail}",
            ReaderEvent.EventOneofCase.ServiceRestored => "PC/SC service restored",
            _ => "event of a kind this client does not know",
        };
        return $"{time} {what}";
    }
}
