using CardBridge.Cards.Authentication;
using CardBridge.Crypto;
using CardBridge.Simulation.Cards;
using CardBridge.Simulation.Keys;

namespace CardBridge.Simulation.Hsm;

/// <summary>
/// A simulated remote HSM holding one key set of the issuer key file: it derives the card's internal-auth and
/// RKSSSE keys from the card identification code (<see cref="Keys.CardKeyFactors"/>) and answers step 1 with the
/// expected internal-auth result and the external cryptogram, as the card itself computes them. Switches make it
/// unreachable or slow, for the terminal's fallback and timeout paths.
/// </summary>
public sealed class SimulatedHsm : IRemoteHsm
{
    private readonly IssuerKeyFile _keys;
    private readonly string _keySet;
    private readonly TimeProvider _time;
    private const int CardIdentificationCodeLength = 16;

    private int _requests;

    /// <summary>An HSM with key set <paramref name="keySet"/> of <paramref name="keys"/> (default: the shipped file's issuer set).</summary>
    public SimulatedHsm(IssuerKeyFile? keys = null, string keySet = IssuerKeyFile.IssuerSet, TimeProvider? timeProvider = null)
    {
        _keys = keys ?? IssuerKeyFile.LoadDefault();
        _keySet = keySet;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>When true every request fails as if the network were down.</summary>
    public bool Unreachable { get; set; }

    /// <summary>How long the HSM takes to answer.</summary>
    public TimeSpan Latency { get; set; } = TimeSpan.Zero;

    /// <summary>How many requests the HSM has answered or refused.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <inheritdoc />
    public async Task<HsmStep2Response> AuthenticateAsync(HsmStep1Request request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        Interlocked.Increment(ref _requests);
        if (Latency > TimeSpan.Zero)
        {
            await Task.Delay(Latency, _time, cancellationToken);
        }
        cancellationToken.ThrowIfCancellationRequested();
        if (Unreachable)
        {
            throw new AuthenticationUnavailableException("the simulated HSM is unreachable");
        }
        var cardId = request.CardIdentificationCode.Span;
        if (cardId.Length != CardIdentificationCodeLength)
        {
            throw new AuthenticationUnavailableException("the HSM needs a 16-byte card identification code");
        }
        if (_keys.MasterKey(_keySet, request.Algorithm, IssuerKeyUsage.InternalAuth) is null
            || _keys.MasterKey(_keySet, request.Algorithm, IssuerKeyUsage.Rkssse) is null)
        {
            throw new AuthenticationUnavailableException($"the HSM holds no {request.Algorithm} keys");
        }
        try
        {
            var internalKey = _keys.CardKey(_keySet, request.Algorithm, IssuerKeyUsage.InternalAuth, cardId);
            var rkssse = _keys.CardKey(_keySet, request.Algorithm, IssuerKeyUsage.Rkssse, cardId);
            return new HsmStep2Response(
                CardCrypto.Encipher(request.Algorithm, internalKey, request.InternalAuthData.Span),
                CardCrypto.Encipher(request.Algorithm, rkssse, request.ExternalAuthInput.Span));
        }
        catch (CryptoNotSupportedException e)
        {
            // The key file may hold keys of an algorithm (SSF33) the simulator cannot compute: no answer for it either.
            throw new AuthenticationUnavailableException($"the HSM cannot compute {request.Algorithm}", e);
        }
    }
}
