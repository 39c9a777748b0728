using System.Text;
using CardBridge.Settlement.Centre;
using CardBridge.Simulation.Centre;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static CardBridge.Settlement.Tests.Centre.CentreTestBed;

namespace CardBridge.Settlement.Tests.Centre;

public sealed class MalformedAnswerTests
{
    private static readonly string[] Fields = ["infcode", "output", "baseinfo", "insuinfo", "psn_no", "psn_name", "certno", "balc", "brdy", "insutype"];

    // JSON-shaped answers built from the envelope's own field names, so the mapper's field checks are reached.
    private static Gen<string> JsonAnswer()
    {
        var scalar = Gen.OneOf(
            Gen.Constant("null"), Gen.Constant("0"), Gen.Constant("\"0\""), Gen.Constant("true"), Gen.Constant("-1"),
            Gen.Constant("1e999"), Gen.Constant("0.001"), Gen.Constant("\"9999-99-99\""), Gen.Constant("\"\""),
            ArbMap.Default.GeneratorFor<decimal>().Select(d => d.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ArbMap.Default.GeneratorFor<string>().Where(s => s is not null).Select(s => System.Text.Json.JsonSerializer.Serialize(s)));
        Gen<string> Value(int depth) => depth == 0
            ? scalar
            : Gen.OneOf(
                scalar,
                Gen.Choose(0, 5).SelectMany(n => Gen.Zip(Gen.Elements(Fields), Value(depth - 1)).ListOf(n))
                    .Select(members => "{" + string.Join(",", members.Select(m => $"\"{m.Item1}\":{m.Item2}")) + "}"),
                Gen.Choose(0, 3).SelectMany(n => Value(depth - 1).ListOf(n)).Select(items => "[" + string.Join(",", items) + "]"));
        return Value(4);
    }

    private static bool IsTyped(Exception e) => e is CentreProtocolException or CentreRejectedException;

    [Property(MaxTest = 500)]
    public bool Arbitrary_bytes_as_an_answer_are_a_protocol_error(byte[] body)
    {
        try
        {
            SettlementMessages.PersonInfo(CentreEnvelope.Output(body));
            return false;
        }
        catch (CentreProtocolException)
        {
            return true;
        }
    }

    [Property(MaxTest = 1000)]
    public Property Json_shaped_answers_give_only_typed_errors() =>
        Prop.ForAll(JsonAnswer().ToArbitrary(), json =>
        {
            var body = Encoding.UTF8.GetBytes(json);
            try
            {
                SettlementMessages.PersonInfo(CentreEnvelope.Output(body));
                SettlementMessages.Receipt(CentreEnvelope.Output(body), "M");
                SettlementMessages.Upload(CentreEnvelope.Output(body));
                return true;
            }
            catch (Exception e)
            {
                return IsTyped(e);
            }
        });

    [Fact]
    [Trait("Category", "Integration")]
    public async Task Arbitrary_answers_over_http_are_protocol_errors_never_another_exception()
    {
        await using var bed = Start(o => o.BreakerFailureThreshold = 1000);
        await bed.Adapter.SignInAsync(CancellationToken.None);
        var bodies = Gen.Sample(ArbMap.Default.GeneratorFor<byte[]>().Where(b => b is not null), 100)
            .Concat(Gen.Sample(JsonAnswer().Where(j => !j.Contains("\"infcode\"", StringComparison.Ordinal)).Select(Encoding.UTF8.GetBytes), 100));

        foreach (var body in bodies)
        {
            bed.Centre.InjectFault(new CentreFaultRule(CentreFault.MalformedJson, Times: 1, OnlyInfNo: "1101", Body: body));

            var error = await Record.ExceptionAsync(
                () => bed.Adapter.GetPersonInfoAsync(new PersonQuery(CertificateType.SocialSecurityCard, Card), CancellationToken.None));

            Assert.IsType<CentreProtocolException>(error);
        }
    }
}
