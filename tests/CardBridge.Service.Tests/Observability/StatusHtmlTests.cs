using CardBridge.Service.Observability;
using CardBridge.Service.StatusPage;

namespace CardBridge.Service.Tests.Observability;

public sealed class StatusHtmlTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 29, 8, 0, 0, TimeSpan.Zero);

    private static StatusReport Report(IReadOnlyList<ReaderStatus> readers, IReadOnlyList<ApduSample> latency) => new(
        At, Simulated: false, readers, [], [], new JournalStatus(0, null, 0, 0), new CentreStatus("online", null), [], latency);

    [Fact]
    public void Names_from_configuration_are_html_encoded()
    {
        var html = StatusHtml.Render(Report([new ReaderStatus("<script>alert(1)</script> & Co", "empty")], []));

        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_chart_plots_every_sample_scaled_to_the_slowest_and_summarises_per_reader_and_instruction()
    {
        var html = StatusHtml.Render(Report([], [
            new ApduSample(At, "R0", "A4", 10),
            new ApduSample(At, "R0", "B0", 40),
            new ApduSample(At, "R0", "A4", 20),
        ]));

        var points = html.Split("points=\"")[1].Split('"')[0].Split(' ');
        Assert.Equal(3, points.Length);
        Assert.Contains("40 ms</text>", html, StringComparison.Ordinal);
        Assert.Contains("<td>R0</td><td>A4</td><td>2</td><td>15</td><td>20</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td>R0</td><td>B0</td><td>1</td><td>40</td><td>40</td>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_APDUs_the_page_says_so_instead_of_an_empty_chart() =>
        Assert.Contains("no APDU yet", StatusHtml.Render(Report([], [])), StringComparison.Ordinal);
}
