// sigmoid: y = 1/(1 + e^-x), the accurate tier.
// Max error: 1 ulp on every path (subnormal results: 1 unit of 2^-149); docs/accuracy.md has the
// measured figures.  Every float x: NaN -> the input NaN, +-inf -> 1 and 0, sigma(+-0) = 1/2,
// results in [0, 1], monotone.
// Algorithm: rr2 lut8 p4 for e^-|x| as a float pair (kernels/math/exp_pair.hpp), one division and
// a corrected quotient; derivation and error budget: docs/design/sigmoid.md, step 7.
#pragma once

#include "../math/error_free.hpp"
#include "../math/exp_pair.hpp"

namespace simdact {
namespace kernels {

/// sigma(x) = 2^25/(2^25 + e') for x > 0, e'/(2^25 + e') for x <= 0, as a corrected quotient
/// q0 + r0 * residual whose residual num - q0*(2^25 + m_hi + m_lo) is taken term by term, largest
/// first: num - q0*2^25 is exact (Sterbenz), q0*m_hi nearly cancels it and is taken exactly.
template <class Arch, class V> SIMDACT_INLINE V sigmoid_from_exp_pair(V x, const exp_pair<V>& e) noexcept {
  const auto nonpositive = x <= V(0.0f);
  const V num = select(nonpositive, e.m_hi, V(exp_pair_scaling_sigmoid::scale));
  const V q0 = num * e.r0;
  const V t1 = fnmadd(q0, V(exp_pair_scaling_sigmoid::scale), num);
  const V t2 = exact_residual<Arch>(t1, q0, e.m_hi);
  const V residual = add_where(nonpositive, fnmadd(q0, e.m_lo, t2), e.m_lo); // + num_lo
  return fmadd(residual, e.r0, q0);
}

namespace ops {
struct sigmoid {
  /// Vectors per loop step (bench/RESULTS.md, "Unroll").
  template <class Arch> static constexpr std::size_t unroll = isa<Arch>::default_unroll;
  template <class Arch, class V> static SIMDACT_INLINE V compute(V x) noexcept {
    return select_nan(x, sigmoid_from_exp_pair<Arch>(x, exp_pair_rr2_lut8_p4<Arch>(x)));
  }
};
} // namespace ops

} // namespace kernels
} // namespace simdact
