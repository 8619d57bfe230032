#!/usr/bin/env bash
# Builds simdact and runs its tests on a fresh Debian 12 machine (installs what is missing).
#   tests/run.sh            quick and consumer tests (CTest labels quick, consumer)
#   tests/run.sh --all      also the exhaustive accuracy proof (label exhaustive: all 2^32 floats)
#   tests/run.sh --aarch64  cross-builds for aarch64 (g++-aarch64-linux-gnu) and runs the quick
#                           suite and a sweep of every 32nd float under qemu-aarch64
#   tests/run.sh --preset asan|tsan|debug|release
#                           the quick suite in that CMake preset (CMakePresets.json), build/<preset>
#                           (tsan: the threads test only; the others run one thread)
#   tests/run.sh --fuzz SECONDS
#                           builds the fuzz preset (clang + libFuzzer) and runs fuzz_ops
# Build trees: build/tests, build/aarch64 (override with SIMDACT_BUILD_DIR).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
labels="quick|consumer"
target=host
usage="usage: tests/run.sh [--all | --aarch64 | --preset NAME | --fuzz SECONDS]"
while (($#)); do
  case "$1" in
  --all) labels="quick|consumer|exhaustive" ;;
  --aarch64) target=aarch64 labels="quick|sweep" ;;
  --preset) target=preset preset=${2:?$usage}; shift ;;
  --fuzz) target=fuzz seconds=${2:?$usage}; shift ;;
  *) echo "$usage" >&2; exit 2 ;;
  esac
  shift
done
jobs=$(nproc)
host_packages=(cmake make g++ gcc libxsimd-dev libgtest-dev libgmock-dev libbenchmark-dev libmpfr-dev libgmp-dev
  pkg-config)

if [[ $target == preset ]]; then
  bash "$root/scripts/install-deps.sh" "${host_packages[@]}"
  cd "$root"
  cmake --preset "$preset"
  # The sanitizer presets run the quick suite (tsan: its Threads tests) only: the exhaustive sweep's
  # binary is not built there.
  targets=()
  [[ $preset == asan || $preset == tsan ]] && targets=(--target simdact_tests simdact_print_isa)
  cmake --build --preset "$preset" --parallel "$jobs" "${targets[@]}"
  ctest --preset "$preset"
  exit
fi
if [[ $target == fuzz ]]; then
  bash "$root/scripts/install-deps.sh" cmake make clang libclang-rt-dev libxsimd-dev
  cd "$root"
  cmake --preset fuzz
  cmake --build --preset fuzz --parallel "$jobs"
  # New inputs go to build/fuzz/corpus; the seeds in tests/fuzz/corpus are only read.
  mkdir -p build/fuzz/corpus
  build/fuzz/tests/fuzz/fuzz_ops -max_total_time="$seconds" -print_final_stats=1 -artifact_prefix=build/fuzz/ \
    build/fuzz/corpus tests/fuzz/corpus
  echo "fuzz: corpus build/fuzz/corpus holds $(ls build/fuzz/corpus | wc -l) inputs (seeds: $(ls tests/fuzz/corpus | wc -l))"
  exit
fi

if [[ $target == host ]]; then
  bash "$root/scripts/install-deps.sh" "${host_packages[@]}"
  build=${SIMDACT_BUILD_DIR:-$root/build/tests}
  # The benchmarks have their own build (bench/run.sh): not built here.
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DSIMDACT_BUILD_TESTS=ON -DSIMDACT_BUILD_BENCH=OFF
else
  bash "$root/scripts/install-deps.sh" cmake make g++-aarch64-linux-gnu qemu-user libxsimd-dev googletest
  build=${SIMDACT_BUILD_DIR:-$root/build/aarch64}
  # The target prefix holds only what the cross build may see: xsimd's headers (arch-independent,
  # linked, not the host's whole /usr/include) and GoogleTest built from Debian's source.
  prefix=$root/build/aarch64-prefix
  toolchain=$root/cmake/aarch64-linux-gnu.cmake
  mkdir -p "$prefix/include"
  ln -sfn /usr/include/xsimd "$prefix/include/xsimd"
  if [[ ! -f $prefix/lib/cmake/GTest/GTestConfig.cmake ]]; then
    cmake -S /usr/src/googletest -B "$root/build/aarch64-googletest" -DCMAKE_BUILD_TYPE=Release \
      -DCMAKE_TOOLCHAIN_FILE="$toolchain" -DSIMDACT_AARCH64_PREFIX="$prefix" -DCMAKE_INSTALL_PREFIX="$prefix" \
      -DBUILD_GMOCK=OFF
    cmake --build "$root/build/aarch64-googletest" --parallel "$jobs"
    cmake --install "$root/build/aarch64-googletest"
  fi
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DCMAKE_TOOLCHAIN_FILE="$toolchain" \
    -DSIMDACT_AARCH64_PREFIX="$prefix" -DSIMDACT_BUILD_TESTS=ON -DSIMDACT_BUILD_BENCH=OFF
fi
cmake --build "$build" --parallel "$jobs"
cd "$build"
ctest --output-on-failure --parallel "$jobs" -L "$labels"
if [[ "$labels" == *exhaustive* || "$labels" == *sweep* ]]; then
  # The sweep tables (README's accuracy table) are in the test's output: show them.
  sed -n '/ s on [0-9]* threads (/,/^\[ /p' "$build/Testing/Temporary/LastTest.log"
fi
