// The cost of single vector instructions on this core, for the report's ceilings (issue 8 asks how
// close each loop is to the bound its instruction mix sets).  Each figure is the time per
// instruction of 12 independent chains of that one instruction (12 is more than latency / issue
// interval for each of them: a division's 10-18 cycles against one every 5-10; an FMA's 4 cycles
// against two a cycle), so it is the core's throughput for that instruction, not its latency.
// The best of 5 runs, as a clock that speeds up during the first one would bias a mean.
// XNNPACK's sigmoid and simdact's fast tier both take one vdivps per vector, so 16 floats per
// vdivps zmm (8 per vdivps ymm) is the ceiling of either loop, whatever else it does.
#include "instruction_costs.hpp"

#include <algorithm>
#include <chrono>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

namespace {

constexpr long iterations = 1 << 20;

template <class Loop> double best_ns_per_instruction(Loop loop) {
  double best = 1e300;
  for (int run = 0; run < 5; ++run) {
    const auto start = std::chrono::steady_clock::now();
    loop();
    const std::chrono::duration<double, std::nano> elapsed = std::chrono::steady_clock::now() - start;
    best = std::min(best, elapsed.count() / (iterations * 12.0));
  }
  return best;
}

// One function per instruction, each compiled for its own ISA (the rest of the binary is not), with
// the chains' values kept in registers by an empty asm that claims to change them: no compiler can
// fold or drop a chain, and the values stay normal (between 0.9 and 1.2, or for the FMA's a*b + b
// growing by about 1 an iteration).
#define SIMDACT_CHAINS(TARGET, NAME, VEC, SET1, OP)                                                                    \
  __attribute__((target(TARGET), noinline)) void NAME() {                                                              \
    [[maybe_unused]] const VEC b = SET1(1.0000001f); /* not read by vrcp14ps */                                        \
    VEC a0 = SET1(1.0f), a1 = SET1(1.01f), a2 = SET1(1.02f), a3 = SET1(1.03f), a4 = SET1(1.04f), a5 = SET1(1.05f);     \
    VEC a6 = SET1(1.06f), a7 = SET1(1.07f), a8 = SET1(1.08f), a9 = SET1(1.09f), a10 = SET1(1.1f), a11 = SET1(1.11f);   \
    for (long i = 0; i < iterations; ++i) {                                                                            \
      a0 = OP(a0, b), a1 = OP(a1, b), a2 = OP(a2, b), a3 = OP(a3, b), a4 = OP(a4, b), a5 = OP(a5, b);                  \
      a6 = OP(a6, b), a7 = OP(a7, b), a8 = OP(a8, b), a9 = OP(a9, b), a10 = OP(a10, b), a11 = OP(a11, b);              \
      __asm__ volatile(""                                                                                              \
                       : "+x"(a0), "+x"(a1), "+x"(a2), "+x"(a3), "+x"(a4), "+x"(a5), "+x"(a6), "+x"(a7), "+x"(a8),     \
                         "+x"(a9), "+x"(a10), "+x"(a11));                                                              \
    }                                                                                                                  \
  }

#define SIMDACT_DIVIDE_ZMM(a, b) _mm512_div_ps(b, a)
// The zero-masked form with every lane kept: the same instruction, where GCC 12's unmasked
// _mm512_rcp14_ps trips its own -Wuninitialized (GCC PR 105593, cmake/SimdactArch.cmake).
#define SIMDACT_RCP14_ZMM(a, b) _mm512_maskz_rcp14_ps(0xffff, a)
#define SIMDACT_FMA_ZMM(a, b) _mm512_fmadd_ps(a, b, b)
#define SIMDACT_DIVIDE_YMM(a, b) _mm256_div_ps(b, a)
#define SIMDACT_FMA_YMM(a, b) _mm256_fmadd_ps(a, b, b)
SIMDACT_CHAINS("avx512f", vdivps_zmm, __m512, _mm512_set1_ps, SIMDACT_DIVIDE_ZMM)
SIMDACT_CHAINS("avx512f", vrcp14ps_zmm, __m512, _mm512_set1_ps, SIMDACT_RCP14_ZMM)
SIMDACT_CHAINS("avx512f", vfmadd_zmm, __m512, _mm512_set1_ps, SIMDACT_FMA_ZMM)
SIMDACT_CHAINS("avx2,fma", vdivps_ymm, __m256, _mm256_set1_ps, SIMDACT_DIVIDE_YMM)
SIMDACT_CHAINS("avx2,fma", vfmadd_ymm, __m256, _mm256_set1_ps, SIMDACT_FMA_YMM)

} // namespace

namespace bench {

std::vector<instruction_cost> measure_instruction_costs() {
  std::vector<instruction_cost> costs;
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f")) {
    costs.push_back({"vdivps zmm", best_ns_per_instruction(vdivps_zmm)});
    costs.push_back({"vrcp14ps zmm", best_ns_per_instruction(vrcp14ps_zmm)});
    costs.push_back({"vfmadd231ps zmm", best_ns_per_instruction(vfmadd_zmm)});
  }
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
    costs.push_back({"vdivps ymm", best_ns_per_instruction(vdivps_ymm)});
    costs.push_back({"vfmadd231ps ymm", best_ns_per_instruction(vfmadd_ymm)});
  }
  return costs;
}

} // namespace bench

#else

namespace bench {
std::vector<instruction_cost> measure_instruction_costs() { return {}; }
} // namespace bench

#endif
