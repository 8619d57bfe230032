// The sse2 path's traits: SSE2 (every x86-64 CPU), no FMA.  Where an FMA would take a product
// exactly, the kernels use Dekker's products instead (kernels/math/error_free.hpp).
#pragma once

#include <immintrin.h>

#include "xsimd_base.hpp"

namespace simdact {
namespace kernels {

template <> struct isa<xsimd::sse2> : xsimd_base<xsimd::sse2, isa<xsimd::sse2>> {
  static constexpr simdact::isa id = simdact::isa::sse2;
  static constexpr const char* name = "sse2";
  static constexpr bool has_streaming_store = true;
  static constexpr std::size_t default_unroll = 4;

  static SIMDACT_INLINE void store_streaming(float* p, vector v) noexcept { _mm_stream_ps(p, v); }
  static SIMDACT_INLINE void streaming_fence() noexcept { _mm_sfence(); }
  static SIMDACT_INLINE mask greater_or_nan(vector a, vector b) noexcept { return _mm_cmpnle_ps(a, b); }
  static SIMDACT_INLINE vector keep_or_zero(mask keep, vector v) noexcept { return _mm_and_ps(keep, v); }
};

} // namespace kernels
} // namespace simdact
