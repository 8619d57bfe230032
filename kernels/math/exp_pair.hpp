// e^-|x| * 2^25 as a float pair m_hi + m_lo, to ~0.07 ulp ("rr2 lut8 p4, table error folded"), and
// the reciprocal of 2^25 + m_hi: what sigma and sigma' share in the accurate tier.  Keeping e as a
// pair is what makes <= 1 ulp reachable: a rounded e would already carry 0.5 ulp into e/(1+e).
// Derivation and error budget: docs/design/sigmoid.md, steps 1 to 6 and "Large |x|"; coefficients:
// exp_coefficients.sollya beside this file, its output in exp_coefficients.txt.
#pragma once

#include "exp_reduction.hpp"

namespace simdact {
namespace kernels {

namespace exp_pair_constants {
// e^r - 1 ~ r + r^2*(1/2 + c3*r + c4*r^2), Sollya fpminimax on [-ln2/16, ln2/16](1 + 2^-10): 2^-32.5.
constexpr float c3 = 0x1.555c86p-3f;
constexpr float c4 = 0x1.555a4cp-5f;
// l_j = ln(2^(j/8) / RN(2^(j/8))), each below 2^-24: the table's rounding, folded into r.
alignas(32) constexpr float exp2_j8_log_error[8] = {0.0f,
                                                    -0x1.9c0c22p-27f,
                                                    0x1.125002p-25f,
                                                    -0x1.0a3552p-25f,
                                                    0x1.26055cp-26f,
                                                    0x1.67a1cap-28f,
                                                    -0x1.f9c306p-27f,
                                                    -0x1.a5217cp-28f};
} // namespace exp_pair_constants

/// e^r - 1 for reduce_exp's reduced argument with the table's rounding folded into r (r = r_head -
/// n*ln2_lo + l_j): r + r^2*(1/2 + c3*r + c4*r^2), to 2^-32.5 relative on |r| <= ln2/16*(1 + 2^-10).
template <class V> SIMDACT_INLINE V expm1_of_reduced_rr2_lut8_p4(const exp_reduction<V>& red) noexcept {
  using namespace exp_pair_constants;
  const V r = red.r_head + fmadd(red.n, V(-constants::ln2_lo), lookup8(exp2_j8_log_error, red.nb));
  V poly = fmadd(V(c4), r, V(c3));
  poly = fmadd(poly, r, V(0.5f));
  return fmadd(r * r, poly, r);
}

/// How the pair is scaled and where it stops: e' = e^z * scale for z = max(-|x|, min_z), the scale
/// a power of two that keeps e' normal (and the exponent's integer add in range) down to min_z;
/// where zero_at_min_z, e' = 0 from min_z on.  table and table_for_add are reduce_exp's tables for
/// this scale.
template <int ScaleExponent, int MinZ, bool ZeroAtMinZ> struct exp_pair_scaling {
  static constexpr float scale = constants::exp2(ScaleExponent);
  static constexpr float min_z = float(MinZ);
  static constexpr bool zero_at_min_z = ZeroAtMinZ;
  static_assert(ZeroAtMinZ || MinZ * 1.4426950408889634 + ScaleExponent >= -125, "e' must stay normal down to min_z");
  static constexpr constants::table8 table = constants::times(constants::exp2_j8_times_2p25, scale * 0x1p-25f);
  static constexpr constants::table8 table_for_add =
      constants::times(constants::exp2_j8_times_2p25_for_add, scale * 0x1p-25f);
};
/// sigma's: e' = e * 2^25 is 0 from z = -104 on (e^-104 < 2^-150: sigma rounds to 0 or 1 there).
using exp_pair_scaling_sigmoid = exp_pair_scaling<25, -104, true>;

/// e' = e^z * scale with z = max(-|x|, min_z), as m_hi + m_lo, and r0 = RN(1 / d_hi) with
/// d_hi = RN(scale + m_hi).
template <class V> struct exp_pair {
  V m_hi, m_lo;
  V r0;
};

template <class Arch, class Scaling = exp_pair_scaling_sigmoid, class V>
SIMDACT_INLINE exp_pair<V> exp_pair_rr2_lut8_p4(V x) noexcept {
  using namespace exp_pair_constants;
  constexpr float scale = Scaling::scale;
  const V z = negative_abs_clamped(x, V(Scaling::min_z));
  const exp_reduction<V> red = reduce_exp<1, Arch>(z, Scaling::table.v, Scaling::table_for_add.v);
  // For sigma, e' = 0 exactly where |x| >= 104 (and for a NaN x, whose result is x): no subnormal
  // intermediate where the result is 0 or 1 (docs/design/sigmoid.md, "Large |x|").
  V s = red.s;
  if constexpr (Scaling::zero_at_min_z) s = keep_or_zero(z > V(Scaling::min_z), s);
  const V p = expm1_of_reduced_rr2_lut8_p4(red);
  exp_pair<V> e;
  // s*(1 + p) = m_hi + m_lo with s*p taken exactly by both FMAs (s - m_hi is exact).
  e.m_hi = fmadd(s, p, s);
  e.m_lo = fmadd(s, p, s - e.m_hi);
  e.r0 = divide(V(1.0f), V(scale) + e.m_hi);
  return e;
}

/// e^z = (m_hi + m_lo) * 2^k for z in [-200, 0] (any z whose 2^k the caller applies), the pair to
/// the same ~2^-31 as exp_pair's but in [1, 2^(7/8) * e^(ln2/16)]: its exponent k (an integer, as a
/// float) kept apart, so that e^z far below the float range keeps every bit.
template <class V> struct exp_split { V m_hi, m_lo, k; };

template <class Arch, class V> SIMDACT_INLINE exp_split<V> exp_split_rr2_lut8_p4(V z) noexcept {
  using namespace exp_pair_constants;
  // reduce_exp's 2^k-scaled s is not used (and not computed): t = RN(2^(j/8)) and k = n - j/8.
  const exp_reduction<V> red = reduce_exp<1, Arch>(z, constants::exp2_j8.v, constants::exp2_j8.v);
  const V t = lookup8(constants::exp2_j8.v, red.nb);
  const V p = expm1_of_reduced_rr2_lut8_p4(red);
  exp_split<V> e;
  e.m_hi = fmadd(t, p, t);
  e.m_lo = fmadd(t, p, t - e.m_hi);
  e.k = red.n - lookup8(constants::j_eighths, red.nb);
  return e;
}

} // namespace kernels
} // namespace simdact
