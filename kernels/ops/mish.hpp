// mish: y = x * tanh(softplus(x)) = x * tanh(log(1 + e^x)), the accurate tier.
// Max error: 1 ulp on every path (subnormal results: 1 unit of 2^-149); docs/accuracy.md.  Every
// float x: NaN -> the input NaN, mish(+-0) = +-0, +inf -> +inf, -inf -> -0; y = x exactly where
// that is the correctly rounded value (from x = 8.71 on); the minimum -0.3088434 at x = -1.1924312.
// Algorithm: no log: tanh(softplus(x)) = n/(n + 2) with n = u(u + 2), u = e^x.  With e' = e^-|x| *
// 2^40 as sigma's float pair (kernels/math/exp_pair.hpp) and (f, g) = (e', 2^40) for x <= 0,
// (2^40, e') for x > 0 (so that u = f/g), the ratio is N/D with N = f(f + 2g) and D = N + 2g^2, two
// float pairs of positive terms (no cancellation), and y = x*N/D one corrected quotient whose
// numerator carries x; derivation and error budget: docs/design/mish.md.
#pragma once

#include "../math/error_free.hpp"
#include "../math/exp_pair.hpp"
#include "silu.hpp"

namespace simdact {
namespace kernels {

namespace mish_constants {
constexpr float min_x = -112.0f; // mish(x) rounds to -0 below -108.66, as silu(x) does (x e^x)
constexpr float max_x = 20.0f;   // mish(x) rounds to x from 8.71 on; x is returned above 20
} // namespace mish_constants

/// The pairs of tanh(softplus(x)) = N/D from u = f/g, each of f and g a float pair of positive
/// terms (f_lo, g_lo below 2^-24 of f_hi, g_hi): A = f + 2g, N = f*A, G = 2g^2, D = N + G, each as
/// hi + lo to ~2^-46 relative (every sum of positive terms; TwoSum and the products' exact errors).
/// f and g lie in [e^-112 * 2^40, 2^40] (mish, S = 2^40) or [e^-64, 1] (mish_backward, unscaled):
/// no product over- or underflows.
template <class V> struct mish_pairs { V a_hi, a_lo, n_hi, n_lo, g2_hi, g2_lo, d_hi, d_lo; };

template <class Arch, class V> SIMDACT_INLINE mish_pairs<V> mish_pairs_of(V f_hi, V f_lo, V g_hi, V g_lo) noexcept {
  mish_pairs<V> p;
  const V two_g = g_hi + g_hi;
  p.a_hi = f_hi + two_g;
  p.a_lo = sum_error(f_hi, two_g, p.a_hi) + fmadd(V(2.0f), g_lo, f_lo);
  p.n_hi = f_hi * p.a_hi;
  p.n_lo = fmadd(f_hi, p.a_lo, fmadd(f_lo, p.a_hi, product_error<Arch>(f_hi, p.a_hi, p.n_hi)));
  p.g2_hi = two_g * g_hi;
  p.g2_lo = fmadd(two_g + two_g, g_lo, product_error<Arch>(two_g, g_hi, p.g2_hi));
  p.d_hi = p.n_hi + p.g2_hi;
  p.d_lo = sum_error(p.n_hi, p.g2_hi, p.d_hi) + (p.n_lo + p.g2_lo);
  return p;
}

/// mish(x) for x in [-112, 20]: x*N/D as a corrected quotient q0 + r*(x*N - q0*D), r = 1/d_hi, the
/// residual taken with q0*d_hi exactly (it nearly cancels x*n_hi) and the pairs' low parts; rounded
/// once where the result is normal.  Without an FMA the numerator is taken 2^32 times larger and
/// the result scaled back at the end (silu_numerator_up), so that Dekker's products stay normal
/// where the result is subnormal.
template <class Arch, class V> SIMDACT_INLINE V mish_from_exp_pair(V x, const exp_pair<V>& e) noexcept {
  constexpr float scale = silu_constants::exp_scaling::scale;
  constexpr float up = silu_numerator_up<Arch>;
  const auto nonpositive = x <= V(0.0f);
  const V f_hi = select(nonpositive, e.m_hi, V(scale));
  const V f_lo = keep_or_zero(nonpositive, e.m_lo);
  const V g_hi = select(nonpositive, V(scale), e.m_hi);
  const V g_lo = e.m_lo - f_lo;
  const mish_pairs<V> p = mish_pairs_of<Arch>(f_hi, f_lo, g_hi, g_lo);
  const V xu = x * V(up);
  const V num_hi = xu * p.n_hi;
  const V num_lo = fmadd(xu, p.n_lo, product_error<Arch>(xu, p.n_hi, num_hi));
  const V r = divide(V(1.0f), p.d_hi);
  const V q0 = num_hi * r;
  // The residual's negation, q0*D - x*N: for x = -0 it is +0, so q0 - residual*r keeps -0.
  const V t1 = exact_sum_with_product<Arch>(-num_hi, q0, p.d_hi);
  const V minus_residual = fmadd(q0, p.d_lo, t1) - num_lo;
  return fnmadd(minus_residual, r, q0) * V(1.0f / up);
}

namespace ops {
struct mish {
  template <class Arch> static constexpr std::size_t unroll = isa<Arch>::default_unroll;
  /// x above 20 (its +inf included) and a NaN x are returned as they are; the quotient runs on x
  /// clamped to [-112, 20], which gives -0 at -112 as mish does for every x below -108.66, and raises
  /// no overflow or invalid operation for the lanes that are returned as they are.
  template <class Arch, class V> static SIMDACT_INLINE V compute(V x) noexcept {
    using namespace mish_constants;
    const V clamped = min(max(x, V(min_x)), V(max_x));
    const V y = mish_from_exp_pair<Arch>(clamped, exp_pair_rr2_lut8_p4<Arch, silu_constants::exp_scaling>(clamped));
    return select(greater_or_nan(x, V(max_x)), x, y);
  }
};
} // namespace ops

} // namespace kernels
} // namespace simdact
