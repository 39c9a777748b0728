using CardBridge.Api.V1;
using CardBridge.Settlement.Centre;
using CardBridge.Settlement.Hospital;
using Google.Protobuf.WellKnownTypes;
using VisitContext = CardBridge.Settlement.Hospital.VisitContext;
using SettlementBreakdown = CardBridge.Journal.SettlementBreakdown;
using Diagnosis = CardBridge.Settlement.Centre.Diagnosis;
using SettlementScenario = CardBridge.Settlement.Centre.SettlementScenario;

namespace CardBridge.Service.Api;

/// <summary>The one mapping between the hospital visit messages and the domain (person record, context, diagnosis, fees, breakdown).</summary>
internal static class VisitMapper
{
    private const int MaxText = 64;

    public static VisitContext ContextFrom(CardBridge.Api.V1.VisitContext? context, string field = "context")
    {
        if (context is null)
        {
            return VisitContext.Default;
        }
        var code = RequestFields.OptionalText(context.OperatorCode, MaxText, field + ".operator_code");
        var name = RequestFields.OptionalText(context.OperatorName, MaxText, field + ".operator_name");
        return new VisitContext
        {
            Operator = code is null ? null : new CentreOperator(code, name ?? code),
            Care = new CareTeam
            {
                DepartmentCode = RequestFields.OptionalText(context.DepartmentCode, MaxText, field + ".department_code"),
                DepartmentName = RequestFields.OptionalText(context.DepartmentName, MaxText, field + ".department_name"),
                DepartmentCategory = RequestFields.OptionalText(context.DepartmentCategory, MaxText, field + ".department_category"),
                DoctorCode = RequestFields.OptionalText(context.DoctorCode, MaxText, field + ".doctor_code"),
                DoctorName = RequestFields.OptionalText(context.DoctorName, MaxText, field + ".doctor_name"),
            },
        };
    }

    public static Diagnosis DiagnosisFrom(CardBridge.Api.V1.Diagnosis? diagnosis)
    {
        if (diagnosis is null)
        {
            throw RpcErrors.InvalidRequest("diagnosis", "required");
        }
        RequestFields.RequireText(diagnosis.Code, MaxText, "diagnosis.code");
        RequestFields.RequireText(diagnosis.Name, MaxText, "diagnosis.name");
        return new Diagnosis(diagnosis.Code, diagnosis.Name);
    }

    public static SettlementScenario VisitScenarioFrom(CardBridge.Api.V1.SettlementScenario scenario) => scenario switch
    {
        CardBridge.Api.V1.SettlementScenario.Outpatient => SettlementScenario.Outpatient,
        CardBridge.Api.V1.SettlementScenario.Inpatient => SettlementScenario.Inpatient,
        _ => throw RpcErrors.InvalidRequest("scenario", "outpatient or inpatient"),
    };

    public static FeeItem FeeFrom(FeeDetail detail, DateTimeOffset now)
    {
        if (!decimal.TryParse(detail.Quantity, System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture,
                out var quantity) || quantity <= 0 || decimal.Round(quantity, 4) != quantity)
        {
            throw RpcErrors.InvalidRequest("items.quantity", "a positive decimal with up to four decimals");
        }
        RequestFields.RequireText(detail.SerialNo, 30, "items.serial_no");
        RequestFields.RequireText(detail.ListCode, MaxText, "items.list_code");
        RequestFields.RequireText(detail.InstitutionListCode, MaxText, "items.institution_list_code");
        if (detail.UnitPriceFen < 0 || detail.TotalFen < 0)
        {
            throw RpcErrors.InvalidRequest("items.total_fen", "no negative amounts");
        }
        return new FeeItem(
            detail.SerialNo, detail.ListCode, detail.InstitutionListCode, quantity, detail.UnitPriceFen, detail.TotalFen,
            detail.OccurredAt?.ToDateTimeOffset() ?? now)
        {
            OrderNo = RequestFields.OptionalText(detail.OrderNo, MaxText, "items.order_no"),
        };
    }

    public static VisitResponse ResponseOf(VisitOutcome outcome) => new()
    {
        VisitId = outcome.VisitId,
        PersonNo = outcome.PersonNo,
        InsuredArea = outcome.InsuredArea,
        MsgId = outcome.MsgId,
        Replayed = outcome.Replayed,
        CompletedAt = Timestamp.FromDateTimeOffset(outcome.At),
    };

    public static FeeDetailResult ResultOf(FeeItemResult result) => new()
    {
        SerialNo = result.SerialNo,
        TotalFen = result.TotalFen,
        FullOwnPayFen = result.FullOwnPayFen,
        OverLimitFen = result.OverLimitFen,
        PreSelfPayFen = result.PreSelfPayFen,
        InScopeFen = result.InScopeFen,
    };

    public static InsuredPerson PersonOf(PersonInfo person, bool identityFull)
    {
        var answer = new InsuredPerson
        {
            PersonNo = person.PersonNo,
            Name = identityFull ? person.Name : "",
            CertificateNumber = identityFull ? person.CertificateNumber : "",
            Gender = person.Gender ?? "",
        };
        answer.Insurances.AddRange(person.Insurances.Select(i => new Insurance
        {
            InsuranceType = i.InsuranceType,
            InsuredArea = i.InsuredArea ?? "",
            PersonType = i.PersonType ?? "",
            Status = i.Status ?? "",
            AccountBalanceFen = i.AccountBalanceFen,
            CivilServant = i.CivilServant,
        }));
        return answer;
    }

    public static CardBridge.Api.V1.SettlementBreakdown BreakdownOf(SettlementBreakdown b) => new()
    {
        PooledFundFen = b.PooledFundFen,
        CivilServantFen = b.CivilServantFen,
        EnterpriseSupplementFen = b.EnterpriseSupplementFen,
        SeriousIllnessFen = b.SeriousIllnessFen,
        LargeExpenseFen = b.LargeExpenseFen,
        MedicalAidFen = b.MedicalAidFen,
        OtherFundFen = b.OtherFundFen,
        HospitalShareFen = b.HospitalShareFen,
        AccountMutualAidFen = b.AccountMutualAidFen,
        FullOwnPayFen = b.FullOwnPayFen,
        OverLimitFen = b.OverLimitFen,
        PreSelfPayFen = b.PreSelfPayFen,
        InScopeFen = b.InScopeFen,
        DeductibleFen = b.DeductibleFen,
        PersonShareFen = b.PersonShareFen,
    };
}
