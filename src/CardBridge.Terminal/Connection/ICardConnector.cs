namespace CardBridge.Terminal;

/// <summary>Opens a connection to the card in a named reader: PC/SC in production, the simulator's reader bank in tests and <c>--simulate</c>.</summary>
public interface ICardConnector
{
    /// <summary>Connects to the card now in <paramref name="reader"/>.</summary>
    /// <exception cref="CardBridge.Iso7816.CardRemovedException">There is no card in the reader (any more).</exception>
    Task<ICardConnection> ConnectAsync(string reader, CancellationToken cancellationToken);
}
