using CardBridge.Crypto;
using CardBridge.Qr.Transit;
using CardBridge.Simulation.Qr.Transit;

namespace CardBridge.Qr.Tests.Transit;

public sealed class TransitQrVerifierTests
{
    [Fact]
    public void Valid_code_verifies_to_the_holders_credential()
    {
        var fixture = new TransitFixture();

        var credential = fixture.Verifier.Verify(fixture.Text(SimTransitQrKind.Valid));

        Assert.Equal(TransitFixture.Account, credential.AccountId);
        Assert.Equal(SimTransitQrKeys.IssuerId, credential.IssuerId);
        Assert.Equal(TransitQrVersion.Interoperable, credential.Version);
        Assert.Equal(500u, credential.PerTripLimitFen);
        Assert.Equal(ManualTime.Start, credential.GeneratedAt);
        Assert.Equal(ManualTime.Start.AddSeconds(60), credential.ExpiresAt);
    }

    [Fact]
    public void Local_version_code_verifies_and_keeps_its_version()
    {
        var fixture = new TransitFixture();
        var spec = fixture.Generator.ValidSpec(TransitFixture.Account) with { Version = 0x81, PerTripLimitFen = 1200 };

        var credential = fixture.Verifier.Verify(fixture.Generator.Encode(spec));

        Assert.Equal(TransitQrVersion.Local, credential.Version);
        Assert.Equal(1200u, credential.PerTripLimitFen);
    }

    [Theory]
    [InlineData(SimTransitQrKind.TamperedRoot, QrSignatureLink.Root)]
    [InlineData(SimTransitQrKind.TamperedIssuer, QrSignatureLink.Issuer)]
    [InlineData(SimTransitQrKind.TamperedUser, QrSignatureLink.User)]
    public void Tampered_code_is_a_bad_signature_naming_the_broken_link(SimTransitQrKind kind, QrSignatureLink link)
    {
        var fixture = new TransitFixture();

        var error = Assert.Throws<QrBadSignatureException>(() => fixture.Verifier.Verify(fixture.Text(kind)));

        Assert.Equal(link, error.Link);
        Assert.Equal(QrErrorReason.BadSignature, error.Reason);
    }

    [Theory]
    [InlineData(43, QrSignatureLink.Root)]
    [InlineData(108 + 9 + 43 + 10, QrSignatureLink.Issuer)]
    [InlineData(108 + 9 + 111 + 63, QrSignatureLink.User)]
    public void Corrupted_signature_bytes_fail_their_own_link(int offset, QrSignatureLink link)
    {
        var fixture = new TransitFixture();
        var code = fixture.Generator.Generate(SimTransitQrKind.Valid, TransitFixture.Account);
        code[offset] ^= 0x01;

        var error = Assert.Throws<QrBadSignatureException>(() => fixture.Verifier.Verify(code));

        Assert.Equal(link, error.Link);
    }

    [Fact]
    public void Code_under_a_root_index_with_no_configured_key_is_an_unknown_issuer()
    {
        var fixture = new TransitFixture();

        var error = Assert.Throws<QrUnknownIssuerException>(() => fixture.Verifier.Verify(fixture.Text(SimTransitQrKind.UnknownIssuer)));

        Assert.Equal(QrErrorReason.UnknownIssuer, error.Reason);
    }

    [Fact]
    public void Certified_issuer_missing_from_the_accepted_issuers_is_an_unknown_issuer()
    {
        var fixture = new TransitFixture(acceptedIssuers: [SimTransitQrKeys.IssuerId + 1]);

        Assert.Throws<QrUnknownIssuerException>(() => fixture.Verifier.Verify(fixture.Text(SimTransitQrKind.Valid)));
    }

    [Fact]
    public void Certified_issuer_in_the_accepted_issuers_verifies()
    {
        var fixture = new TransitFixture(acceptedIssuers: [SimTransitQrKeys.IssuerId]);

        Assert.Equal(SimTransitQrKeys.IssuerId, fixture.Verifier.Verify(fixture.Text(SimTransitQrKind.Valid)).IssuerId);
    }

    [Theory]
    [InlineData(SimTransitQrKind.Expired)]
    [InlineData(SimTransitQrKind.NotYetValid)]
    [InlineData(SimTransitQrKind.GeneratedAfterAuthorisation)]
    public void Code_outside_its_window_is_expired(SimTransitQrKind kind)
    {
        var fixture = new TransitFixture();

        var error = Assert.Throws<QrExpiredException>(() => fixture.Verifier.Verify(fixture.Text(kind)));

        Assert.Equal(QrErrorReason.Expired, error.Reason);
        Assert.Equal(ManualTime.Start, error.CheckedAt);
    }

    [Fact]
    public void Code_generated_after_the_issuer_certificate_expired_is_expired()
    {
        var fixture = new TransitFixture();
        var spec = fixture.Generator.ValidSpec(TransitFixture.Account) with { IssuerCertificateExpiry = ManualTime.Start.AddSeconds(-1) };

        Assert.Throws<QrExpiredException>(() => fixture.Verifier.Verify(fixture.Generator.Encode(spec)));
    }

    [Fact]
    public void Code_generated_exactly_at_authorisation_expiry_verifies()
    {
        var fixture = new TransitFixture();
        var spec = fixture.Generator.ValidSpec(TransitFixture.Account) with { AuthorisationExpiry = ManualTime.Start };

        Assert.Equal(ManualTime.Start, fixture.Verifier.Verify(fixture.Generator.Encode(spec)).GeneratedAt);
    }

    [Theory]
    [InlineData(90, true)]
    [InlineData(91, false)]
    [InlineData(-30, true)]
    [InlineData(-31, false)]
    [InlineData(0, true)]
    public void Clock_skew_tolerance_widens_the_window_at_both_edges(int secondsAfterGeneration, bool accepted)
    {
        // Validity 60 s, tolerance 30 s: accepted from generation − 30 s to generation + 90 s inclusive.
        var fixture = new TransitFixture(skew: TimeSpan.FromSeconds(30));
        var text = fixture.Text(SimTransitQrKind.Valid);
        fixture.Time.Now = ManualTime.Start.AddSeconds(secondsAfterGeneration);

        if (accepted)
        {
            Assert.Equal(TransitFixture.Account, fixture.Verifier.Verify(text).AccountId);
        }
        else
        {
            Assert.Throws<QrExpiredException>(() => fixture.Verifier.Verify(text));
        }
    }

    [Fact]
    public void Without_tolerance_one_tick_past_validity_is_expired()
    {
        var fixture = new TransitFixture(skew: TimeSpan.Zero);
        var text = fixture.Text(SimTransitQrKind.Valid);
        fixture.Time.Now = ManualTime.Start.AddSeconds(60).AddTicks(1);

        Assert.Throws<QrExpiredException>(() => fixture.Verifier.Verify(text));
    }

    [Fact]
    public void Keys_of_another_seed_are_not_trusted_by_a_verifier_of_the_default_roots()
    {
        var fixture = new TransitFixture();
        var other = new SimTransitQrGenerator(SimTransitQrKeys.FromSeed("another FAKE seed"), fixture.Time);

        var error = Assert.Throws<QrBadSignatureException>(
            () => fixture.Verifier.Verify(other.GenerateText(SimTransitQrKind.Valid, TransitFixture.Account)));

        Assert.Equal(QrSignatureLink.Root, error.Link);
    }

    [Fact]
    public void Same_seed_gives_the_same_keys()
    {
        var again = SimTransitQrKeys.FromSeed(SimTransitQrKeys.DefaultSeed);

        Assert.Equal(SimTransitQrKeys.Default.TrustedRootPublicKeys, again.TrustedRootPublicKeys);
        Assert.True(SimTransitQrKeys.Default.User.PublicKey.Span.SequenceEqual(again.User.PublicKey.Span));
    }

    [Fact]
    public void Root_key_that_is_not_a_curve_point_is_refused_at_construction()
    {
        var options = new TransitQrOptions { RootPublicKeys = new Dictionary<byte, string> { [1] = "02" + new string('F', 64) } };

        Assert.Throws<ArgumentException>(() => new TransitQrVerifier(options, new ManualTime()));
    }

    [Fact]
    public void Verifier_needs_at_least_one_root_key()
    {
        Assert.Throws<ArgumentException>(() => new TransitQrVerifier(new TransitQrOptions(), new ManualTime()));
    }

    [Fact]
    public void Credential_text_masks_the_account_id()
    {
        var fixture = new TransitFixture();

        var credential = fixture.Verifier.Verify(fixture.Text(SimTransitQrKind.Valid));

        Assert.DoesNotContain(TransitFixture.Account, credential.ToString(), StringComparison.Ordinal);
        Assert.Contains("SIM****01", credential.ToString(), StringComparison.Ordinal);
    }
    [Fact]
    public void Authorised_user_key_off_the_curve_is_malformed()
    {
        // Byte-level: the issuer signed a "user key" whose x has no y on sm2p256v1 (about half of all x values do not).
        var fixture = new TransitFixture();
        var bytes = fixture.Generator.Generate(SimTransitQrKind.Valid, TransitFixture.Account);
        var userKey = bytes.AsSpan(108 + 9 + 4, 33);
        var found = false;
        for (var last = 0; last < 256 && !found; last++)
        {
            userKey[0] = 0x02;
            userKey[1..].Fill(0x11);
            userKey[32] = (byte)last;
            found = !IsCurvePoint(userKey);
        }
        Assert.True(found);
        var issuerSigned = 108 + 9 + 43;
        Sm2.Sign(fixture.Keys.Issuer.PrivateKey.Span, bytes.AsSpan(0, issuerSigned)).CopyTo(bytes, issuerSigned);

        var error = Assert.Throws<QrMalformedException>(() => fixture.Verifier.Verify(bytes));

        Assert.Equal(QrErrorReason.Malformed, error.Reason);
    }

    private static bool IsCurvePoint(ReadOnlySpan<byte> compressed)
    {
        try
        {
            _ = Sm2.Verify(compressed, [], new byte[Sm2.SignatureLength]);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
