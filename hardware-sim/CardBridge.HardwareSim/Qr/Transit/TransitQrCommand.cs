using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using CardBridge.Simulation.Profiles;
using CardBridge.Simulation.Qr.Transit;

namespace CardBridge.HardwareSim.Qr.Transit;

/// <summary>
/// <c>cardbridge-sim qr-code transit --kind KIND [--holder PROFILE] [--seed SEED]</c> prints one FAKE transit code
/// (Base64) for the holder of a card profile; <c>--roots</c> prints instead the trusted root keys
/// (<c>INDEX HEX</c> per line) a terminal must be configured with.
/// </summary>
public static class TransitQrCommand
{
    private static readonly Dictionary<string, SimTransitQrKind> Kinds = new(StringComparer.Ordinal)
    {
        ["valid"] = SimTransitQrKind.Valid,
        ["expired"] = SimTransitQrKind.Expired,
        ["not-yet-valid"] = SimTransitQrKind.NotYetValid,
        ["after-authorisation"] = SimTransitQrKind.GeneratedAfterAuthorisation,
        ["tampered"] = SimTransitQrKind.TamperedIssuer,
        ["tampered-root"] = SimTransitQrKind.TamperedRoot,
        ["tampered-issuer"] = SimTransitQrKind.TamperedIssuer,
        ["tampered-user"] = SimTransitQrKind.TamperedUser,
        ["unknown-issuer"] = SimTransitQrKind.UnknownIssuer,
    };

    /// <summary>Builds the <c>qr-code</c> command with its <c>transit</c> sub-command.</summary>
    public static Command Create() => new("qr-code", "Print simulated QR code payloads") { TransitCommand() };

    private static Command TransitCommand()
    {
        var kind = new Option<string>("--kind", "-k")
        {
            Description = "Kind of code: " + string.Join(", ", Kinds.Keys) + " (tampered = per-trip limit raised after the issuer signed)",
            DefaultValueFactory = _ => "valid",
        };
        kind.AcceptOnlyFromAmong([.. Kinds.Keys]);
        var holder = new Option<string>("--holder")
        {
            Description = "Card profile (name or .json path) whose card number is the code's account id",
            DefaultValueFactory = _ => "third-gen",
        };
        var seed = new Option<string>("--seed")
        {
            Description = "Seed of the fake key set",
            DefaultValueFactory = _ => SimTransitQrKeys.DefaultSeed,
        };
        var roots = new Option<bool>("--roots") { Description = "Print the trusted root public keys (INDEX HEX) instead of a code" };
        var command = new Command("transit", "Print one FAKE transit code (交通一卡通二维码, CardBridge layout) as Base64") { kind, holder, seed, roots };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var keys = SimTransitQrKeys.FromSeed(parseResult.GetValue(seed)!);
            if (parseResult.GetValue(roots))
            {
                foreach (var (index, key) in keys.TrustedRootPublicKeys)
                {
                    await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{index} {key}").AsMemory(), cancellationToken);
                }
                return 0;
            }
            string accountId;
            try
            {
                accountId = CardNumberOf(parseResult.GetValue(holder)!);
            }
            catch (CardProfileException e)
            {
                await parseResult.InvocationConfiguration.Error.WriteLineAsync(e.Message.AsMemory(), cancellationToken);
                return 2;
            }
            var generator = new SimTransitQrGenerator(keys, TimeProvider.System);
            await output.WriteLineAsync(generator.GenerateText(Kinds[parseResult.GetValue(kind)!], accountId).AsMemory(), cancellationToken);
            return 0;
        });
        return command;
    }

    /// <summary>The card number of card profile <paramref name="nameOrPath"/>, checked to be a valid transit account id.</summary>
    /// <exception cref="CardProfileException">The profile cannot be read or its card number is not 1..20 ASCII letters and digits.</exception>
    internal static string CardNumberOf(string nameOrPath)
    {
        var path = nameOrPath.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
            ? nameOrPath
            : Path.Combine(CardProfiles.Directory, nameOrPath + ".json");
        try
        {
            using var json = JsonDocument.Parse(File.ReadAllText(path));
            if (json.RootElement.TryGetProperty("card", out var card)
                && card.TryGetProperty("cardNumber", out var number)
                && number.GetString() is { Length: > 0 and <= 20 } text
                && text.All(char.IsAsciiLetterOrDigit))
            {
                return text;
            }
            throw new CardProfileException(nameOrPath, "card.cardNumber", "a transit account id needs 1..20 ASCII letters and digits");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            throw new CardProfileException(nameOrPath, "", $"cannot read {path} ({e.Message})", e);
        }
    }
}
