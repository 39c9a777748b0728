using System.Text.Json;
using static CardBridge.Settlement.Centre.CentreJson;

namespace CardBridge.Settlement.Centre;

/// <summary>
/// The <c>input</c> and <c>output</c> of the hospital visit family: outpatient registration and its cancellation,
/// inpatient admission, discharge and their cancellations. Where the codes and names were confirmed (public HIS
/// integrations of the national platform; learnt from, not copied):
/// <list type="bullet">
/// <item>The code list 2201 门诊挂号, 2202 挂号撤销, 2401 入院办理, 2402 出院办理, 2404 入院撤销, 2405 出院撤销 (and 23xx, 2601) in
/// the shared apifox HIS integration collection a53b17a3-9ce6-45f7-b1ec-7aab70060c10 (医保对接, 住院就医 / 门诊就医).</item>
/// <item>2201 <c>input.data</c>: <c>psn_no</c>, <c>insutype</c>, <c>begntime</c>, <c>mdtrt_cert_type</c>,
/// <c>mdtrt_cert_no</c>, <c>ipt_otp_no</c>, <c>atddr_no</c>, <c>dr_name</c>, <c>dept_code</c>, <c>dept_name</c>,
/// <c>caty</c>; <c>output.data</c>: <c>mdtrt_id</c>, <c>psn_no</c>, <c>ipt_otp_no</c>. 2202 <c>input.data</c>:
/// <c>psn_no</c>, <c>mdtrt_id</c>, <c>ipt_otp_no</c> (newtouch-cloud/openhis <c>Models/Input/Input_2201.cs</c>,
/// <c>Input_2202.cs</c>, <c>Output_2201.cs</c>).</item>
/// <item>2401 <c>input.mdtrtinfo</c>: <c>psn_no</c>, <c>insutype</c>, <c>begntime</c>, <c>mdtrt_cert_type</c>,
/// <c>mdtrt_cert_no</c>, <c>med_type</c>, <c>ipt_no</c>, <c>atddr_no</c>, <c>chfpdr_name</c>, <c>adm_diag_dscr</c>,
/// <c>adm_dept_codg</c>, <c>adm_dept_name</c>, <c>adm_bed</c>, <c>dscg_maindiag_code</c>, <c>dscg_maindiag_name</c>,
/// and <c>input.diseinfo</c> entries (<c>psn_no</c>, <c>diag_type</c>, <c>maindiag_flag</c>, <c>diag_srt_no</c>,
/// <c>diag_code</c>, <c>diag_name</c>, <c>diag_dept</c>, <c>dise_dor_no</c>, <c>dise_dor_name</c>, <c>diag_time</c>);
/// <c>output.result.mdtrt_id</c> (openhis <c>Input_2401.cs</c>, <c>Output_2401.cs</c>).</item>
/// <item>2402 <c>input.dscginfo</c>: <c>mdtrt_id</c>, <c>psn_no</c>, <c>insutype</c>, <c>endtime</c>,
/// <c>dscg_dept_codg</c>, <c>dscg_dept_name</c>, <c>dscg_way</c>, with <c>diseinfo</c> as 2401; no output
/// (openhis <c>Input_2402.cs</c>, <c>Output_2402.cs</c>). 2404 and 2405 <c>input.data</c>: <c>mdtrt_id</c>,
/// <c>psn_no</c> (openhis <c>Input_2404.cs</c>, <c>Input_2405.cs</c>).</item>
/// <item>Regions differ in the node of 2201: openhis sends <c>input.data</c>, as here; the Guangzhou integration in
/// liutao2019/IBORN_HIS_ALL (<c>RequestGzsiModel2201.cs</c>, "门诊挂号登记") sends the same fields as
/// <c>input.mdtrtinfo</c>. A region that wants the latter needs its own mapping here.</item>
/// </list>
/// </summary>
internal static class VisitMessages
{
    public static Action<Utf8JsonWriter> RegistrationInput(OutpatientRegistration registration, CareTeam care) => w =>
    {
        w.WriteStartObject("data");
        WriteOpening(w, registration.PersonNo, registration.InsuranceType, registration.RegisteredAt, registration.CertificateType, registration.CertificateNumber);
        w.WriteString("ipt_otp_no", registration.OutpatientNo);
        w.WriteString("atddr_no", care.DoctorCode);
        w.WriteString("dr_name", care.DoctorName);
        w.WriteString("dept_code", care.DepartmentCode);
        w.WriteString("dept_name", care.DepartmentName);
        w.WriteString("caty", care.DepartmentCategory);
        w.WriteEndObject();
    };

    public static Action<Utf8JsonWriter> AdmissionInput(InpatientAdmission admission, CareTeam care) => w =>
    {
        w.WriteStartObject("mdtrtinfo");
        WriteOpening(w, admission.PersonNo, admission.InsuranceType, admission.AdmittedAt, admission.CertificateType, admission.CertificateNumber);
        w.WriteString("med_type", admission.MedicalType);
        w.WriteString("ipt_no", admission.InpatientNo);
        w.WriteString("atddr_no", care.DoctorCode);
        w.WriteString("chfpdr_name", care.DoctorName);
        w.WriteString("adm_diag_dscr", admission.Diagnosis.Name);
        w.WriteString("adm_dept_codg", care.DepartmentCode);
        w.WriteString("adm_dept_name", care.DepartmentName);
        w.WriteString("adm_bed", admission.Bed ?? "");
        w.WriteString("dscg_maindiag_code", admission.Diagnosis.Code);
        w.WriteString("dscg_maindiag_name", admission.Diagnosis.Name);
        w.WriteEndObject();
        WriteDiagnosis(w, admission.PersonNo, admission.Diagnosis, care, admission.AdmittedAt, admission: true);
    };

    public static Action<Utf8JsonWriter> DischargeInput(InpatientDischarge discharge, CareTeam care) => w =>
    {
        w.WriteStartObject("dscginfo");
        w.WriteString("mdtrt_id", discharge.VisitId);
        w.WriteString("psn_no", discharge.PersonNo);
        w.WriteString("insutype", discharge.InsuranceType);
        w.WriteString("endtime", Format(discharge.DischargedAt));
        w.WriteString("dscg_dept_codg", care.DepartmentCode);
        w.WriteString("dscg_dept_name", care.DepartmentName);
        w.WriteString("dscg_way", discharge.DischargeWay);
        w.WriteEndObject();
        WriteDiagnosis(w, discharge.PersonNo, discharge.Diagnosis, care, discharge.DischargedAt, admission: false);
    };

    public static Action<Utf8JsonWriter> CancellationInput(VisitCancellation cancellation) => w =>
    {
        w.WriteStartObject("data");
        w.WriteString("mdtrt_id", cancellation.VisitId);
        w.WriteString("psn_no", cancellation.PersonNo);
        if (cancellation.Step == VisitStep.Registration)
        {
            w.WriteString("ipt_otp_no", cancellation.OutpatientNo ?? "");
        }
        w.WriteEndObject();
    };

    public static VisitReceipt Registration(JsonElement output, string msgId) =>
        new(msgId, RequiredString(Member(output, "data", JsonValueKind.Object), "mdtrt_id"));

    public static VisitReceipt Admission(JsonElement output, string msgId) =>
        new(msgId, RequiredString(Member(output, "result", JsonValueKind.Object), "mdtrt_id"));

    // What opens a visit, registration and admission alike: who, under which insurance, since when, identified how.
    private static void WriteOpening(
        Utf8JsonWriter w, string personNo, string insuranceType, DateTimeOffset begin, CertificateType certificateType, string certificateNumber)
    {
        w.WriteString("psn_no", personNo);
        w.WriteString("insutype", insuranceType);
        w.WriteString("begntime", Format(begin));
        w.WriteString("mdtrt_cert_type", SettlementMessages.CertificateCode(certificateType));
        w.WriteString("mdtrt_cert_no", certificateNumber);
    }

    // diag_type 1 is western medicine's main diagnosis type; maindiag_flag 1 marks it the main one, first in order.
    private static void WriteDiagnosis(Utf8JsonWriter w, string personNo, Diagnosis diagnosis, CareTeam care, DateTimeOffset at, bool admission)
    {
        w.WriteStartArray("diseinfo");
        w.WriteStartObject();
        w.WriteString("psn_no", personNo);
        w.WriteString("diag_type", "1");
        w.WriteString("maindiag_flag", "1");
        w.WriteNumber("diag_srt_no", 1);
        w.WriteString("diag_code", diagnosis.Code);
        w.WriteString("diag_name", diagnosis.Name);
        if (admission)
        {
            w.WriteString("adm_cond", "");
        }
        w.WriteString("diag_dept", care.DepartmentName);
        w.WriteString("dise_dor_no", care.DoctorCode);
        w.WriteString("dise_dor_name", care.DoctorName);
        w.WriteString("diag_time", Format(at));
        w.WriteEndObject();
        w.WriteEndArray();
    }
}
