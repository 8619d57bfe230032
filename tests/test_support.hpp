// Helpers shared by simdact's tests: float bit patterns, value-ordered iteration, the ISA tags that
// name parameterized tests, and direct access to one ISA's kernels (without the global choice).
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>

#include <gtest/gtest.h>

#include "../src/dispatch.hpp"
#include "simdact/reference.h"
#include "simdact/simdact.hpp"

namespace simdact_test {

inline float from_bits(std::uint32_t u) {
  float f;
  std::memcpy(&f, &u, sizeof f);
  return f;
}
inline std::uint32_t to_bits(float f) {
  std::uint32_t u;
  std::memcpy(&u, &f, sizeof u);
  return u;
}

/// The fast tier's bits for one input: the same wherever the input sits in a call, except that a
/// NaN input gives a NaN whose payload and sign are not promised (they follow the operand order
/// the compiler chose, which can differ between an interleaved group and a single vector).  The
/// bits as a value to compare: every NaN as one.
inline std::uint32_t fast_bits(float f) { return f != f ? 0x7fc00000u : to_bits(f); }

/// The float whose rank in value order is `ordinal`: 0 is -NaN (0xFFFFFFFF) ... -0, +0, ... +NaN.
inline float from_ordinal(std::uint32_t ordinal) {
  return from_bits(ordinal & 0x80000000u ? ordinal ^ 0x80000000u : ~ordinal);
}

/// The kernels of one ISA, or nullptr if this build or CPU cannot run it.
inline const simdact::detail::kernel_table* kernels_for(simdact::isa which) {
  const simdact::detail::kernel_table* table = nullptr;
  return simdact::detail::find_kernels(which, &table) == SIMDACT_OK ? table : nullptr;
}

// One tag type per ISA, so that typed tests are named Suite/isa.Test.
template <simdact::isa I> struct isa_tag { static constexpr simdact::isa value = I; };
using scalar_isa = isa_tag<simdact::isa::scalar>;
using sse2_isa = isa_tag<simdact::isa::sse2>;
using avx2_isa = isa_tag<simdact::isa::avx2>;
using avx512_isa = isa_tag<simdact::isa::avx512>;
using neon_isa = isa_tag<simdact::isa::neon>;
using all_isas = ::testing::Types<scalar_isa, sse2_isa, avx2_isa, avx512_isa, neon_isa>;

struct isa_names {
  template <class T> static std::string GetName(int) { return simdact::to_string(T::value); }
};

// The accuracy contract (include/simdact/simdact.h, README.md).
constexpr double sigmoid_max_ulp = 1.0;
constexpr double sigmoid_fast_max_ulp = 3.0;
// The fast tier is monotone but for a few inputs: Exhaustive.SigmoidFast measured 1 break on the FMA
// paths (avx512, avx2, and neon with their bits: at x = 0x1.8f40b8p-2) and 2 without FMA (sse2,
// scalar: also at x = -0x1.3687a8p-2).  Its earlier form (1 - f for x > 0) had 299,597.  The bounds
// are what was measured, so any regression fails.
inline bool is_fma_path(simdact::isa i) {
  return i == simdact::isa::avx2 || i == simdact::isa::avx512 || i == simdact::isa::neon;
}
inline std::uint64_t sigmoid_fast_max_monotone_breaks(simdact::isa i) { return is_fma_path(i) ? 1 : 2; }
constexpr double derivative_max_ulp = 1.0; // the issue asked for 2; the kernel meets 1
constexpr double backward_max_ulp = 1.0;

} // namespace simdact_test
