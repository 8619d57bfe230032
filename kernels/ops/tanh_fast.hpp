// tanh_fast: y = tanh(x), the opt-in fast tier.
// Max error: 3 ulp on every path; docs/accuracy.md.  Every float x: odd to the bit, +-inf -> +-1,
// tanh(+-0) = +-0, NaN -> a NaN (its payload not promised), no NaN for finite x, |y| <= 1.
// Algorithm: rr2 lut8 p4 for em = e^-2|x| - 1 (expm1: s - 1 exact or as a pair, plus s*p, so that
// no cancellation is left for small |x|), then one division: tanh|x| = -em/(2 + em); derivation and
// budget: docs/design/tanh.md, "The fast tier".
#pragma once

#include "../math/exp_pair.hpp"

namespace simdact {
namespace kernels {

namespace tanh_fast_constants {
constexpr float max_a = 10.0f; // tanh rounds to 1 from 9.01 on
} // namespace tanh_fast_constants

/// e^z - 1 for z = -2a in [-20, 0]: z = n ln2 + r, e^z = s (1 + p) with s = RN(2^(j/8)) 2^k and p
/// exp_pair's e^r - 1 (the table's rounding folded into r), so em = (s - 1) + s*p, where s - 1 is
/// exact for s >= 1/2 and otherwise a pair by the fast TwoSum (|-1| > s).
template <class Arch, class V> SIMDACT_INLINE V expm1_of_nonpositive_rr2_lut8_p4(V z) noexcept {
  const exp_reduction<V> red = reduce_exp<1, Arch>(z, constants::exp2_j8.v, constants::exp2_j8_for_add.v);
  const V p = expm1_of_reduced_rr2_lut8_p4(red);
  const V s_minus_1 = red.s - V(1.0f);
  const V s_minus_1_error = red.s - (s_minus_1 + V(1.0f));
  return s_minus_1 + fmadd(red.s, p, s_minus_1_error);
}

namespace ops {
struct tanh_fast {
  template <class Arch> static constexpr std::size_t unroll = isa<Arch>::default_unroll;
  /// min(10, |x|) keeps a NaN (x86's minps returns its second operand), and every later step does.
  template <class Arch, class V> static SIMDACT_INLINE V compute(V x) noexcept {
    const V a = min(V(tanh_fast_constants::max_a), abs(x));
    const V em = expm1_of_nonpositive_rr2_lut8_p4<Arch>(-(a + a));
    return with_sign_of(divide(-em, V(2.0f) + em), x);
  }
};
} // namespace ops

} // namespace kernels
} // namespace simdact
