using System.Diagnostics.CodeAnalysis;
using CardBridge.Iso7816;

namespace CardBridge.Simulation.Cards;

/// <summary>
/// What every simulated card does around its application: serialises commands, honours the fault switches,
/// turns undecodable bytes into 6700, and on T=0 answers case 4 commands with 61xx and keeps the data for
/// GET RESPONSE (ISO/IEC 7816-3 §12.2.2, 7816-4 §7.6.1). No input makes it throw.
/// </summary>
internal sealed class CardProcessor
{
    private const byte InsGetResponse = 0xC0;

    private readonly Lock _gate = new();
    private readonly CardFaults _faults;
    private readonly bool _t0GetResponse;
    private readonly Func<CommandApdu, CardAnswer> _execute;
    private readonly Action _reset;
    private byte[]? _pending;

    public CardProcessor(CardFaults faults, bool t0GetResponse, Func<CommandApdu, CardAnswer> execute, Action reset)
    {
        _faults = faults;
        _t0GetResponse = t0GetResponse;
        _execute = execute;
        _reset = reset;
    }

    public void Reset()
    {
        lock (_gate)
        {
            _pending = null;
            _reset();
        }
    }

    public SimulatedReply Process(ReadOnlySpan<byte> command)
    {
        lock (_gate)
        {
            if (_faults.TakeRemoval())
            {
                return new SimulatedReply(SimulatedReplyKind.Removed, [], TimeSpan.Zero);
            }
            if (_faults.Mute)
            {
                return new SimulatedReply(SimulatedReplyKind.Mute, [], TimeSpan.Zero);
            }
            var delay = _faults.Delay;
            if (command.Length >= 2 && _faults.ForcedStatusWordFor(command[1]) is { } forced)
            {
                return new SimulatedReply(SimulatedReplyKind.Answer, Encode([], forced), delay);
            }
            var response = Dispatch(command);
            if (command.Length >= 2 && _faults.TakeRemovalAfterProcessing(command[1]))
            {
                return new SimulatedReply(SimulatedReplyKind.Removed, [], TimeSpan.Zero);
            }
            return new SimulatedReply(SimulatedReplyKind.Answer, response, delay);
        }
    }

    private byte[] Dispatch(ReadOnlySpan<byte> bytes)
    {
        CommandApdu command;
        try
        {
            command = CommandApdu.Parse(bytes);
        }
        catch (ApduFormatException)
        {
            _pending = null;
            return Encode([], Sw.WrongLength);
        }
        if (command.Ins == InsGetResponse && command.Cla == 0x00)
        {
            return GetResponse(command);
        }
        _pending = null;
        var answer = Execute(command);
        var data = answer.TlvBearing && _faults.CorruptTlv ? Corrupt(answer.Data) : answer.Data;
        if (_t0GetResponse && command.Data.Length > 0 && data.Length > 0)
        {
            _pending = data;
            return Encode([], Sw.MoreData(data.Length));
        }
        return Encode(data, answer.StatusWord);
    }

    [SuppressMessage("Design", "CA1031:Do not catch general exception types",
        Justification = "A card answers every command; a simulator bug must surface as 6F00, never crash the reader side.")]
    private CardAnswer Execute(CommandApdu command)
    {
        try
        {
            return _execute(command);
        }
        catch (Exception)
        {
            return CardAnswer.Status(Sw.NoPreciseDiagnosis);
        }
    }

    private byte[] GetResponse(CommandApdu command)
    {
        if (command.P1 != 0 || command.P2 != 0)
        {
            return Encode([], Sw.IncorrectP1P2);
        }
        if (_pending is not { } pending)
        {
            return Encode([], Sw.ConditionsNotSatisfied);
        }
        if (command.Ne > pending.Length || command.Ne == 0)
        {
            return Encode([], Sw.ExactLength(pending.Length));
        }
        if (command.Ne == pending.Length)
        {
            _pending = null;
            return Encode(pending, Sw.Success);
        }
        _pending = pending[command.Ne..];
        return Encode(pending[..command.Ne], Sw.MoreData(_pending.Length));
    }

    // The first object's length is made to claim one byte more than follows (or, for long objects, to use a
    // 5-byte length field), so every BER-TLV parser must reject it.
    private static byte[] Corrupt(byte[] data)
    {
        if (data.Length < 2)
        {
            return data;
        }
        var corrupted = (byte[])data.Clone();
        corrupted[1] = data.Length - 1 <= 0x7F ? (byte)(data.Length - 1) : (byte)0x85;
        return corrupted;
    }

    private static byte[] Encode(byte[] data, ushort statusWord) => [.. data, (byte)(statusWord >> 8), (byte)statusWord];
}
