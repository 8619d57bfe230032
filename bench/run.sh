#!/usr/bin/env bash
# The benchmark report: builds simdact in Release (installing what is missing on Debian 12, the
# peers included), runs simdact's kernels on every ISA this CPU has beside PyTorch, XNNPACK, oneDNN,
# SLEEF, Eigen, Highway, hand-written loops and memcpy, one thread, and writes into build/report/:
#   benchmark.json (Google Benchmark's raw JSON), console.txt, report.md, throughput.png
# then prints the summary.  Progress goes to stderr.
#   bench/run.sh [--quick] [Google Benchmark flags...]
#   --quick: 4 sizes (1Ki, 16Ki, 256Ki, 4Mi), 3 repetitions, short runs (about a minute).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
extra=()
for arg in "$@"; do
  case "$arg" in
  --quick) extra+=("--simdact_quick") ;;
  *) extra+=("$arg") ;;
  esac
done
bash "$root/scripts/install-deps.sh" cmake make g++ gcc libxsimd-dev libbenchmark-dev python3 python3-matplotlib \
  libxnnpack-dev libdnnl-dev libsleef-dev libeigen3-dev libhwy-dev libpthreadpool-dev libtorch-dev
build=${SIMDACT_BUILD_DIR:-$root/build/bench}
report=$root/build/report
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DSIMDACT_BUILD_BENCH=ON -DSIMDACT_BUILD_TESTS=OFF
cmake --build "$build" --parallel "$(nproc)" --target simdact_bench
mkdir -p "$report"
# One thread for every peer (oneDNN's OpenMP runtime reads OMP_NUM_THREADS).
export OMP_NUM_THREADS=1
# Random interleaving: each benchmark's repetitions run at random points of the whole run, not one
# after the other, so a machine that drifts over the run's minutes (a noisy VM) biases no
# implementation against another; the ratios compare medians taken over the same stretch of time.
"$build/bench/simdact_bench" --benchmark_out="$report/benchmark.json" --benchmark_out_format=json \
  --benchmark_enable_random_interleaving=true ${extra[@]+"${extra[@]}"} >"$report/console.txt"
# A filter that matched nothing leaves a JSON without results: say so, rather than fail in report.py.
if ! grep -q '"run_name"' "$report/benchmark.json"; then
  echo "bench: no benchmark ran (does --benchmark_filter match a name? see $report/console.txt)" >&2
  exit 1
fi
# PyTorch runs its AVX-512 kernels only on Intel unless told: where the CPU has AVX-512 and the run
# above used them not, its rows again with ATEN_CPU_CAPABILITY=avx512, added to the same JSON.
if grep -q avx512f /proc/cpuinfo && grep -q '"pytorch-avx2' "$report/benchmark.json"; then
  ATEN_CPU_CAPABILITY=avx512 "$build/bench/simdact_bench" --benchmark_out="$report/benchmark_pytorch_avx512.json" \
    --benchmark_out_format=json ${extra[@]+"${extra[@]}"} --benchmark_filter='/pytorch-avx512/' \
    >"$report/console_pytorch_avx512.txt"
  /usr/bin/python3 - "$report/benchmark.json" "$report/benchmark_pytorch_avx512.json" <<'MERGE'
import json, sys
with open(sys.argv[1]) as f: main = json.load(f)
with open(sys.argv[2]) as f: extra = json.load(f)
main["benchmarks"] += extra["benchmarks"]
main["context"].update({k: v for k, v in extra["context"].items() if k not in main["context"]})
with open(sys.argv[1], "w") as f: json.dump(main, f, indent=1)
MERGE
fi
# Debian's python3 (where python3-matplotlib is), whatever python3 comes first in PATH.
/usr/bin/python3 "$root/bench/report.py" "$report/benchmark.json" "$report"
