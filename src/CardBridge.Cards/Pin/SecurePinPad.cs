using CardBridge.Iso7816;

namespace CardBridge.Cards.Pin;

/// <summary>
/// PIN entry on the reader's own keypad (PC/SC part 10 FEATURE_VERIFY_PIN_DIRECT and FEATURE_MODIFY_PIN_DIRECT): the
/// reader builds VERIFY from <see cref="PinVerifyStructure"/>, or CHANGE PIN from <see cref="PinModifyStructure"/>, and
/// the digits the holder types, so the PIN never crosses the host.
/// </summary>
public sealed class SecurePinPad
{
    private readonly IReaderControl _reader;
    private readonly uint _verifyPinDirect;
    private readonly uint? _modifyPinDirect;

    private SecurePinPad(IReaderControl reader, uint verifyPinDirect, uint? modifyPinDirect)
    {
        _reader = reader;
        _verifyPinDirect = verifyPinDirect;
        _modifyPinDirect = modifyPinDirect;
    }

    /// <summary>True when the reader also reports FEATURE_MODIFY_PIN_DIRECT (<see cref="ModifyAsync"/>).</summary>
    public bool CanModify => _modifyPinDirect is not null;

    /// <summary>The reader's PIN pad, or null when it does not report FEATURE_VERIFY_PIN_DIRECT (host PIN entry then).</summary>
    public static async Task<SecurePinPad?> DiscoverAsync(IReaderControl reader, CancellationToken cancellationToken)
    {
        var features = await ReaderFeatures.DiscoverAsync(reader, cancellationToken);
        return features.VerifyPinDirect is { } code ? new SecurePinPad(reader, code, features.ModifyPinDirect) : null;
    }

    /// <summary>Lets the holder type the PIN on the reader and verifies it.</summary>
    /// <exception cref="WrongPinException">63Cx.</exception>
    /// <exception cref="PinBlockedException">6983.</exception>
    /// <exception cref="PinEntryCancelledException">6401: cancelled on the keypad.</exception>
    /// <exception cref="PinEntryTimeoutException">6400: nobody typed in time.</exception>
    public Task VerifyAsync(PinVerifyStructure structure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(structure);
        return RunAsync(_verifyPinDirect, structure.ToArray(), "VERIFY (PIN pad)", cancellationToken);
    }

    /// <summary>Lets the holder type the current PIN and the new one twice on the reader, which changes it on the card.</summary>
    /// <exception cref="InvalidOperationException">The reader has no FEATURE_MODIFY_PIN_DIRECT (<see cref="CanModify"/>).</exception>
    /// <exception cref="WrongPinException">63Cx: the current PIN was wrong.</exception>
    /// <exception cref="PinBlockedException">6983.</exception>
    /// <exception cref="PinConfirmationMismatchException">6402: the two entries of the new PIN differ.</exception>
    /// <exception cref="PinEntryCancelledException">6401.</exception>
    /// <exception cref="PinEntryTimeoutException">6400.</exception>
    public Task ModifyAsync(PinModifyStructure structure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(structure);
        var code = _modifyPinDirect ?? throw new InvalidOperationException("the reader reports no FEATURE_MODIFY_PIN_DIRECT");
        return RunAsync(code, structure.ToArray(), "CHANGE PIN (PIN pad)", cancellationToken);
    }

    private async Task RunAsync(uint controlCode, byte[] structure, string command, CancellationToken cancellationToken)
    {
        var answer = await _reader.ControlAsync(controlCode, structure, cancellationToken);
        if (answer.Length < 2)
        {
            throw new CardDataException("the PIN pad answered without a status word");
        }
        PinStatusWords.ThrowIfFailed(ResponseApdu.Parse(answer).StatusWord, command);
    }
}
