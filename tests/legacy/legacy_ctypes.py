#!/usr/bin/env python3
"""Test driver of the legacy library through Python's ctypes, as a Python program on Linux would load it.

Usage: legacy_ctypes.py PATH/libSSCardDriver.so. The same line protocol as legacy_call.c (tests/legacy/README.md):
one call a line on standard input (name and arguments, tab-separated), one answer a line on standard output (the
return code, then each output buffer in hex). The argument and return types are declared for every export, so a
signature that differs from SSCardDriver.h shows up as a wrong answer, not as luck.
"""
import ctypes
import sys

BUFFER = 4096


def main() -> int:
    library = ctypes.CDLL(sys.argv[1])
    c_int, c_char_p, c_long = ctypes.c_int, ctypes.c_char_p, ctypes.c_long
    signatures = {
        "iReadCardBas": [c_int, c_char_p],
        "iReadCardBas_HSM_Step1": [c_int, c_char_p],
        "iReadCardBas_HSM_Step2": [c_char_p, c_char_p],
        "iVerifyPIN": [c_int, c_char_p],
        "iChangePIN": [c_int, c_char_p],
        "iReloadPIN": [c_int, c_char_p, c_char_p],
        "iUnblockPIN": [c_int, c_char_p, c_char_p],
        "iReadCard": [c_int, c_int, c_char_p, c_char_p, c_char_p],
        "iGetReaderInfo": [c_char_p, c_char_p],
    }
    for name, arguments in signatures.items():
        function = getattr(library, name)
        function.argtypes = arguments
        function.restype = c_long

    for line in sys.stdin:
        field = line.rstrip("\r\n").split("\t") + [""] * 6
        name = field[0]
        out = ctypes.create_string_buffer(BUFFER)
        second = ctypes.create_string_buffer(BUFFER)
        function = getattr(library, name)
        if name in ("iReadCardBas", "iReadCardBas_HSM_Step1"):
            code = function(int(field[1]), out)
        elif name == "iReadCardBas_HSM_Step2":
            code = function(field[1].encode("ascii"), out)
        elif name in ("iVerifyPIN", "iChangePIN"):
            out.value = field[2].encode("ascii")
            code = function(int(field[1]), out)
        elif name in ("iReloadPIN", "iUnblockPIN"):
            code = function(int(field[1]), field[2].encode("ascii"), out)
        elif name == "iReadCard":
            code = function(int(field[1]), int(field[2]), field[3].encode("ascii"), field[4].encode("ascii"), out)
        else:
            code = function(out, second)
        answer = [str(code), out.value.hex().upper()]
        if name == "iGetReaderInfo":
            answer.append(second.value.hex().upper())
        print("\t".join(answer), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
