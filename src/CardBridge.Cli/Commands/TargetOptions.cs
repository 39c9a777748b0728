using System.CommandLine;
using CardBridge.Api.V1;

namespace CardBridge.Cli.Commands;

/// <summary><c>--session ID | --reader R</c>: which card a call is about (neither: the only card present).</summary>
internal sealed class TargetOptions
{
    private readonly Option<string?> _session = new("--session", "-s") { Description = "The card's session id (from readers or watch)" };
    private readonly Option<string?> _reader = new("--reader", "-r") { Description = "The card in this reader" };

    public static TargetOptions AddTo(Command command)
    {
        var target = new TargetOptions();
        command.Options.Add(target._session);
        command.Options.Add(target._reader);
        command.Validators.Add(result =>
        {
            if (result.GetValue(target._session) is not null && result.GetValue(target._reader) is not null)
            {
                result.AddError("give --session or --reader, not both");
            }
        });
        return target;
    }

    public CardTarget Read(ParseResult parseResult)
    {
        var target = new CardTarget();
        if (parseResult.GetValue(_session) is { } session)
        {
            target.SessionId = session;
        }
        else if (parseResult.GetValue(_reader) is { } reader)
        {
            target.Reader = reader;
        }
        return target;
    }
}
