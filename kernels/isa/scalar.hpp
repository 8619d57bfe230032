// The scalar path's traits: one float, plain C++ with the target's baseline flags, no FMA (the
// kernels use Dekker's products instead, kernels/math/error_free.hpp).
#pragma once

#include <cstdint>
#include <cstring>
#include <limits>

#include "composed.hpp"

namespace simdact {
namespace kernels {

template <> struct isa<scalar_arch> : composed_primitives<float, bool, isa<scalar_arch>> {
  using vector = float;
  using mask = bool;
  static constexpr simdact::isa id = simdact::isa::scalar;
  static constexpr const char* name = "scalar";
  static constexpr std::size_t lanes = 1;
  static constexpr bool has_fma = false;
  static constexpr bool has_scalef = false;
  static constexpr bool has_streaming_store = false;
  static constexpr bool min_returns_second_operand_for_nan = true;
  static constexpr std::size_t default_unroll = 1;

  static SIMDACT_INLINE std::uint32_t bits(float a) noexcept {
    std::uint32_t u;
    std::memcpy(&u, &a, sizeof u);
    return u;
  }
  static SIMDACT_INLINE float from_bits(std::uint32_t u) noexcept {
    float a;
    std::memcpy(&a, &u, sizeof a);
    return a;
  }

  static SIMDACT_INLINE float load(const float* p) noexcept { return *p; }
  static SIMDACT_INLINE void store(float* p, float v) noexcept { *p = v; }
  static SIMDACT_INLINE void store_streaming(float* p, float v) noexcept { *p = v; }
  static SIMDACT_INLINE void streaming_fence() noexcept {}
  static SIMDACT_INLINE float select(bool m, float a, float b) noexcept { return m ? a : b; }
  static SIMDACT_INLINE bool isnan(float a) noexcept { return a != a; }
  static SIMDACT_INLINE float abs(float a) noexcept { return from_bits(bits(a) & 0x7fffffffu); }
  static SIMDACT_INLINE float min(float a, float b) noexcept { return a < b ? a : b; }
  static SIMDACT_INLINE float max(float a, float b) noexcept { return a > b ? a : b; }
  static SIMDACT_INLINE float negative_abs(float a) noexcept { return from_bits(bits(a) | 0x80000000u); }
  static SIMDACT_INLINE float negate(float a) noexcept { return from_bits(bits(a) ^ 0x80000000u); }
  static SIMDACT_INLINE float with_sign_of(float magnitude, float s) noexcept {
    return from_bits((bits(magnitude) & 0x7fffffffu) | (bits(s) & 0x80000000u));
  }
  /// max returns its second operand for a NaN: -FLT_MAX, as on x86.
  static SIMDACT_INLINE float clamp_to_finite(float a) noexcept {
    return min(max(a, -std::numeric_limits<float>::max()), std::numeric_limits<float>::max());
  }
  template <int Shift> static SIMDACT_INLINE float add_shifted_bits(float a, float b) noexcept {
    return from_bits(bits(a) + (bits(b) << Shift));
  }
  static SIMDACT_INLINE float lookup8(const float* table, float index_bits) noexcept {
    return table[bits(index_bits) & 7u];
  }
  static SIMDACT_INLINE bool any_less(float a, float b) noexcept { return a < b; }
};

} // namespace kernels
} // namespace simdact
