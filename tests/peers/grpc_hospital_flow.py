#!/usr/bin/python3
"""Independent client for issue 18's hospital flows: code generated from protos/cardbridge/v1 (as grpc_read_card.py
generates it), run on Debian's python3-grpcio against the service.

Usage: grpc_hospital_flow.py REPO_ROOT HOST:PORT PHASE STATE_FILE

PHASE is one of:
  outpatient  register -> fee upload -> pre-settle -> settle, paying with an e-voucher token;
  admit       a patient from another insured area, by identity document: person lookup -> admit -> fee batches 1 and 2;
  discharge   (after the service was killed and restarted) fee batches 1 and 2 again with their keys (answered from
              the journal), batch 3 -> pre-settle -> settle -> discharge.
The stay's visit id passes from `admit` to `discharge` in STATE_FILE. Prints one JSON object with what each call
answered; any failed call exits non-zero with its status.
"""
import json
import os
import shutil
import sys
import tempfile

import grpc

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from grpc_read_card import generate  # noqa: E402  (the same generation as the read-card peer)

VOUCHER = "SIMEC-SIM000001"
ID_NUMBER = "994403199203030035"
ID_NAME = "测试丙"
KIOSK = {"operator_code": "KIOSK01", "operator_name": "自助机一号", "department_code": "NK01", "department_name": "内科"}
DIAGNOSIS = {"code": "J18.900", "name": "肺炎"}


def fee(serial, quantity, unit_fen):
    return {"serial_no": serial, "list_code": "XB01AAA" + serial, "institution_list_code": "H-" + serial,
            "quantity": str(quantity), "unit_price_fen": unit_fen, "total_fen": quantity * unit_fen}


def outpatient(pb, hospital, settlement):
    credential = pb["settlement"].SettlementCredential(e_voucher_token=VOUCHER)
    context = pb["settlement"].VisitContext(**KIOSK)
    visit = hospital.RegisterOutpatient(pb["hospital"].RegisterOutpatientRequest(
        idempotency_key="py-out-reg", credential=credential, outpatient_no="MZ-PY-0001", context=context,
        purpose="kiosk registration"), timeout=30)
    fees = hospital.UploadFeeBatch(pb["hospital"].UploadFeeBatchRequest(
        idempotency_key="py-out-fees", credential=credential, visit_id=visit.visit_id,
        scenario=pb["settlement"].SETTLEMENT_SCENARIO_OUTPATIENT,
        items=[pb["hospital"].FeeDetail(**fee("O1", 2, 1500)), pb["hospital"].FeeDetail(**fee("O2", 1, 2000))],
        context=context, purpose="kiosk fees"), timeout=30)
    bill = pb["settlement"].Bill(scenario=pb["settlement"].SETTLEMENT_SCENARIO_OUTPATIENT, total_fen=5000,
                                 visit_id=visit.visit_id, context=context)
    quote = settlement.PreSettle(pb["settlement"].PreSettleRequest(credential=credential, bill=bill), timeout=30)
    settled = settlement.Settle(pb["settlement"].SettleRequest(
        idempotency_key="py-out-settle", credential=credential, bill=bill, purpose="kiosk payment"), timeout=30)
    return {"visit_id": visit.visit_id, "insured_area": visit.insured_area, "fees_sent": fees.batches_sent,
            "quote_fund_fen": quote.amounts.fund_fen, "settled_fund_fen": settled.amounts.fund_fen,
            "settled_pooled_fund_fen": settled.breakdown.pooled_fund_fen, "settlement_id": settled.settlement_id,
            "offline": settled.offline}


def id_credential(pb):
    return pb["settlement"].SettlementCredential(id_document=pb["settlement"].IdDocument(number=ID_NUMBER, name=ID_NAME))


def batch(pb, hospital, visit_id, n):
    return hospital.UploadFeeBatch(pb["hospital"].UploadFeeBatchRequest(
        idempotency_key="py-in-fees-%d" % n, credential=id_credential(pb), visit_id=visit_id,
        scenario=pb["settlement"].SETTLEMENT_SCENARIO_INPATIENT,
        items=[pb["hospital"].FeeDetail(**fee("I%d" % n, 4, 10000))], purpose="ward fees"), timeout=30)


def admit(pb, hospital, settlement, state_file):
    person = settlement.GetInsuredPerson(pb["settlement"].GetInsuredPersonRequest(
        credential=id_credential(pb), purpose="admission counter"), timeout=30)
    stay = hospital.Admit(pb["hospital"].AdmitRequest(
        idempotency_key="py-in-admit", credential=id_credential(pb), inpatient_no="ZY-PY-0001",
        diagnosis=pb["hospital"].Diagnosis(**DIAGNOSIS), purpose="admission"), timeout=30)
    sent = [batch(pb, hospital, stay.visit_id, n) for n in (1, 2)]
    with open(state_file, "w", encoding="utf-8") as f:
        f.write(stay.visit_id)
    return {"person_no": person.person_no, "person_area": person.insurances[0].insured_area,
            "visit_id": stay.visit_id, "insured_area": stay.insured_area,
            "batches_sent": sum(b.batches_sent for b in sent)}


def discharge(pb, hospital, settlement, state_file):
    with open(state_file, encoding="utf-8") as f:
        visit_id = f.read().strip()
    again = [batch(pb, hospital, visit_id, n) for n in (1, 2)]
    third = batch(pb, hospital, visit_id, 3)
    bill = pb["settlement"].Bill(scenario=pb["settlement"].SETTLEMENT_SCENARIO_INPATIENT, total_fen=120000, visit_id=visit_id)
    quote = settlement.PreSettle(pb["settlement"].PreSettleRequest(credential=id_credential(pb), bill=bill), timeout=30)
    settled = settlement.Settle(pb["settlement"].SettleRequest(
        idempotency_key="py-in-settle", credential=id_credential(pb), bill=bill, purpose="discharge settlement"), timeout=30)
    left = hospital.Discharge(pb["hospital"].DischargeRequest(
        idempotency_key="py-in-discharge", credential=id_credential(pb), visit_id=visit_id,
        diagnosis=pb["hospital"].Diagnosis(**DIAGNOSIS), purpose="discharge"), timeout=30)
    return {"visit_id": visit_id, "batches_replayed": sum(b.batches_replayed for b in again),
            "third_sent": third.batches_sent, "third_area": third.insured_area,
            "quote_deductible_fen": quote.breakdown.deductible_fen, "settled_deductible_fen": settled.breakdown.deductible_fen,
            "settled_pooled_fund_fen": settled.breakdown.pooled_fund_fen, "settled_cash_fen": settled.amounts.cash_fen,
            "discharge_area": left.insured_area}


def main(argv):
    if len(argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    repo_root, target, phase, state_file = argv
    out_dir = tempfile.mkdtemp(prefix="cardbridge-py-")
    try:
        generate(repo_root, out_dir)
        sys.path.insert(0, out_dir)
        from cardbridge.v1 import hospital_pb2, hospital_pb2_grpc, settlement_pb2, settlement_pb2_grpc
        pb = {"hospital": hospital_pb2, "settlement": settlement_pb2}
        with grpc.insecure_channel(target) as channel:
            hospital = hospital_pb2_grpc.HospitalServiceStub(channel)
            settlement = settlement_pb2_grpc.SettlementServiceStub(channel)
            try:
                if phase == "outpatient":
                    report = outpatient(pb, hospital, settlement)
                elif phase == "admit":
                    report = admit(pb, hospital, settlement, state_file)
                elif phase == "discharge":
                    report = discharge(pb, hospital, settlement, state_file)
                else:
                    print(__doc__, file=sys.stderr)
                    return 2
            except grpc.RpcError as error:
                print("%s %s: %s" % (phase, error.code().name, error.details()), file=sys.stderr)
                return 1
        print(json.dumps(report, sort_keys=True, ensure_ascii=False))
        return 0
    finally:
        shutil.rmtree(out_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
