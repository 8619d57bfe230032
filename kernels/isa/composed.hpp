// The primitives that need nothing of an ISA but its arithmetic operators and its other
// primitives: the base of every ISA's traits (kernels/isa/scalar.hpp, xsimd_base.hpp), which an
// ISA replaces where it has an instruction for one (kernels/isa/<isa>.hpp).  V is the vector type
// (float, or an xsimd batch), M its mask, and Self the derived traits, through which the composed
// primitives call the others, so that an ISA's own select or divide is the one they use.
#pragma once

#include "isa.hpp"

namespace simdact {
namespace kernels {

template <class V, class M, class Self> struct composed_primitives {
  static SIMDACT_INLINE V divide(V a, V b) noexcept { return a / b; }
  static SIMDACT_INLINE M greater_or_nan(V a, V b) noexcept { return !(a <= b); }
  static SIMDACT_INLINE V keep_or_zero(M keep, V v) noexcept { return Self::select(keep, v, V(0.0f)); }
  static SIMDACT_INLINE V add_where(M add, V a, V b) noexcept { return a + Self::keep_or_zero(add, b); }
  static SIMDACT_INLINE V select_nan(V x, V v) noexcept { return Self::select(Self::isnan(x), x, v); }
  static SIMDACT_INLINE V divide_or_zero(M keep, V a, V b) noexcept {
    return Self::divide(Self::keep_or_zero(keep, a), b);
  }
  static SIMDACT_INLINE V negative_abs_clamped(V a, V lo) noexcept { return Self::max(lo, Self::negative_abs(a)); }
  /// v itself: an ISA that needs to keep the compiler from folding a constant replaces it.
  static SIMDACT_INLINE V opaque(V v) noexcept { return v; }
  /// Rounded twice (a*b, then + c; -ffp-contract=off keeps the compiler from fusing them); the FMA
  /// ISAs replace these three.
  static SIMDACT_INLINE V fmadd(V a, V b, V c) noexcept { return a * b + c; }
  static SIMDACT_INLINE V fnmadd(V a, V b, V c) noexcept { return c - a * b; }
  static SIMDACT_INLINE V fmsub(V a, V b, V c) noexcept { return a * b - c; }
};

} // namespace kernels
} // namespace simdact
