#!/usr/bin/env bash
# A/B of two commits of simdact on this machine, in one process: builds each one's static library
# (Release), links it with tools/ab/ab_side.cpp into a shared object that exports ab_time alone, and
# runs tools/ab/ab_main.cpp, which alternates the two builds sample by sample (about 5 ms each, the
# order swapped every round) and prints per (ISA, op, n) the median over ROUNDS rounds of the
# per-round ratio of rates, B over A (above 1: B is faster).
#   tools/ab/run.sh A_COMMIT B_COMMIT [ROUNDS=21] [ISAS=avx512,avx2] [SIZES=1024,16384]
# The builds are kept in /tmp/simdact-ab/<commit>.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
a=$(git -C "$root" rev-parse --short "$1") b=$(git -C "$root" rev-parse --short "$2")
rounds=${3:-21} isas=${4:-avx512,avx2} sizes=${5:-1024,16384}
work=/tmp/simdact-ab
mkdir -p "$work"
for commit in "$a" "$b"; do
  if [[ ! -f $work/$commit/build/libsimdact.a ]]; then
    rm -rf "$work/$commit"
    git -C "$root" worktree add -f --detach "$work/$commit/src" "$commit" >/dev/null 2>&1
    cmake -S "$work/$commit/src" -B "$work/$commit/build" -DCMAKE_BUILD_TYPE=Release -DSIMDACT_BUILD_TESTS=OFF \
      -DSIMDACT_BUILD_BENCH=OFF -DSIMDACT_INSTALL=OFF >/dev/null
    cmake --build "$work/$commit/build" --parallel "$(nproc)" --target simdact >/dev/null
    cp -r "$work/$commit/src/include" "$work/$commit/include"
    git -C "$root" worktree remove --force "$work/$commit/src"
  fi
  # Every symbol but ab_time and ab_ops hidden, and bound inside the object: two builds in one process.
  g++ -std=c++17 -O2 -shared -fPIC -fvisibility=hidden -Wl,-Bsymbolic -Wl,--exclude-libs,ALL \
    -I"$work/$commit/include" "$root/tools/ab/ab_side.cpp" "$work/$commit/build/libsimdact.a" -o "$work/$commit/side.so"
done
g++ -std=c++17 -O2 "$root/tools/ab/ab_main.cpp" -ldl -o "$work/ab_main"
echo "A = $a, B = $b"
"$work/ab_main" "$work/$a/side.so" "$work/$b/side.so" "$rounds" "$isas" "$sizes"
