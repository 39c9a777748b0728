using CardBridge.Api.V1;
using CardBridge.Cards.Layout;
using CardBridge.Cards.Pin;
using CardBridge.Iso7816;
using CardBridge.Terminal;
using Grpc.Core;

namespace CardBridge.Service.Api;

/// <summary>Card work the APIs share: running on a session's reader with card failures typed, and PIN entry.</summary>
internal static class CardWork
{
    /// <summary>Runs <paramref name="work"/> with the session's reader to itself; card failures become typed gRPC errors.</summary>
    public static async Task<T> OnReaderAsync<T>(
        CardTerminal terminal, CardSession session, Func<CardAccess, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            return await terminal.RunOnReaderAsync(session.Id, work, cancellationToken);
        }
        catch (Exception e) when (RpcErrors.ForCardFailure(e, session.Id) is { } typed)
        {
            throw typed;
        }
    }

    /// <summary>
    /// Verifies the holder's PIN on the card: <paramref name="pin"/> typed at the host, or, when it is null, typed on
    /// the reader's PIN pad (PC/SC part 10 VERIFY_PIN_DIRECT) so it never reaches the host.
    /// </summary>
    public static async Task VerifyPinAsync(CardTerminal terminal, CardAccess access, CardSession session, PinBuffer? pin, CancellationToken cancellationToken)
    {
        if (pin is not null)
        {
            // The PIN belongs to the SSSE; select it so the command does not depend on what ran before.
            await SelectSsseAsync(access.Channel, cancellationToken);
            await new CardPin(access.Channel).VerifyAsync(pin, cancellationToken);
            return;
        }
        // No pad, no card command: the reader is asked before the card is touched.
        var pad = await PinPadAsync(access, session, cancellationToken);
        await SelectSsseAsync(access.Channel, cancellationToken);
        await VerifyOnPadAsync(terminal, session, pad, cancellationToken);
    }

    /// <summary>The holder types the PIN on <paramref name="pad"/>; WatchEvents announces the entry and its end.</summary>
    public static Task VerifyOnPadAsync(CardTerminal terminal, CardSession session, SecurePinPad pad, CancellationToken cancellationToken) =>
        EnterOnPadAsync(terminal, session, ct => pad.VerifyAsync(new PinVerifyStructure(), ct), cancellationToken);

    /// <summary>Runs a PIN-pad <paramref name="entry"/> (verify or modify) with WatchEvents announcing it and its end.</summary>
    public static async Task EnterOnPadAsync(CardTerminal terminal, CardSession session, Func<CancellationToken, Task> entry, CancellationToken cancellationToken)
    {
        terminal.AnnouncePinPad(session, Terminal.PinPadStage.EnterPin);
        try
        {
            await entry(cancellationToken);
        }
        finally
        {
            terminal.AnnouncePinPad(session, Terminal.PinPadStage.Done);
        }
    }

    /// <summary>The session's reader's PIN pad; PIN_PAD_UNAVAILABLE when it has none.</summary>
    public static async Task<SecurePinPad> PinPadAsync(CardAccess access, CardSession session, CancellationToken cancellationToken) =>
        (access.ReaderControl is { } control ? await SecurePinPad.DiscoverAsync(control, cancellationToken) : null)
            ?? throw RpcErrors.Create(StatusCode.FailedPrecondition, ErrorReason.PinPadUnavailable,
                "this reader offers no PIN pad (PC/SC part 10 VERIFY_PIN_DIRECT)", (ErrorDomain.Reader, session.Reader));

    public static async Task SelectSsseAsync(ICardChannel channel, CancellationToken cancellationToken)
    {
        var response = await channel.TransmitAsync(CommandApdu.SelectByName(CardFileLayout.National.SsseAidBytes), cancellationToken);
        if (!response.StatusWord.IsNormal)
        {
            throw new Cards.NotASocialSecurityCardException($"SELECT SSSE answered {response.StatusWord}");
        }
    }

    /// <summary>A PIN from a request field: 4 to 12 ASCII digits, else INVALID_REQUEST naming <paramref name="field"/>.</summary>
    public static PinBuffer PinFrom(string digits, string field)
    {
        if (digits.Length is < PinBuffer.MinDigits or > PinBuffer.MaxDigits || !digits.All(char.IsAsciiDigit))
        {
            throw RpcErrors.InvalidRequest(field, $"a PIN is {PinBuffer.MinDigits} to {PinBuffer.MaxDigits} digits");
        }
        return PinBuffer.FromDigits(digits);
    }
}
