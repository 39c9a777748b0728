namespace CardBridge.Iso7816;

/// <summary>
/// The ISO 7816-4 transmission rules over a raw <see cref="IApduTransport"/>: collects data announced by
/// 61xx with GET RESPONSE (ISO 7816-4 §7.6.1) and re-issues a command once with Le = xx on 6Cxx.
/// </summary>
public sealed class CardChannel : ICardChannel
{
    // An honest card finishes a 64 KiB answer in 256 GET RESPONSEs; one that keeps saying 61xx is broken.
    private const int MaxGetResponses = 257;

    private readonly IApduTransport _transport;

    /// <summary>Wraps a raw transport.</summary>
    public CardChannel(IApduTransport transport)
    {
        ArgumentNullException.ThrowIfNull(transport);
        _transport = transport;
    }

    /// <inheritdoc />
    public async Task<ResponseApdu> TransmitAsync(CommandApdu command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var response = await SendAsync(command, cancellationToken);
        if (response.StatusWord.Sw1 == 0x6C)
        {
            var ne = response.StatusWord.Sw2 == 0 ? CommandApdu.MaxShortNe : response.StatusWord.Sw2;
            response = await SendAsync(command.WithNe(ne), cancellationToken);
        }
        if (response.StatusWord.Sw1 != 0x61)
        {
            return response;
        }
        var buffer = new List<ReadOnlyMemory<byte>> { response.Data };
        var total = response.Data.Length;
        for (var i = 0; response.StatusWord.Sw1 == 0x61; i++)
        {
            if (i == MaxGetResponses)
            {
                throw new ApduFormatException($"card kept answering 61xx after {MaxGetResponses} GET RESPONSE commands");
            }
            var available = response.StatusWord.Sw2 == 0 ? CommandApdu.MaxShortNe : response.StatusWord.Sw2;
            var getResponse = CommandApdu.GetResponse(available, command.Cla);
            response = await SendAsync(getResponse, cancellationToken);
            if (response.StatusWord.Sw1 == 0x6C)
            {
                var ne = response.StatusWord.Sw2 == 0 ? CommandApdu.MaxShortNe : response.StatusWord.Sw2;
                response = await SendAsync(getResponse.WithNe(ne), cancellationToken);
            }
            buffer.Add(response.Data);
            total += response.Data.Length;
        }
        var data = new byte[total];
        var at = 0;
        foreach (var part in buffer)
        {
            part.Span.CopyTo(data.AsSpan(at));
            at += part.Length;
        }
        return new ResponseApdu(data, response.StatusWord);
    }

    private async Task<ResponseApdu> SendAsync(CommandApdu command, CancellationToken cancellationToken)
    {
        var raw = await _transport.TransmitAsync(command.ToArray(), cancellationToken);
        if (raw.Length < 2)
        {
            throw new CardMuteException($"card answered {command.Ins:X2} with {raw.Length} byte(s), no status word");
        }
        return ResponseApdu.Parse(raw);
    }
}
