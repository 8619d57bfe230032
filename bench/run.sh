#!/usr/bin/env bash
# Builds simdact in Release (installing what is missing on Debian 12) and runs the benchmarks:
# every kernel on every ISA this CPU has, at n = 1Ki, 16Ki, 256Ki and 4Mi, one thread.
#   bench/run.sh [--quick] [Google Benchmark flags...]
# Output: the console table, and build/report/benchmark.json.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
extra=()
min_time="0.2"
for arg in "$@"; do
  case "$arg" in
  --quick) min_time="0.02" ;;
  *) extra+=("$arg") ;;
  esac
done
bash "$root/scripts/install-deps.sh" cmake make g++ gcc libxsimd-dev libbenchmark-dev
build=${SIMDACT_BUILD_DIR:-$root/build/bench}
report=$root/build/report
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DSIMDACT_BUILD_BENCH=ON -DSIMDACT_BUILD_TESTS=OFF
cmake --build "$build" --parallel "$(nproc)" --target simdact_bench
mkdir -p "$report"
"$build/bench/simdact_bench" --benchmark_min_time="$min_time" \
  --benchmark_out="$report/benchmark.json" --benchmark_out_format=json ${extra[@]+"${extra[@]}"}
echo "JSON: $report/benchmark.json"
