// Error-free transforms: the exact rounding error of a product, with an FMA or with Dekker's
// splitting where there is none (sse2, scalar).  docs/design/sigmoid.md says where each is used.
#pragma once

#include "../isa/isa.hpp"

namespace simdact {
namespace kernels {

/// Veltkamp's split of a into a_hi + a_lo, each with at most 12 significant bits, so that products
/// of halves are exact (Dekker 1971).  Valid for |a| < 2^115.
template <class V> SIMDACT_INLINE void split(V a, V& hi, V& lo) noexcept {
  const V c = a * V(4097.0f);
  hi = c - (c - a);
  lo = a - hi;
}

/// The exact rounding error a*b - p of the product p = RN(a*b): one FMA, or Dekker's TwoProduct.
template <class Arch, class V> SIMDACT_INLINE V product_error(V a, V b, V p) noexcept {
  if constexpr (isa<Arch>::has_fma) {
    return fmsub(a, b, p);
  } else {
    V ah, al, bh, bl;
    split(a, ah, al);
    split(b, bh, bl);
    return ((ah * bh - p) + ah * bl + al * bh) + al * bl;
  }
}

/// c - a*b with the product taken exactly (one FMA, or TwoProduct and two subtractions).  Used for
/// division residuals, where c - a*b is tiny and must not lose the bits of a*b below c's ulp.
template <class Arch, class V> SIMDACT_INLINE V exact_residual(V c, V a, V b) noexcept {
  if constexpr (isa<Arch>::has_fma) {
    return fnmadd(a, b, c);
  } else {
    const V p = a * b;
    return (c - p) - product_error<Arch>(a, b, p);
  }
}

/// a*b + c with the product taken exactly: exact_residual's counterpart, for a residual kept with
/// the opposite sign.
template <class Arch, class V> SIMDACT_INLINE V exact_sum_with_product(V c, V a, V b) noexcept {
  if constexpr (isa<Arch>::has_fma) {
    return fmadd(a, b, c);
  } else {
    const V p = a * b;
    return (c + p) + product_error<Arch>(a, b, p);
  }
}

/// The exact rounding error a + b - s of the sum s = RN(a + b), whichever of a and b is larger
/// (Knuth's TwoSum, six additions; no FMA needed).
template <class V> SIMDACT_INLINE V sum_error(V a, V b, V s) noexcept {
  const V b_part = s - a;
  return (a - (s - b_part)) + (b - b_part);
}

} // namespace kernels
} // namespace simdact
