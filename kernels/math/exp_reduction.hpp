// The range reduction of e^z that every exponential in the kernels shares ("rr2 lut8"): z = n ln2
// + r with n a multiple of 1/8, and 2^n = 2^k RN(2^(j/8)) from an 8-entry table, the exponent k put
// in by one integer add or, on AVX-512, one vscalefps.  Derivation: docs/design/sigmoid.md, steps 1
// and 2; coefficients: exp_fast_coefficients.sollya beside this file, its output in the .txt.
#pragma once

#include "../isa/isa.hpp"

namespace simdact {
namespace kernels {

namespace constants {
constexpr float log2e = 0x1.715476p0f;           // RN(1/ln2)
constexpr float magic_round_eighths = 0x1.8p20f; // its ulp is 1/8
constexpr float ln2_hi = 0x1.62ep-1f;            // 12 significant bits: n * ln2_hi is exact
constexpr float ln2_lo = 0x1.0bfbe8p-15f;
// RN(2^(j/8)) * 2^25, for vscalefps.
alignas(32) constexpr float exp2_j8_times_2p25[8] = {0x1p25f,        0x1.172b84p25f, 0x1.306fep25f,  0x1.4bfdaep25f,
                                                     0x1.6a09e6p25f, 0x1.8ace54p25f, 0x1.ae89fap25f, 0x1.d5818ep25f};
// bits(RN(2^(j/8)) * 2^25) - j * 2^20, as floats, for the integer add.
alignas(32) constexpr float exp2_j8_times_2p25_for_add[8] = {0x1p25f,        0x1.f72b84p24f, 0x1.f06fep24f,
                                                             0x1.ebfdaep24f, 0x1.ea09e6p24f, 0x1.eace54p24f,
                                                             0x1.ee89fap24f, 0x1.f5818ep24f};
// The same two tables times 2^-50, for an e^z * 2^-25: exact, and for the integer-add table the
// same as subtracting j*2^20 from bits(RN(2^(j/8)) * 2^-25), since every entry stays normal
// (scaling by a power of two only moves the exponent field).
struct table8 {
  alignas(32) float v[8];
};
/// 2^e, for |e| < 127.
constexpr float exp2(int e) {
  float p = 1.0f;
  for (; e > 0; --e) p *= 2.0f;
  for (; e < 0; ++e) p *= 0.5f;
  return p;
}
constexpr table8 times(const float (&table)[8], float power_of_two) {
  table8 scaled{};
  for (int j = 0; j < 8; ++j) scaled.v[j] = table[j] * power_of_two;
  return scaled;
}
constexpr table8 exp2_j8_times_2m25 = times(exp2_j8_times_2p25, 0x1p-50f);
constexpr table8 exp2_j8_times_2m25_for_add = times(exp2_j8_times_2p25_for_add, 0x1p-50f);
// RN(2^(j/8)) itself, and j/8: for an exponential whose 2^k is kept apart.
constexpr table8 exp2_j8 = times(exp2_j8_times_2p25, 0x1p-25f);
constexpr table8 exp2_j8_for_add = times(exp2_j8_times_2p25_for_add, 0x1p-25f);
alignas(32) constexpr float j_eighths[8] = {0.0f, 0.125f, 0.25f, 0.375f, 0.5f, 0.625f, 0.75f, 0.875f};
} // namespace constants

/// e^z for z = Sign * w (Sign = 1 or -1, folded into the constants), reduced: n = k + j/8 (and j
/// in nb's low bits), r_head = Sign * (z - n*ln2_hi) exactly, and s = table[j] * 2^k, where
/// table[j] = RN(2^(j/8)) * 2^S (for vscalefps) and table_for_add[j] = bits(table[j]) - j*2^20
/// (for the integer add).  The caller keeps k + S in the normal exponent range, and adds
/// -Sign * n*ln2_lo to r_head.
template <class V> struct exp_reduction { V nb, n, r_head, s; };

template <int Sign, class Arch, class V>
SIMDACT_INLINE exp_reduction<V> reduce_exp(V w, const float* table, const float* table_for_add) noexcept {
  using namespace constants;
  exp_reduction<V> red;
  const V magic = opaque(V(magic_round_eighths)); // one register for both uses
  red.nb = fmadd(w, V(Sign * log2e), magic);
  red.n = red.nb - magic;
  red.r_head = fmadd(red.n, V(-Sign * ln2_hi), w);
  if constexpr (isa<Arch>::has_scalef) {
    red.s = scale_by_exp2(lookup8(table, red.nb), red.n);
  } else {
    red.s = add_shifted_bits<20>(lookup8(table_for_add, red.nb), red.nb);
  }
  return red;
}

/// 2^k for an integer-valued k in [-126, 127]: one vscalefps, or k's bits moved into the exponent
/// field (k + 1.5*2^23 holds k in its low bits; shifted by 23 only k survives, added to 1's bits).
template <class Arch, class V> SIMDACT_INLINE V exp2_of_integer(V k) noexcept {
  if constexpr (isa<Arch>::has_scalef) {
    return scale_by_exp2(V(1.0f), k);
  } else {
    return add_shifted_bits<23>(V(1.0f), k + V(0x1.8p23f));
  }
}

/// v * 2^k for an integer-valued k in [-250, 254], as two exact powers of two: v * 2^k1 * 2^(k - k1)
/// with k1 = k clamped to [-125, 127] (above, v * 2^127 overflows only where v * 2^k does).  Rounded
/// once where the result is normal; where it is subnormal, at most twice, within 0.75 units of
/// 2^-149 in all.
template <class Arch, class V> SIMDACT_INLINE V scale_by_exp2_wide(V v, V k) noexcept {
  const V k1 = min(max(k, V(-125.0f)), V(127.0f));
  return (v * exp2_of_integer<Arch>(k1)) * exp2_of_integer<Arch>(k - k1);
}

/// v = value * 2^exponent, v's exponent kept apart like e^z's (exp_split): |v| from 2^54 on is
/// scaled by 2^-64, |v| below 2^-40 (subnormals included) by 2^64, so that value, finite for a
/// finite v, lies in [2^-85, 2^64] unless it is 0.  A factor of a product whose other factors
/// would take it out of the float range (swiglu's b, silu_backward's dy), put back with
/// scale_by_exp2_wide.
template <class V> struct scaled_apart { V value, exponent; };
template <class V> SIMDACT_INLINE scaled_apart<V> scale_apart(V v) noexcept {
  const V magnitude = abs(v);
  const auto large = magnitude >= V(0x1p54f);
  const auto small = magnitude < V(0x1p-40f);
  return {v * select(large, V(0x1p-64f), select(small, V(0x1p64f), V(1.0f))),
          select(large, V(64.0f), select(small, V(-64.0f), V(0.0f)))};
}

/// scale_apart, then |value| brought into [2^-32, 2^32] by two more steps of 2^32 each way: the two
/// factors of a product taken as an exact pair (swiglu_backward's dy*b), whose exponents sum to at
/// most 192.
template <class V> SIMDACT_INLINE scaled_apart<V> scale_apart_narrow(V v) noexcept {
  scaled_apart<V> s = scale_apart(v);
  for (int step = 0; step < 2; ++step) {
    const V magnitude = abs(s.value);
    const auto large = magnitude > V(0x1p32f);
    const auto small = magnitude < V(0x1p-32f);
    s.value = s.value * select(large, V(0x1p-32f), select(small, V(0x1p32f), V(1.0f)));
    s.exponent = s.exponent + select(large, V(32.0f), select(small, V(-32.0f), V(0.0f)));
  }
  return s;
}

} // namespace kernels
} // namespace simdact
