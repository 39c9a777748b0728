#!/usr/bin/env bash
# Builds the CardBridge legacy library (the standard reader-terminal interface, docs/guides/legacy-his.md) for every
# target, with warnings as errors, into bin/<rid>/:
#   linux-x64/libSSCardDriver.so   gcc
#   win-x64/SSCardDriver.dll       x86_64-w64-mingw32-gcc (gcc-mingw-w64-x86-64)
#   win-x86/SSCardDriver.dll       i686-w64-mingw32-gcc (gcc-mingw-w64-i686): __stdcall, exported undecorated by the .def
# and the test driver tests/legacy/legacy_call.c for linux-x64 and win-x64 (the one the tests run under wine64).
# A missing cross compiler is an error: the Windows libraries are the point for most legacy programs.
set -euo pipefail
cd "$(dirname "$0")"
root=$(cd ../.. && pwd)
sources=(src/*.c)
flags=(-std=c11 -O2 -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wconversion -Wno-sign-conversion -fno-strict-aliasing)
driver="$root/tests/legacy/legacy_call.c"

mkdir -p bin/linux-x64 bin/win-x64 bin/win-x86
gcc "${flags[@]}" -D_GNU_SOURCE -fPIC -shared -fvisibility=hidden -Wl,--no-undefined -Wl,-soname,libSSCardDriver.so \
  -o bin/linux-x64/libSSCardDriver.so "${sources[@]}"
gcc "${flags[@]}" -D_GNU_SOURCE -I. -o bin/linux-x64/legacy-call "$driver" -Lbin/linux-x64 -lSSCardDriver -Wl,-rpath,'$ORIGIN'

# -static: the DLL needs nothing beside it but Windows itself (no libgcc or winpthread DLL on a counter PC).
windows=(-shared -static -static-libgcc -Wl,--kill-at SSCardDriver.def -lws2_32)
x86_64-w64-mingw32-gcc "${flags[@]}" -o bin/win-x64/SSCardDriver.dll "${sources[@]}" "${windows[@]}"
# --enable-stdcall-fixup: the .def names are the undecorated ones on purpose (iReadCardBas for _iReadCardBas@8).
i686-w64-mingw32-gcc "${flags[@]}" -o bin/win-x86/SSCardDriver.dll "${sources[@]}" "${windows[@]}" -Wl,--enable-stdcall-fixup
x86_64-w64-mingw32-gcc "${flags[@]}" -I. -static -o bin/win-x64/legacy-call.exe "$driver" bin/win-x64/SSCardDriver.dll
