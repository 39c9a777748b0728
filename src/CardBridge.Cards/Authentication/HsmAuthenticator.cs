using System.Security.Cryptography;
using CardBridge.Iso7816;

namespace CardBridge.Cards.Authentication;

/// <summary>
/// The genuine-card check through a remote HSM in two steps (the shape of <c>iReadCardBas_HSM_Step1/Step2</c>):
/// <see cref="BeginAsync"/> runs the card's INTERNAL AUTHENTICATE and GET CHALLENGE and yields the request for the
/// HSM; <see cref="CompleteAsync"/> checks the card's answer against the HSM's and sends the HSM's RKSSSE
/// cryptogram in EXTERNAL AUTHENTICATE. <see cref="AuthenticateAsync"/> does both with an <see cref="IRemoteHsm"/>,
/// giving the HSM <see cref="Timeout"/> to answer.
/// </summary>
public sealed class HsmAuthenticator : ICardAuthenticator
{
    /// <summary>How long the HSM gets unless told otherwise.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private readonly IRemoteHsm _hsm;

    /// <summary>Uses <paramref name="hsm"/>, waiting at most <paramref name="timeout"/> (default <see cref="DefaultTimeout"/>) for it.</summary>
    public HsmAuthenticator(IRemoteHsm hsm, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(hsm);
        if (timeout is { } t && t <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), t, "must be positive");
        }
        _hsm = hsm;
        Timeout = timeout ?? DefaultTimeout;
    }

    /// <summary>How long <see cref="AuthenticateAsync"/> waits for the HSM before <see cref="AuthenticationUnavailableException"/>.</summary>
    public TimeSpan Timeout { get; }

    /// <inheritdoc />
    public async Task<KeyAuthority> AuthenticateAsync(ICardChannel card, CardKeyContext context, CancellationToken cancellationToken)
    {
        var step1 = await BeginAsync(card, context, default, cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Timeout);
        HsmStep2Response answer;
        try
        {
            answer = await _hsm.AuthenticateAsync(step1.Request, deadline.Token);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AuthenticationUnavailableException($"the HSM did not answer within {Timeout.TotalSeconds} s", e);
        }
        await CompleteAsync(card, step1, answer, cancellationToken);
        return KeyAuthority.Hsm;
    }

    /// <summary>
    /// Step 1: INTERNAL AUTHENTICATE with a fresh random and GET CHALLENGE on the card; returns the request for the
    /// HSM and keeps the card's answer for step 2. The card's SSSE must be selected.
    /// </summary>
    public static async Task<HsmStep1> BeginAsync(ICardChannel card, CardKeyContext context, ReadOnlyMemory<byte> atrHistoricalBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(card);
        ArgumentNullException.ThrowIfNull(context);
        var input = CardKeyFactors.CardFactor(context.CardIdentificationCode.Span);
        var random = RandomNumberGenerator.GetBytes(CardAuthCommands.ChallengeLength);
        var answer = await CardAuthCommands.InternalAuthenticateAsync(card, input, random, cancellationToken);
        var challenge = await CardAuthCommands.GetChallengeAsync(card, cancellationToken);
        var request = new HsmStep1Request(context.CardIdentificationCode.ToArray(), context.Algorithm, atrHistoricalBytes.ToArray(), input, random, challenge);
        return new HsmStep1(request, answer);
    }

    /// <summary>
    /// Step 2: the card's internal-authentication answer must equal the HSM's result (constant-time compare), then
    /// the HSM's cryptogram goes to the card in EXTERNAL AUTHENTICATE, which opens the RKSSSE-protected files.
    /// </summary>
    /// <exception cref="CardNotGenuineException">Either check fails.</exception>
    public static async Task CompleteAsync(ICardChannel card, HsmStep1 step1, HsmStep2Response answer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(card);
        ArgumentNullException.ThrowIfNull(step1);
        ArgumentNullException.ThrowIfNull(answer);
        CardAuthCommands.RequireMatch(step1.CardAnswer.Span, answer.InternalAuthResult.Span);
        await CardAuthCommands.ExternalAuthenticateAsync(card, answer.ExternalCryptogram, cancellationToken);
    }
}

/// <summary>The outcome of step 1: the request for the HSM and the card's internal-authentication answer the terminal keeps.</summary>
/// <param name="Request">What to send to the HSM.</param>
/// <param name="CardAnswer">The card's INTERNAL AUTHENTICATE answer, compared with the HSM's result in step 2.</param>
public sealed record HsmStep1(HsmStep1Request Request, ReadOnlyMemory<byte> CardAnswer)
{
    /// <summary>Hides the card's answer.</summary>
    public override string ToString() => $"HsmStep1 {{ {Request} }}";
}
