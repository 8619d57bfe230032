// What every xsimd architecture gives through xsimd alone: the base of the SIMD ISAs' traits
// (kernels/isa/<isa>.hpp), which replace the members their ISA does better.  Self is the derived
// traits type (see composed.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>

#include "composed.hpp"

namespace simdact {
namespace kernels {

template <class A, class Self>
struct xsimd_base : composed_primitives<xsimd::batch<float, A>, xsimd::batch_bool<float, A>, Self> {
  using vector = xsimd::batch<float, A>;
  using mask = xsimd::batch_bool<float, A>;
  static constexpr std::size_t lanes = vector::size;
  static constexpr bool has_fma = false;
  static constexpr bool has_scalef = false;
  static constexpr bool has_streaming_store = false;
  static constexpr bool min_returns_second_operand_for_nan = true; // x86's minps
  /// Vectors a loop step computes, unless an op says otherwise (kernels/ops/).
  static constexpr std::size_t default_unroll = 1;

  static SIMDACT_INLINE vector load(const float* p) noexcept { return vector::load_unaligned(p); }
  static SIMDACT_INLINE void store(float* p, vector v) noexcept { v.store_unaligned(p); }
  /// The first count lanes (0 < count < lanes) through a zeroed buffer: the others are +0, so they
  /// compute f(0) and raise no floating-point exception.
  static SIMDACT_INLINE vector load_partial(const float* p, std::size_t count) noexcept {
    alignas(64) float buffer[lanes] = {};
    std::memcpy(buffer, p, count * sizeof(float));
    return vector::load_aligned(buffer);
  }
  static SIMDACT_INLINE void store_partial(float* p, vector v, std::size_t count) noexcept {
    alignas(64) float buffer[lanes];
    v.store_aligned(buffer);
    std::memcpy(p, buffer, count * sizeof(float));
  }
  static SIMDACT_INLINE void store_streaming(float* p, vector v) noexcept { v.store_aligned(p); }
  /// Orders streaming stores before any later store; nothing to do where there are none.
  static SIMDACT_INLINE void streaming_fence() noexcept {}

  static SIMDACT_INLINE vector select(mask m, vector a, vector b) noexcept { return xsimd::select(m, a, b); }
  // Not `a != a`: xsimd 8.1's AVX operator!= is the ordered compare (_CMP_NEQ_OQ), false for NaN.
  static SIMDACT_INLINE mask isnan(vector a) noexcept { return xsimd::isnan(a); }
  static SIMDACT_INLINE vector abs(vector a) noexcept { return xsimd::abs(a); }
  static SIMDACT_INLINE vector min(vector a, vector b) noexcept { return xsimd::min(a, b); }
  static SIMDACT_INLINE vector max(vector a, vector b) noexcept { return xsimd::max(a, b); }
  static SIMDACT_INLINE vector negative_abs(vector a) noexcept { return a | vector(-0.0f); }
  /// A sign flip (xsimd's unary minus is 0 - a on avx512f: +0 for +0, and a NaN keeps its sign).
  static SIMDACT_INLINE vector negate(vector a) noexcept { return a ^ vector(-0.0f); }
  static SIMDACT_INLINE vector with_sign_of(vector magnitude, vector s) noexcept {
    return xsimd::abs(magnitude) | (s & vector(-0.0f));
  }
  /// Two instructions: x86's maxps returns its second operand for a NaN (-FLT_MAX here).
  static SIMDACT_INLINE vector clamp_to_finite(vector a) noexcept {
    const vector largest(std::numeric_limits<float>::max());
    return xsimd::min(xsimd::max(a, -largest), largest);
  }
  template <int Shift> static SIMDACT_INLINE vector add_shifted_bits(vector a, vector b) noexcept {
    using ints = xsimd::batch<std::int32_t, A>;
    return xsimd::bitwise_cast<vector>(xsimd::bitwise_cast<ints>(a) + (xsimd::bitwise_cast<ints>(b) << Shift));
  }
  /// Through memory, one lane at a time.
  static SIMDACT_INLINE vector lookup8(const float* table, vector index_bits) noexcept {
    alignas(64) std::uint32_t bits[lanes];
    alignas(64) float out[lanes];
    xsimd::bitwise_cast<xsimd::batch<std::uint32_t, A>>(index_bits).store_aligned(bits);
    for (std::size_t i = 0; i < lanes; ++i) out[i] = table[bits[i] & 7u];
    return vector::load_aligned(out);
  }
  static SIMDACT_INLINE bool any_less(vector a, vector b) noexcept { return xsimd::any(a < b); }
};

} // namespace kernels
} // namespace simdact
