using CardBridge.Cards.Authentication;
using CardBridge.Crypto;
using CardBridge.Simulation.Hsm;

namespace CardBridge.Tests.Shared;

/// <summary>
/// The HSM of a program calling the standard interface's two steps: it takes iReadCardBas_HSM_Step1's output and answers
/// the key iReadCardBas_HSM_Step2 takes (<c>internal result ‖ data | cryptogram ‖ data |</c>), computed by the simulator's
/// HSM with the issuer keys of the simulated cards.
/// </summary>
internal static class CallerHsm
{
    public static async Task<string> AnswerAsync(string step1, bool forged = false)
    {
        var fields = step1.Split('|');
        if (fields.Length != 9 || fields[^1].Length > 0)
        {
            throw new ArgumentException($"not a step-1 output: {step1}", nameof(step1));
        }
        var request = new HsmStep1Request(
            Convert.FromHexString(fields[3]), (CardAlgorithm)Convert.ToByte(fields[2], 16), Convert.FromHexString(fields[1]),
            Convert.FromHexString(fields[4]), Convert.FromHexString(fields[5]), Convert.FromHexString(fields[7]));
        var answer = await new SimulatedHsm().AuthenticateAsync(request, CancellationToken.None);
        var result = answer.InternalAuthResult.ToArray();
        if (forged)
        {
            result[0] ^= 0x01;
        }
        return $"{Convert.ToHexString(result)}{fields[5]}|{Convert.ToHexString(answer.ExternalCryptogram.Span)}{fields[7]}|";
    }
}
