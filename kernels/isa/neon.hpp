// The neon path's traits: AArch64 Advanced SIMD (xsimd::neon64), 4 floats a vector, with FMA.
#pragma once

#include <arm_neon.h>

#include "xsimd_base.hpp"

namespace simdact {
namespace kernels {

template <> struct isa<xsimd::neon64> : xsimd_base<xsimd::neon64, isa<xsimd::neon64>> {
  static constexpr simdact::isa id = simdact::isa::neon;
  static constexpr const char* name = "neon";
  static constexpr bool has_fma = true;
  static constexpr bool min_returns_second_operand_for_nan = false; // vminq returns the NaN

  /// maxNum and minNum return the number where one operand is a NaN.
  static SIMDACT_INLINE vector clamp_to_finite(vector a) noexcept {
    const vector largest(std::numeric_limits<float>::max());
    return vminnmq_f32(vmaxnmq_f32(a, -largest), largest);
  }
  /// Not xsimd's division: on NEON (and neon64) it is a reciprocal estimate and two Newton steps, a
  /// few ulp off, which broke the fast tier's bound.
  static SIMDACT_INLINE vector divide(vector a, vector b) noexcept { return vdivq_f32(a, b); }
  static SIMDACT_INLINE vector keep_or_zero(mask keep, vector v) noexcept {
    return vreinterpretq_f32_u32(vandq_u32(keep, vreinterpretq_u32_f32(v)));
  }
  static SIMDACT_INLINE vector fmadd(vector a, vector b, vector c) noexcept { return vfmaq_f32(c, a, b); }
  static SIMDACT_INLINE vector fnmadd(vector a, vector b, vector c) noexcept { return vfmsq_f32(c, a, b); }
  /// a*b + (-c), as x86's vfmsub rounds it: not -(c - a*b), whose exact zero would be -0 where a*b - c gives +0.
  static SIMDACT_INLINE vector fmsub(vector a, vector b, vector c) noexcept { return vfmaq_f32(vnegq_f32(c), a, b); }
};

} // namespace kernels
} // namespace simdact
