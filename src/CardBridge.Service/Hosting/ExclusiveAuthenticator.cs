using CardBridge.Cards.Authentication;
using CardBridge.Iso7816;

namespace CardBridge.Service.Hosting;

/// <summary>
/// One PSAM serves every reader, and its commands (select environment, init, cipher) must not interleave
/// between two cards' checks: this lets one check at a time through.
/// </summary>
internal sealed class ExclusiveAuthenticator(ICardAuthenticator inner) : ICardAuthenticator, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task AuthenticateAsync(ICardChannel card, CardKeyContext context, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await inner.AuthenticateAsync(card, context, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
