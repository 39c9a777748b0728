#!/usr/bin/python3
"""Peer check: send APDUs to a reader through pcscd with pyscard, a PC/SC stack no one here wrote.

Usage: pyscard_transmit.py READER APDU_HEX [APDU_HEX ...]
Prints one line per APDU: the response data and status word in upper-case hex (e.g. "6F1C...9000").
With --time N it instead sends the APDU list N times and prints one round-trip time in ms per APDU.
"""
import sys
import time

from smartcard.System import readers


def main(argv):
    repeat = 0
    if len(argv) > 1 and argv[0] == "--time":
        repeat = int(argv[1])
        argv = argv[2:]
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    name, apdus = argv[0], [bytes.fromhex(a) for a in argv[1:]]
    matches = [r for r in readers() if str(r) == name]
    if not matches:
        print("reader not found: %s (have: %s)" % (name, [str(r) for r in readers()]), file=sys.stderr)
        return 3
    connection = matches[0].createConnection()
    connection.connect()
    try:
        if repeat:
            for _ in range(repeat):
                for apdu in apdus:
                    start = time.perf_counter()
                    connection.transmit(list(apdu))
                    print("%.4f" % ((time.perf_counter() - start) * 1000.0))
        else:
            for apdu in apdus:
                data, sw1, sw2 = connection.transmit(list(apdu))
                print((bytes(data) + bytes([sw1, sw2])).hex().upper())
    finally:
        connection.disconnect()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
