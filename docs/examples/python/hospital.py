#!/usr/bin/python3
"""docs/guides/his.md, "Kiosk flows": a hospital self-service kiosk against CardBridge (scope settlement).

Register an outpatient and take the payment in one visit (register, fee upload, pre-settle, settle), then settle the
discharge of a patient insured in another area (person lookup, admission, fee batches, pre-settle, settle, discharge).

    /usr/bin/python3 docs/examples/python/hospital.py --endpoint 127.0.0.1:50051 --api-key KEY
"""
import sys
import uuid

import grpc

import cardbridge_client as cb

KIOSK = {"operator_code": "KIOSK01", "operator_name": "自助机一号", "department_code": "NK01", "department_name": "内科"}
DIAGNOSIS = {"code": "J18.900", "name": "肺炎"}
ADVICE = {
    "CENTRE_REJECTED": "show the centre's message and send the patient to the counter",
    "CENTRE_UNAVAILABLE": "the centre is unreachable: ask again with the same keys in a moment",
    "SETTLEMENT_OUTCOME_UNKNOWN": "do not take payment another way: ask again later with the same key",
}


def split(amounts):
    return "total=%d fund=%d account=%d cash=%d" % (amounts.total_fen, amounts.fund_fen, amounts.account_fen, amounts.cash_fen)


def fee(hospital_pb2, serial, quantity, unit_fen):
    return hospital_pb2.FeeDetail(serial_no=serial, list_code="XB01AAA" + serial, institution_list_code="H-" + serial,
                                  quantity=str(quantity), unit_price_fen=unit_fen, total_fen=quantity * unit_fen)


def register_and_pay(pb, hospital, settlement, credential, prefix, md):
    """Outpatient: register, upload the visit's fees, show the split, settle under the visit id."""
    hospital_pb2, settlement_pb2 = pb
    context = settlement_pb2.VisitContext(**KIOSK)
    visit = hospital.RegisterOutpatient(hospital_pb2.RegisterOutpatientRequest(
        idempotency_key=prefix + "-reg", credential=credential, outpatient_no=prefix + "-MZ", context=context,
        purpose="kiosk registration"), timeout=30, metadata=md)
    print("registered: visit=%s area=%s" % (visit.visit_id, visit.insured_area))
    fees = hospital.UploadFeeBatch(hospital_pb2.UploadFeeBatchRequest(
        idempotency_key=prefix + "-fees", credential=credential, visit_id=visit.visit_id,
        scenario=settlement_pb2.SETTLEMENT_SCENARIO_OUTPATIENT,
        items=[fee(hospital_pb2, "O1", 2, 1500), fee(hospital_pb2, "O2", 1, 2000)], context=context,
        purpose="kiosk fees"), timeout=30, metadata=md)
    print("fees: batches sent=%d replayed=%d details=%d" % (fees.batches_sent, fees.batches_replayed, len(fees.results)))
    bill = settlement_pb2.Bill(scenario=settlement_pb2.SETTLEMENT_SCENARIO_OUTPATIENT, total_fen=5000,
                               visit_id=visit.visit_id, context=context)
    quote = settlement.PreSettle(settlement_pb2.PreSettleRequest(
        credential=credential, bill=bill, purpose="kiosk pre-settlement"), timeout=30, metadata=md)
    print("pre-settle: " + split(quote.amounts))
    settled = settlement.Settle(settlement_pb2.SettleRequest(
        idempotency_key=prefix + "-settle", credential=credential, bill=bill, purpose="kiosk payment"), timeout=30, metadata=md)
    print("settle: settlement_id=%s %s pooled_fund=%d" % (
        settled.settlement_id, split(settled.amounts), settled.breakdown.pooled_fund_fen))


def discharge_settlement(pb, hospital, settlement, credential, prefix, md):
    """Inpatient from another area: every call goes under the person's own insured area, which the lookup shows."""
    hospital_pb2, settlement_pb2 = pb
    person = settlement.GetInsuredPerson(settlement_pb2.GetInsuredPersonRequest(
        credential=credential, purpose="admission"), timeout=30, metadata=md)
    print("person: area=%s insurance=%s" % (person.insurances[0].insured_area, person.insurances[0].insurance_type))
    stay = hospital.Admit(hospital_pb2.AdmitRequest(
        idempotency_key=prefix + "-admit", credential=credential, inpatient_no=prefix + "-ZY",
        diagnosis=hospital_pb2.Diagnosis(**DIAGNOSIS), purpose="admission"), timeout=30, metadata=md)
    print("admitted: visit=%s area=%s" % (stay.visit_id, stay.insured_area))
    # Each day's fees as one batch under its own key: after a crash the same batches go again, only new ones reach the centre.
    sent = 0
    for day in (1, 2, 3):
        sent += hospital.UploadFeeBatch(hospital_pb2.UploadFeeBatchRequest(
            idempotency_key="%s-fees-%d" % (prefix, day), credential=credential, visit_id=stay.visit_id,
            scenario=settlement_pb2.SETTLEMENT_SCENARIO_INPATIENT, items=[fee(hospital_pb2, "I%d" % day, 4, 10000)],
            purpose="ward fees"), timeout=30, metadata=md).batches_sent
    print("fees: batches sent=%d" % sent)
    bill = settlement_pb2.Bill(scenario=settlement_pb2.SETTLEMENT_SCENARIO_INPATIENT, total_fen=120000, visit_id=stay.visit_id)
    settlement.PreSettle(settlement_pb2.PreSettleRequest(
        credential=credential, bill=bill, purpose="discharge pre-settlement"), timeout=30, metadata=md)
    settled = settlement.Settle(settlement_pb2.SettleRequest(
        idempotency_key=prefix + "-discharge-settle", credential=credential, bill=bill, purpose="discharge settlement"),
        timeout=30, metadata=md)
    print("discharge settle: %s deductible=%d pooled_fund=%d" % (
        split(settled.amounts), settled.breakdown.deductible_fen, settled.breakdown.pooled_fund_fen))
    left = hospital.Discharge(hospital_pb2.DischargeRequest(
        idempotency_key=prefix + "-discharge", credential=credential, visit_id=stay.visit_id,
        diagnosis=hospital_pb2.Diagnosis(**DIAGNOSIS), purpose="discharge"), timeout=30, metadata=md)
    print("discharged: visit=%s area=%s" % (left.visit_id, left.insured_area))


def main():
    parser_args = sys.argv[1:]
    extra = {"--voucher": "SIMEC-SIM000001", "--id-number": "994403199203030035", "--name": "测试丙",
             "--visit": "K-" + uuid.uuid4().hex[:18]}
    for option in list(extra):
        if option in parser_args:
            at = parser_args.index(option)
            extra[option] = parser_args[at + 1]
            del parser_args[at:at + 2]
    sys.argv[1:] = parser_args
    args = cb.arguments("Hospital kiosk example")
    cb.generate_stubs()
    from cardbridge.v1 import hospital_pb2, hospital_pb2_grpc, settlement_pb2, settlement_pb2_grpc

    md = cb.Credentials(args.api_key).metadata
    with grpc.insecure_channel(args.endpoint) as channel:
        hospital = hospital_pb2_grpc.HospitalServiceStub(channel)
        settlement = settlement_pb2_grpc.SettlementServiceStub(channel)
        pb = (hospital_pb2, settlement_pb2)
        try:
            register_and_pay(pb, hospital, settlement, settlement_pb2.SettlementCredential(e_voucher_token=extra["--voucher"]),
                             extra["--visit"], md)
            document = settlement_pb2.IdDocument(number=extra["--id-number"], name=extra["--name"])
            discharge_settlement(pb, hospital, settlement, settlement_pb2.SettlementCredential(id_document=document),
                                 extra["--visit"], md)
        except grpc.RpcError as error:
            refusal = cb.Refusal(error)
            print("refused: %s: %s" % (refusal, ADVICE.get(refusal.reason, "send the patient to the counter")))
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
