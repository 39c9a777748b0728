using CardBridge.Api.V1;
using CardBridge.Journal;
using CardBridge.Service.Credentials;
using CardBridge.Service.Hosting;
using CardBridge.Service.Security;
using CardBridge.Settlement.Centre;
using CardBridge.Settlement.Workflow;
using CardBridge.Terminal;
using Grpc.Core;

namespace CardBridge.Service.Api;

/// <summary>Who a settlement or hospital call is for, from its credential: the card's session, an e-voucher, a scanned code or an identity document.</summary>
internal sealed class SettlementSubjects(TerminalHost host, HolderPseudonym pseudonym, CodeCredentialStore codes)
{
    private const int MaxVoucherTokenLength = 256;
    private const int MaxIdNumberLength = 32;
    private const int MaxNameLength = 64;

    /// <summary>The settling person from the credential; <paramref name="session"/> is the card's session, null for an e-voucher.</summary>
    public SettlementSubject Of(SettlementCredential? credential, ServerCallContext context, out CardSession? session)
    {
        switch (credential?.CredentialCase)
        {
            case SettlementCredential.CredentialOneofCase.Card:
                session = CardTargets.Resolve(host.Terminal, credential.Card, "credential.card");
                AccessInterceptor.AuditOf(context).About(session);
                if (session.Identity is not { } identity)
                {
                    throw RpcErrors.ForCardFailure(session.IdentityError!, session.Id)
                        ?? RpcErrors.Create(StatusCode.FailedPrecondition, ErrorReason.CardUnreadable, "the card could not be read",
                            (ErrorDomain.SessionId, session.Id.ToString()));
                }
                var cardNumber = identity.Card.CardNumber;
                return new SettlementSubject(
                    CertificateType.SocialSecurityCard,
                    cardNumber,
                    pseudonym.Of(identity.Holder?.Ssn ?? cardNumber),
                    new PersonalFields(cardNumber, identity.Holder?.Ssn, identity.Holder?.Name))
                {
                    CardSerialNumber = identity.Card.CardIdentificationCodeHex,
                };
            case SettlementCredential.CredentialOneofCase.EVoucherToken:
                session = null;
                var token = credential.EVoucherToken;
                if (string.IsNullOrWhiteSpace(token) || token.Length > MaxVoucherTokenLength || token.Any(char.IsControl))
                {
                    throw RpcErrors.InvalidRequest("credential.e_voucher_token", $"an ecToken is 1 to {MaxVoucherTokenLength} printable characters");
                }
                return new SettlementSubject(CertificateType.ElectronicVoucher, token, pseudonym.Of("ecToken:" + token), new PersonalFields(null, null, null));
            case SettlementCredential.CredentialOneofCase.CodeCredentialId:
                session = null;
                var code = CodeCredentialOf(credential.CodeCredentialId);
                AccessInterceptor.AuditOf(context).About(code);
                return code switch
                {
                    { Kind: CodeKind.EVoucher, Platform: { EcToken: { } ecToken } holder } => new SettlementSubject(
                        CertificateType.ElectronicVoucher, ecToken, pseudonym.Of(holder.IdNumber), new PersonalFields(null, holder.IdNumber, holder.Name)),
                    { Kind: CodeKind.SocialSecurityCard, Platform: { CardNumber: { } number } holder } => new SettlementSubject(
                        CertificateType.SocialSecurityCard, number, pseudonym.Of(holder.IdNumber), new PersonalFields(number, holder.IdNumber, holder.Name)),
                    _ => throw RpcErrors.CredentialNotAccepted(code.Id.ToString(), code.Kind,
                        "only an e-voucher or e-SSC code can pay a medical bill"),
                };
            case SettlementCredential.CredentialOneofCase.IdDocument:
                session = null;
                var document = credential.IdDocument;
                RequestFields.RequireText(document.Number, MaxIdNumberLength, "credential.id_document.number");
                RequestFields.RequireText(document.Name, MaxNameLength, "credential.id_document.name");
                return new SettlementSubject(
                    CertificateType.IdCard, document.Number, pseudonym.Of(document.Number), new PersonalFields(null, document.Number, document.Name));
            default:
                throw RpcErrors.InvalidRequest("credential", "give the card, an e_voucher_token, a code_credential_id or an id_document");
        }
    }

    private CodeCredentialRecord CodeCredentialOf(string id) =>
        id.Length == 36 && Guid.TryParseExact(id, "D", out var parsed)
            ? codes.TryGet(parsed, out var credential) ? credential : throw RpcErrors.CredentialUnknown(id)
            : throw RpcErrors.InvalidRequest("credential.code_credential_id", "not a credential id (a UUID)");
}
