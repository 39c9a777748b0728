using System.Globalization;
using CardBridge.Service.Logging;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace CardBridge.Service.Tests.Logging;

public sealed class LogRedactionPolicyTests
{
    private const string Ssn = "990001199001010013";
    private const string SsnX = "99000119900101001X";
    private const string CardNumber = "SIM000001";
    private const string CardIdCode = "990001D156000005000000015A3C19E2";
    private const string Pan = "6217990007000001";

    private sealed record Person(string Name, string Ssn, string CardNumber, string Note);

    private static (Serilog.Core.Logger Logger, CollectingSink Sink) Redacted()
    {
        var sink = new CollectingSink();
        var logger = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Redacted(s => s.Sink(sink)).CreateLogger();
        return (logger, sink);
    }

    private static string Clef(LogEvent logEvent)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        new CompactJsonFormatter().Format(logEvent, writer);
        return writer.ToString();
    }

    private static string Rendered(LogEvent logEvent) => logEvent.RenderMessage(CultureInfo.InvariantCulture);

    [Fact]
    public void Ssn_shaped_values_in_a_property_are_masked_first_four_last_four()
    {
        var (logger, sink) = Redacted();
        logger.Information("Holder {Id} and {Other}", Ssn, SsnX);
        logger.Dispose();

        var text = Rendered(sink.Events.Single());
        Assert.Contains("9900**********0013", text, StringComparison.Ordinal);
        Assert.Contains("9900**********001X", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Ssn, Clef(sink.Events.Single()), StringComparison.Ordinal);
    }

    [Fact]
    public void Values_in_the_template_text_itself_are_masked()
    {
        var (logger, sink) = Redacted();
#pragma warning disable CA2254, Serilog004 // the point: a template built by interpolation
        logger.Information("read " + Ssn + " on " + CardNumber + " for {Reader}", "Simulated Reader 0");
#pragma warning restore CA2254, Serilog004
        logger.Dispose();

        var logEvent = sink.Events.Single();
        var clef = Clef(logEvent);
        Assert.DoesNotContain(Ssn, clef, StringComparison.Ordinal);
        Assert.DoesNotContain(CardNumber, clef, StringComparison.Ordinal);
        Assert.Equal("read 9900**********0013 on SI*****01 for \"Simulated Reader 0\"", Rendered(logEvent));
    }

    [Theory]
    [InlineData(Pan, "6217 **** **** 0001")]
    [InlineData("6217 9900 0700 0001", "6217 **** **** 0001")]
    [InlineData("6217-9900-0700-0001", "6217 **** **** 0001")]
    [InlineData("6217990007000001234", "6217 **** **** ***1 234")]
    public void Pan_shaped_digit_runs_are_masked(string pan, string expected)
    {
        var (logger, sink) = Redacted();
        logger.Information("account {Account}", pan);
        logger.Dispose();

        Assert.Equal($"account \"{expected}\"", Rendered(sink.Events.Single()));
    }

    [Fact]
    public void Pan_as_a_number_not_a_string_is_masked()
    {
        var (logger, sink) = Redacted();
        logger.Information("account {Account}", 6217990007000001L);
        logger.Dispose();

        Assert.DoesNotContain(Pan, Clef(sink.Events.Single()), StringComparison.Ordinal);
    }

    [Fact]
    public void Card_identification_code_is_masked()
    {
        var (logger, sink) = Redacted();
        logger.Information("code {Code} lower {Lower}", CardIdCode, CardIdCode.ToLowerInvariant());
        logger.Dispose();

        var clef = Clef(sink.Events.Single());
        Assert.DoesNotContain(CardIdCode, clef, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("99****************************E2", clef, StringComparison.Ordinal);
    }

    [Fact]
    public void Properties_named_for_personal_data_are_masked_whatever_they_hold()
    {
        var (logger, sink) = Redacted();
        logger.Information("{Name} {HolderName} {holder_name} {CardNumber} {Pan} {Pin} {BirthDate}",
            "测试甲", "测试乙", "测试丙", "X", "1234567890", "123456", new DateOnly(1990, 1, 1));
        logger.Dispose();

        var properties = sink.Events.Single().Properties;
        Assert.Equal("测**", ((ScalarValue)properties["Name"]).Value);
        Assert.Equal("测**", ((ScalarValue)properties["HolderName"]).Value);
        Assert.Equal("测**", ((ScalarValue)properties["holder_name"]).Value);
        Assert.Equal("*", ((ScalarValue)properties["CardNumber"]).Value);
        Assert.Equal("1234 **78 90", ((ScalarValue)properties["Pan"]).Value);
        Assert.Equal("***", ((ScalarValue)properties["Pin"]).Value);
        Assert.Equal("***", ((ScalarValue)properties["BirthDate"]).Value);
    }

    [Fact]
    public void Rare_character_names_keep_their_first_character_whole()
    {
        var (logger, sink) = Redacted();
        logger.Information("{Name}", "䶮测试");
        logger.Dispose();

        Assert.Equal("䶮**", ((ScalarValue)sink.Events.Single().Properties["Name"]).Value);
    }

    [Fact]
    public void Destructured_objects_sequences_and_dictionaries_are_masked_at_every_depth()
    {
        var (logger, sink) = Redacted();
        var person = new Person("测试甲", Ssn, CardNumber, $"pan {Pan}");
        logger.Information("{@Person} {@People} {@ByReader}", person, new[] { person },
            new Dictionary<string, Person> { ["Simulated Reader 0"] = person });
        logger.Dispose();

        var clef = Clef(sink.Events.Single());
        foreach (var secret in new[] { "测试甲", Ssn, CardNumber, Pan })
        {
            Assert.DoesNotContain(secret, clef, StringComparison.Ordinal);
        }
        Assert.Contains("测**", clef, StringComparison.Ordinal);
        Assert.Contains("Simulated Reader 0", clef, StringComparison.Ordinal);
    }

    [Fact]
    public void Objects_rendered_as_json_text_have_sensitive_members_masked()
    {
        var (logger, sink) = Redacted();
        logger.Information("{Identity}", "{ \"holder\": { \"name\": \"测试甲\", \"ssn\": \"" + Ssn + "\" }, \"reader\": \"R\" }");
        logger.Dispose();

        var text = (string)((ScalarValue)sink.Events.Single().Properties["Identity"]).Value!;
        Assert.DoesNotContain("测试甲", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Ssn, text, StringComparison.Ordinal);
        Assert.Contains("\"reader\": \"R\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Exception_messages_and_inner_exceptions_are_masked()
    {
        var (logger, sink) = Redacted();
        Exception error;
        try
        {
            throw new InvalidOperationException("outer " + CardNumber, new FormatException("inner " + Ssn));
        }
        catch (InvalidOperationException e)
        {
            error = e;
        }
        logger.Error(error, "failed");
        logger.Dispose();

        var logEvent = sink.Events.Single();
        var clef = Clef(logEvent);
        Assert.DoesNotContain(Ssn, clef, StringComparison.Ordinal);
        Assert.DoesNotContain(CardNumber, clef, StringComparison.Ordinal);
        Assert.Contains("InvalidOperationException", clef, StringComparison.Ordinal);
        Assert.Equal("outer SI*****01", logEvent.Exception!.Message);
    }

    [Fact]
    public void Ordinary_values_pass_unchanged()
    {
        var (logger, sink) = Redacted();
        var session = Guid.NewGuid().ToString();
        logger.Information("{Reader} {Session} {Elapsed} {Port} {When} {Method}",
            "Simulated Reader 0", session, 12.5, 50051, "2026-11-29 03:09:24", "/cardbridge.v1.IdentityService/ReadCard");
        logger.Dispose();

        Assert.Equal(
            $"\"Simulated Reader 0\" \"{session}\" 12.5 50051 \"2026-11-29 03:09:24\" \"/cardbridge.v1.IdentityService/ReadCard\"",
            Rendered(sink.Events.Single()));
    }

    [Fact]
    public void Event_id_names_are_not_taken_for_person_names()
    {
        var (logger, sink) = Redacted();
        logger.Information("{@EventId}", new { Id = 14, Name = "ListeningOnAddress" });
        logger.Dispose();

        Assert.Contains("ListeningOnAddress", Clef(sink.Events.Single()), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_sink_behind_the_policy_gets_the_redacted_event()
    {
        var first = new CollectingSink();
        var second = new CollectingSink();
        using (var logger = new LoggerConfiguration().WriteTo.Redacted(s => s.Sink(first).WriteTo.Sink(second)).CreateLogger())
        {
            logger.Information("{Ssn}", Ssn);
        }

        Assert.Equal("9900**********0013", ((ScalarValue)first.Events.Single().Properties["Ssn"]).Value);
        Assert.Equal("9900**********0013", ((ScalarValue)second.Events.Single().Properties["Ssn"]).Value);
    }
}
