using System.Globalization;
using System.Text;
using CardBridge.Qr.Platform;
using FsCheck.Xunit;

namespace CardBridge.Qr.Tests.Platform;

public sealed class PlatformWireTests
{
    [Theory]
    [InlineData("{\"code\":10001}", PlatformQrRejectedException.Expired, QrErrorReason.Expired)]
    [InlineData("{\"code\":10002}", PlatformQrRejectedException.Used, QrErrorReason.Replayed)]
    [InlineData("{\"code\":10003}", PlatformQrRejectedException.Unknown, QrErrorReason.Malformed)]
    [InlineData("{\"code\":10004}", PlatformQrRejectedException.Malformed, QrErrorReason.Malformed)]
    [InlineData("{\"code\":42,\"message\":\"x\"}", PlatformQrRejectedException.Refused, QrErrorReason.Malformed)]
    public void A_non_zero_answer_code_is_a_refusal_with_its_reason(string answer, string platformReason, QrErrorReason reason)
    {
        var e = Assert.Throws<PlatformQrRejectedException>(() =>
            PlatformWire.Answer(PlatformQrCodeType.EVoucher, Encoding.UTF8.GetBytes(answer)));

        Assert.Equal(platformReason, e.PlatformReason);
        Assert.Equal(reason, e.Reason);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("{\"code\":\"0\"}")]
    [InlineData("{\"code\":0}")]
    [InlineData("{\"code\":0,\"data\":{\"idNo\":\"X\",\"userName\":\"测试甲\",\"insuOrg\":\"990001\"}}")]
    [InlineData("{\"code\":0,\"data\":{\"idNo\":\"\\uD800\",\"userName\":\"测试甲\",\"insuOrg\":\"990001\",\"ecToken\":\"T\"}}")]
    public void An_answer_that_is_not_the_protocol_is_a_malformed_answer(string answer)
    {
        var e = Assert.Throws<QrVerifierUnavailableException>(() =>
            PlatformWire.Answer(PlatformQrCodeType.EVoucher, Encoding.UTF8.GetBytes(answer)));

        Assert.Equal(QrVerifierFailure.MalformedAnswer, e.Failure);
    }

    [Property(MaxTest = 3000)]
    public bool Answer_of_any_bytes_is_a_credential_or_a_QrException(byte[] body, bool voucher)
    {
        var type = voucher ? PlatformQrCodeType.EVoucher : PlatformQrCodeType.SocialSecurityCard;
        try
        {
            return PlatformWire.Answer(type, body).CodeType == type;
        }
        catch (QrException e)
        {
            return e is PlatformQrRejectedException or QrVerifierUnavailableException { Failure: QrVerifierFailure.MalformedAnswer };
        }
    }

    [Property(MaxTest = 3000)]
    public bool Answer_of_any_text_inside_a_success_envelope_is_a_credential_or_a_QrException(string? idNo, string? name)
    {
        var json = "{\"code\":0,\"data\":{\"idNo\":" + Quote(idNo) + ",\"userName\":" + Quote(name) + ",\"insuOrg\":\"990001\",\"cardNo\":\"SIM1\"}}";
        try
        {
            var credential = PlatformWire.Answer(PlatformQrCodeType.SocialSecurityCard, Encoding.UTF8.GetBytes(json));
            return credential.IdNumber == idNo && credential.Name == name;
        }
        catch (QrVerifierUnavailableException e)
        {
            return e.Failure == QrVerifierFailure.MalformedAnswer;
        }
    }

    // Every character as a \uXXXX escape, so lone surrogates reach the parser too.
    private static string Quote(string? text) => text is null
        ? "null"
        : "\"" + string.Concat(text.Select(c => "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture))) + "\"";
}
