using System.CommandLine;
using System.Globalization;
using CardBridge.Api.V1;
using CardBridge.Cli.Client;
using CardBridge.Cli.Output;
using Google.Protobuf.Reflection;
using Spectre.Console;

namespace CardBridge.Cli.Commands;

/// <summary><c>cardbridge readers</c> and <c>cardbridge watch</c>: the service's ReaderService.</summary>
internal static class ReaderCommands
{
    public static IEnumerable<Command> Build(CliConsole console) => [Readers(console), Watch(console)];

    private static Command Readers(CliConsole console) =>
        new Command("readers", "List the service's readers (whether each holds a card, its session), its QR scanners (whether each is connected) and its PSAM (whether it answers)")
            .WithServiceAction(console, async run =>
            {
                var client = new ReaderService.ReaderServiceClient(run.Invoker);
                var response = await client.ListReadersAsync(new ListReadersRequest(), run.Unary());
                return await run.ReplyAsync(response, () => ShowAsync(run.Console, response));
            });

    private static Command Watch(CliConsole console)
    {
        var reader = new Option<string?>("--reader", "-r") { Description = "Only this reader's events (default: all readers)" };
        return new Command("watch", "Print the service's reader, card and QR scanner events, one line each, until Ctrl-C") { reader }
            .WithServiceAction(console, run =>
            {
                var client = new ReaderService.ReaderServiceClient(run.Invoker);
                var request = new WatchEventsRequest { Reader = run.ParseResult.GetValue(reader) ?? "" };
                return run.WatchAsync(options => client.WatchEvents(request, options), Describe);
            });
    }

    private static Task ShowAsync(CliConsole console, ListReadersResponse response)
    {
        var table = new Table().AddColumn("reader").AddColumn("card present").AddColumn("session id").AddColumn("pin pad").AddColumn("interface");
        foreach (var reader in response.Readers)
        {
            table.AddRow(
                new Text(reader.Name), new Text(reader.CardPresent ? "yes" : "no"), new Text(reader.HasSessionId ? reader.SessionId : ""),
                new Text(reader.PinPad ? "yes" : ""), new Text(FieldTable.Named(reader.CardInterface) ?? ""));
        }
        console.Ansi.Write(table);
        if (response.Scanners.Count > 0)
        {
            var scanners = new Table().AddColumn("scanner").AddColumn("connected");
            foreach (var scanner in response.Scanners)
            {
                scanners.AddRow(new Text(scanner.Name), new Text(scanner.Connected ? "yes" : "no"));
            }
            console.Ansi.Write(scanners);
        }
        if (response.Psam is { } psam)
        {
            var psamTable = new Table().AddColumn("PSAM reader").AddColumn("terminal number").AddColumn("answers").AddColumn("last fault");
            psamTable.AddRow(new Text(psam.Reader), new Text(psam.TerminalNumber), new Text(psam.Available ? "yes" : "no"), new Text(psam.Fault));
            console.Ansi.Write(psamTable);
        }
        return Task.CompletedTask;
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
            ReaderEvent.EventOneofCase.QrScanned => Describe(e.QrScanned),
            ReaderEvent.EventOneofCase.ScannerConnectivity => e.ScannerConnectivity.Connected
                ? $"scanner connected: {e.ScannerConnectivity.Scanner}"
                : $"scanner disconnected: {e.ScannerConnectivity.Scanner}",
            ReaderEvent.EventOneofCase.ServiceLost => $"PC/SC service lost: {e.ServiceLost.Detail}",
            ReaderEvent.EventOneofCase.ServiceRestored => "PC/SC service restored",
            ReaderEvent.EventOneofCase.PinPadPrompt => e.PinPadPrompt.Stage == PinPadStage.EnterPin
                ? $"pin pad: {e.PinPadPrompt.Reader} waits for the PIN (session {e.PinPadPrompt.SessionId})"
                : $"pin pad: {e.PinPadPrompt.Reader} entry done (session {e.PinPadPrompt.SessionId})",
            _ => "event of a kind this client does not know",
        };
        return $"{time} {what}";
    }

    private static string Describe(QrScanned scanned) => scanned.Refused == ErrorReason.Unspecified
        ? $"QR scanned: {scanned.Scanner} {CodeKindNames.Display(scanned.Kind)} credential {scanned.CredentialId}"
        : $"QR refused: {scanned.Scanner} {CodeKindNames.Display(scanned.Kind)} {ReasonName(scanned.Refused)}";

    // The proto name (QR_EXPIRED), as error lines and ErrorInfo.reason spell it.
    private static string ReasonName(ErrorReason reason) =>
        ErrorsReflection.Descriptor.FindTypeByName<EnumDescriptor>(nameof(ErrorReason))?.FindValueByNumber((int)reason)?.Name ?? reason.ToString();
}
