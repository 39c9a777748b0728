using CardBridge.Qr.Transit;
using CardBridge.Simulation.Qr.Transit;
using FsCheck;
using FsCheck.Xunit;

namespace CardBridge.Qr.Tests.Transit;

public sealed class TransitQrPropertyTests
{
    private static readonly TransitFixture Fixture = new();
    private static readonly byte[] ValidCode = Fixture.Generator.Generate(SimTransitQrKind.Valid, TransitFixture.Account);

    [Property(MaxTest = 2000)]
    public bool Parser_and_verifier_turn_arbitrary_bytes_into_a_credential_or_a_QrException(byte[] bytes)
    {
        try
        {
            TransitQrParser.Parse(bytes);
            Fixture.Verifier.Verify(bytes);
            return true;
        }
        catch (QrException)
        {
            return true;
        }
    }

    [Property(MaxTest = 2000)]
    public bool Parser_and_verifier_turn_arbitrary_text_into_a_credential_or_a_QrException(NonNull<string> text)
    {
        try
        {
            TransitQrParser.Parse(text.Get);
            Fixture.Verifier.Verify(text.Get);
            return true;
        }
        catch (QrException)
        {
            return true;
        }
    }

    [Property(MaxTest = 300)]
    public bool Any_change_to_one_byte_of_a_valid_code_is_refused(NonNegativeInt position, byte mask)
    {
        var bytes = (byte[])ValidCode.Clone();
        bytes[position.Get % bytes.Length] ^= mask == 0 ? (byte)1 : mask;
        try
        {
            Fixture.Verifier.Verify(bytes);
            return false;
        }
        catch (QrRejectedException)
        {
            return true;
        }
    }

    [Property(MaxTest = 300)]
    public bool Arbitrary_bytes_behind_a_valid_header_never_escape_as_anything_but_QrException(byte[] tail)
    {
        // Keep a valid prefix (version, root index, issuer) so the noise reaches the later fields and the signature checks.
        var bytes = ValidCode.AsSpan(0, 107).ToArray().Concat(tail).ToArray();
        try
        {
            Fixture.Verifier.Verify(bytes);
            return true;
        }
        catch (QrException)
        {
            return true;
        }
    }
}
