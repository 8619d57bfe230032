#!/usr/bin/env bash
# A/B of two commits of simdact on this machine: builds each one's static library (Release) and
# tools/ab/ab_bench.cpp against it, then runs the two binaries alternately, ROUNDS rounds (the order
# swapped every round), and prints per (ISA, op, n) the median over the rounds of the per-round
# ratio of rates, B over A (above 1: B is faster).
#   tools/ab/run.sh A_COMMIT B_COMMIT [ROUNDS=15] [ISAS=avx512,avx2] [SIZES=1024,16384]
# Both builds go to /tmp/simdact-ab/<commit>; the raw lines to /tmp/simdact-ab/rounds.txt.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
a=$(git -C "$root" rev-parse --short "$1") b=$(git -C "$root" rev-parse --short "$2")
rounds=${3:-15} isas=${4:-avx512,avx2} sizes=${5:-1024,16384}
work=/tmp/simdact-ab
mkdir -p "$work"
for commit in "$a" "$b"; do
  if [[ ! -x $work/$commit/ab_bench ]]; then
    rm -rf "$work/$commit"
    git -C "$root" worktree add -f --detach "$work/$commit/src" "$commit" >/dev/null
    cmake -S "$work/$commit/src" -B "$work/$commit/build" -DCMAKE_BUILD_TYPE=Release -DSIMDACT_BUILD_TESTS=OFF \
      -DSIMDACT_BUILD_BENCH=OFF -DSIMDACT_INSTALL=OFF >/dev/null
    cmake --build "$work/$commit/build" --parallel "$(nproc)" --target simdact >/dev/null
    g++ -std=c++17 -O2 -I"$work/$commit/src/include" "$root/tools/ab/ab_bench.cpp" "$work/$commit/build/libsimdact.a" \
      -lpthread -o "$work/$commit/ab_bench"
    git -C "$root" worktree remove --force "$work/$commit/src"
  fi
done
: >"$work/rounds.txt"
for ((round = 0; round < rounds; ++round)); do
  order=("$a" "$b")
  ((round % 2)) && order=("$b" "$a")
  for commit in "${order[@]}"; do
    "$work/$commit/ab_bench" "$isas" "$sizes" | sed "s/^/$round $commit /" >>"$work/rounds.txt"
  done
done
python3 - "$work/rounds.txt" "$a" "$b" <<'PY'
import sys, statistics, collections
path, a, b = sys.argv[1:]
ns = collections.defaultdict(dict)  # (isa, op, n) -> round -> {commit: ns per element}
for line in open(path):
    rnd, commit, isa, op, n, t = line.split()
    ns[(isa, op, int(n))].setdefault(int(rnd), {})[commit] = float(t)
print(f"| ISA | op | n | median ratio {b}/{a} | min | max | rounds |")
print("|---|---|---|---|---|---|---|")
for key in sorted(ns):
    ratios = [r[a] / r[b] for r in ns[key].values() if a in r and b in r]  # rate of b over rate of a
    print(f"| {key[0]} | {key[1]} | {key[2]} | {statistics.median(ratios):.3f} | {min(ratios):.3f} | "
          f"{max(ratios):.3f} | {len(ratios)} |")
PY
