using System.Diagnostics;
using CardBridge.Cards;
using CardBridge.Cards.Identity;
using CardBridge.Cards.Recognition;
using CardBridge.HardwareSim.Vpcd;
using CardBridge.Iso7816;
using CardBridge.Pcsc;
using CardBridge.Simulation.Cards;
using CardBridge.Simulation.Profiles;

namespace CardBridge.IntegrationTests;

/// <summary>Identity read and card recognition through our binding → the real pcscd → vpcd → a card.</summary>
[Collection("pcscd")]
[Trait("Category", "Integration")]
public sealed class IdentityThroughPcscdTests
{
    private static readonly TimeProvider Today = new FixedTime(new DateOnly(2025, 6, 1));

    [Fact]
    public async Task Second_generation_card_reads_in_full_through_pcscd_with_fourteen_APDUs()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var inserted = await PcscdFixture.InsertAsync(SimCard.SecondGen().Build(), VpcdBridgeOptions.FirstReaderPort, timeout.Token);
        using var context = PcscContext.Establish();
        using var card = context.Connect(PcscdFixture.FirstReader, PcscShareMode.Shared, PcscProtocols.Any);
        var counting = new CountingTransport(card);

        var result = await new IdentityReader(null, Today).ReadAsync(new CardChannel(counting), card.Status().Atr, timeout.Token);

        Assert.Equal(CardGeneration.Second, result.Card.Generation);
        Assert.Equal("SIM000002", result.Card.CardNumber);
        Assert.Equal("990001D156000005000000015A3C19E2", result.Card.CardIdentificationCodeHex);
        Assert.Equal("SIMSSC20"u8.ToArray(), result.Card.AtrHistoricalBytes.ToArray());
        Assert.Equal("测试乙", result.Holder!.Name);
        Assert.Equal("990001199001010013", result.Holder.Ssn);
        Assert.Equal(CardValidity.Valid, result.Validity);
        Assert.Equal(14, counting.Count);
    }

    [Fact]
    public async Task Third_generation_card_without_authenticator_gives_the_card_part_and_the_reason()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var inserted = await PcscdFixture.InsertAsync(SimCard.ThirdGen().Build(), VpcdBridgeOptions.FirstReaderPort, timeout.Token);
        using var context = PcscContext.Establish();
        using var card = context.Connect(PcscdFixture.FirstReader, PcscShareMode.Shared, PcscProtocols.Any);
        var counting = new CountingTransport(card);

        var result = await new IdentityReader(null, Today).ReadAsync(new CardChannel(counting), card.Status().Atr, timeout.Token);

        Assert.Equal(CardGeneration.Third, result.Card.Generation);
        Assert.Equal("SIM000001", result.Card.CardNumber);
        Assert.Null(result.Holder);
        Assert.Equal(HolderUnavailableReason.NoAuthenticator, result.HolderUnavailable);
        Assert.Equal(9, counting.Count);
    }

    [Fact]
    public async Task Simulated_non_social_security_card_is_recognised_as_such()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var inserted = await PcscdFixture.InsertAsync(new RefusingCard(), VpcdBridgeOptions.FirstReaderPort, timeout.Token);
        using var context = PcscContext.Establish();
        using var card = context.Connect(PcscdFixture.FirstReader, PcscShareMode.Shared, PcscProtocols.Any);
        var channel = new CardChannel(card);

        var recognition = await new CardRecognizer().RecognizeAsync(channel, card.Status().Atr, timeout.Token);

        Assert.Equal(CardGeneration.NotSocialSecurityCard, recognition.Generation);
        Assert.Contains("6D00", recognition.Reason, StringComparison.Ordinal);
        await Assert.ThrowsAsync<NotASocialSecurityCardException>(
            () => new IdentityReader(null, Today).ReadAsync(channel, card.Status().Atr, timeout.Token));
    }

    [Fact]
    public async Task Vsmartcard_vicc_card_is_recognised_as_not_a_social_security_card()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var vicc = await ViccCard.StartAsync(VpcdBridgeOptions.SecondReaderPort, timeout.Token);
        using var context = PcscContext.Establish();
        using var card = context.Connect(PcscdFixture.SecondReader, PcscShareMode.Shared, PcscProtocols.Any);
        card.Timeout = TimeSpan.FromSeconds(10);
        var channel = new CardChannel(card);

        var recognition = await new CardRecognizer().RecognizeAsync(channel, card.Status().Atr, timeout.Token);

        Assert.Equal(CardGeneration.NotSocialSecurityCard, recognition.Generation);
        Assert.Contains("6A82", recognition.Reason, StringComparison.Ordinal);
        await Assert.ThrowsAsync<NotASocialSecurityCardException>(
            () => new IdentityReader(null, Today).ReadAsync(channel, card.Status().Atr, timeout.Token));
    }

    private sealed class CountingTransport(IApduTransport inner) : IApduTransport
    {
        public int Count { get; private set; }

        public Task<byte[]> TransmitAsync(ReadOnlyMemory<byte> command, CancellationToken cancellationToken)
        {
            Count++;
            return inner.TransmitAsync(command, cancellationToken);
        }
    }

    private sealed class FixedTime(DateOnly today) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(today.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);

        public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
    }

    /// <summary>A card that knows no instruction at all (6D00), e.g. a bare memory card behind a contact reader.</summary>
    private sealed class RefusingCard : ISimulatedCard
    {
        public ReadOnlyMemory<byte> Atr { get; } = Convert.FromHexString("3B0200AB");

        public CardFaults Faults { get; } = new();

        public void Reset()
        {
        }

        public SimulatedReply Process(ReadOnlySpan<byte> command) => SimulatedReply.Answer([0x6D, 0x00]);
    }

    /// <summary>
    /// vsmartcard's own Python card (<c>vicc -t iso7816</c>) connected to a vpcd reader: a card no one here wrote.
    /// Debian's vicc needs its package directory on PYTHONPATH and the <c>Crypto</c> module name, which
    /// python3-pycryptodome ships as <c>Cryptodome</c>: a symlink in a temporary directory provides it.
    /// </summary>
    private sealed class ViccCard : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly string _shim;
        private readonly string _reader;

        private ViccCard(Process process, string shim, string reader)
        {
            _process = process;
            _shim = shim;
            _reader = reader;
        }

        public static async Task<ViccCard> StartAsync(int port, CancellationToken cancellationToken)
        {
            const string cryptodome = "/usr/lib/python3/dist-packages/Cryptodome";
            Assert.True(File.Exists("/usr/bin/vicc"), "vicc missing: apt-get install vsmartcard-vpicc");
            Assert.True(Directory.Exists(cryptodome), "Cryptodome missing: apt-get install python3-pycryptodome");
            var shim = Directory.CreateTempSubdirectory("cardbridge-vicc-").FullName;
            File.CreateSymbolicLink(Path.Combine(shim, "Crypto"), cryptodome);
            var info = new ProcessStartInfo("/usr/bin/python3")
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var argument in new[] { "/usr/bin/vicc", "-t", "iso7816", "-H", "127.0.0.1", "-P", port.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            {
                info.ArgumentList.Add(argument);
            }
            info.Environment["PYTHONPATH"] = "/usr/lib/python3/site-packages/virtualsmartcard:" + shim;
            var process = Process.Start(info) ?? throw new InvalidOperationException("could not start vicc");
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var reader = PcscdFixture.ReaderFor(port);
            var card = new ViccCard(process, shim, reader);
            try
            {
                await PcscdFixture.WaitForCardAsync(reader, present: true, TimeSpan.FromSeconds(20), cancellationToken);
            }
            catch
            {
                await card.DisposeAsync();
                throw;
            }
            return card;
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill();
            }
            await _process.WaitForExitAsync();
            _process.Dispose();
            await PcscdFixture.WaitForCardAsync(_reader, present: false, TimeSpan.FromSeconds(10), CancellationToken.None);
            Directory.Delete(_shim, recursive: true);
        }
    }
}
