using System.Globalization;
using System.Text.Json;
using static CardBridge.Settlement.Centre.CentreJson;

namespace CardBridge.Settlement.Centre;

/// <summary>
/// The <c>input</c> and <c>output</c> of the fee-detail family: upload (2204 outpatient, 2301 inpatient) and
/// cancellation (2205, 2302). Where the names were confirmed (public HIS integrations; learnt from, not copied):
/// <list type="bullet">
/// <item>2204 <c>input.feedetail</c> entries: <c>feedetl_sn</c> (unique within the visit), <c>mdtrt_id</c>,
/// <c>psn_no</c>, <c>chrg_bchno</c>, <c>rxno</c>, <c>rx_circ_flag</c>, <c>fee_ocur_time</c>, <c>med_list_codg</c>,
/// <c>medins_list_codg</c>, <c>det_item_fee_sumamt</c>, <c>cnt</c>, <c>pric</c>, <c>bilg_dept_codg</c>,
/// <c>bilg_dept_name</c>, <c>bilg_dr_codg</c>, <c>bilg_dr_name</c>, <c>hosp_appr_flag</c> (newtouch-cloud/openhis
/// <c>Models/Input/Input_2204.cs</c>); 2301 the same without the charge batch and prescription, with <c>drord_no</c>
/// and <c>med_type</c> (<c>Input_2301.cs</c>).</item>
/// <item>2204 / 2301 <c>output.result</c> entries: <c>feedetl_sn</c>, <c>det_item_fee_sumamt</c>,
/// <c>fulamt_ownpay_amt</c>, <c>overlmt_amt</c>, <c>preselfpay_amt</c>, <c>inscp_scp_amt</c> among others
/// (<c>Output_2204.cs</c>, <c>Output_2301.cs</c>).</item>
/// <item>2205 <c>input.data</c>: <c>mdtrt_id</c>, <c>chrg_bchno</c>, <c>psn_no</c>; 2302 <c>input.data</c> entries:
/// <c>feedetl_sn</c>, <c>mdtrt_id</c>, <c>psn_no</c>; both take "0000" for every detail not yet settled
/// (<c>Input_2205.cs</c>, <c>Input_2302.cs</c>).</item>
/// <item>Cross-checked against two other public integrations naming the same nodes and fields: yao234/CodeMiddleWare
/// (<c>ClinicChargeUpload.cs</c> "门诊费用明细信息上传 2204", <c>InHospitalChargeUpLoad.cs</c> "住院费用明细上传 2301") and
/// TeaHZ/185 (<c>Models/T2204.cs</c>, "6.2.3.4 【2204】门诊费用明细信息上传": <c>feedetl_sn</c> unique within one visit).</item>
/// </list>
/// </summary>
internal static class FeeMessages
{
    // The platform's "every unsettled detail" for a charge batch (2205) or a serial number (2302).
    private const string All = "0000";

    public static Action<Utf8JsonWriter> UploadInput(FeeUpload upload, Func<CareTeam?, CareTeam> care) => w =>
    {
        var outpatient = upload.Scenario == SettlementScenario.Outpatient;
        w.WriteStartArray("feedetail");
        foreach (var item in upload.Items)
        {
            var billing = care(item.Care?.Or(upload.Care) ?? upload.Care);
            w.WriteStartObject();
            w.WriteString("feedetl_sn", item.SerialNo);
            w.WriteString("mdtrt_id", upload.VisitId);
            w.WriteString("psn_no", upload.PersonNo);
            if (outpatient)
            {
                w.WriteString("chrg_bchno", upload.ChargeBatchNo ?? "");
                w.WriteString("rxno", item.OrderNo ?? "");
                // Not a prescription bought outside the hospital.
                w.WriteString("rx_circ_flag", "0");
            }
            else
            {
                w.WriteString("drord_no", item.OrderNo ?? "");
                w.WriteString("med_type", upload.MedicalType);
            }
            w.WriteString("fee_ocur_time", Format(item.OccurredAt));
            w.WriteString("med_list_codg", item.ListCode);
            w.WriteString("medins_list_codg", item.InstitutionListCode);
            WriteMoney(w, "det_item_fee_sumamt", item.TotalFen);
            w.WriteNumber("cnt", item.Quantity);
            WriteMoney(w, "pric", item.UnitPriceFen);
            w.WriteString("bilg_dept_codg", billing.DepartmentCode);
            w.WriteString("bilg_dept_name", billing.DepartmentName);
            w.WriteString("bilg_dr_codg", billing.DoctorCode);
            w.WriteString("bilg_dr_name", billing.DoctorName);
            // 0: the item needs no approval by the hospital.
            w.WriteString("hosp_appr_flag", "0");
            w.WriteEndObject();
        }
        w.WriteEndArray();
    };

    public static Action<Utf8JsonWriter> CancellationInput(FeeCancellation cancellation) => w =>
    {
        if (cancellation.Scenario == SettlementScenario.Outpatient)
        {
            w.WriteStartObject("data");
            w.WriteString("mdtrt_id", cancellation.VisitId);
            w.WriteString("chrg_bchno", All);
            w.WriteString("psn_no", cancellation.PersonNo);
            w.WriteEndObject();
            return;
        }
        w.WriteStartArray("data");
        w.WriteStartObject();
        w.WriteString("feedetl_sn", All);
        w.WriteString("mdtrt_id", cancellation.VisitId);
        w.WriteString("psn_no", cancellation.PersonNo);
        w.WriteEndObject();
        w.WriteEndArray();
    };

    /// <summary>The centre's result per detail; exactly one for each detail sent, or the answer is not one to this batch.</summary>
    public static FeeUploadReceipt Upload(JsonElement output, string msgId, FeeUpload upload)
    {
        var sent = upload.Items.ToDictionary(i => i.SerialNo, StringComparer.Ordinal);
        var results = new List<FeeItemResult>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in Objects(output, "result"))
        {
            var serial = RequiredString(entry, "feedetl_sn");
            if (!sent.ContainsKey(serial) || !seen.Add(serial))
            {
                throw new CentreProtocolException(string.Create(CultureInfo.InvariantCulture, $"The centre answered for a fee detail not sent once: {serial}"));
            }
            results.Add(new FeeItemResult(
                serial, Fen(entry, "det_item_fee_sumamt"), OptionalFen(entry, "fulamt_ownpay_amt") ?? 0, OptionalFen(entry, "overlmt_amt") ?? 0,
                OptionalFen(entry, "preselfpay_amt") ?? 0, OptionalFen(entry, "inscp_scp_amt") ?? 0));
        }
        return seen.Count == sent.Count
            ? new FeeUploadReceipt(msgId, results)
            : throw new CentreProtocolException($"The centre answered for {seen.Count} of {sent.Count} fee details");
    }
}
