#!/usr/bin/env bash
# Builds simdact and runs its tests on a fresh Debian 12 machine (installs what is missing).
#   tests/run.sh          quick and consumer tests (CTest labels quick, consumer)
#   tests/run.sh --all    also the exhaustive accuracy proof (label exhaustive: all 2^32 floats)
# Build tree: build/tests (override with SIMDACT_BUILD_DIR).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
labels="quick|consumer"
for arg in "$@"; do
  case "$arg" in
  --all) labels="quick|consumer|exhaustive" ;;
  *) echo "usage: tests/run.sh [--all]" >&2; exit 2 ;;
  esac
done
bash "$root/scripts/install-deps.sh" cmake make g++ gcc libxsimd-dev libgtest-dev libgmock-dev libbenchmark-dev \
  libmpfr-dev libgmp-dev pkg-config
build=${SIMDACT_BUILD_DIR:-$root/build/tests}
jobs=$(nproc)
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DSIMDACT_BUILD_TESTS=ON
cmake --build "$build" --parallel "$jobs"
cd "$build"
ctest --output-on-failure --parallel "$jobs" -L "$labels"
if [[ "$labels" == *exhaustive* ]]; then
  # The exhaustive tables (README's accuracy table) are in the test's output: show them.
  sed -n '/all 2^32 inputs/,/^\[ /p' "$build/Testing/Temporary/LastTest.log"
fi
