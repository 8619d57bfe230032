// The avx2 path's traits: AVX2 with FMA (xsimd::fma3<xsimd::avx2>), 8 floats a vector.
#pragma once

#include <immintrin.h>

#include "xsimd_base.hpp"

namespace simdact {
namespace kernels {

template <> struct isa<xsimd::fma3<xsimd::avx2>> : xsimd_base<xsimd::fma3<xsimd::avx2>, isa<xsimd::fma3<xsimd::avx2>>> {
  static constexpr simdact::isa id = simdact::isa::avx2;
  static constexpr const char* name = "avx2";
  static constexpr bool has_fma = true;
  static constexpr bool has_streaming_store = true;
  static constexpr std::size_t default_unroll = 4;

  /// All ones in the lanes below count (vmaskmovps reads each lane's sign bit).
  static SIMDACT_INLINE __m256i first_lanes(std::size_t count) noexcept {
    return _mm256_cmpgt_epi32(_mm256_set1_epi32(int(count)), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
  }
  /// Masked loads and stores never touch (or fault on) the lanes left out.
  static SIMDACT_INLINE vector load_partial(const float* p, std::size_t count) noexcept {
    return _mm256_maskload_ps(p, first_lanes(count));
  }
  static SIMDACT_INLINE void store_partial(float* p, vector v, std::size_t count) noexcept {
    _mm256_maskstore_ps(p, first_lanes(count), v);
  }
  static SIMDACT_INLINE void store_streaming(float* p, vector v) noexcept { _mm256_stream_ps(p, v); }
  static SIMDACT_INLINE void streaming_fence() noexcept { _mm_sfence(); }
  /// vpermps uses the low 3 bits of each index lane.
  static SIMDACT_INLINE vector lookup8(const float* table, vector index_bits) noexcept {
    return _mm256_permutevar8x32_ps(_mm256_loadu_ps(table), _mm256_castps_si256(index_bits));
  }
  static SIMDACT_INLINE mask greater_or_nan(vector a, vector b) noexcept { return _mm256_cmp_ps(a, b, _CMP_NLE_UQ); }
  static SIMDACT_INLINE vector keep_or_zero(mask keep, vector v) noexcept { return _mm256_and_ps(keep, v); }
  /// v, hidden from the compiler's constant folding (an empty asm), so that a constant and its
  /// negation are not both kept in registers: with 16 registers the fast tier's loop would spill
  /// one more value, and the one GCC picks can be the table of vpermps, whose memory form is slow
  /// (bench/RESULTS.md, "The avx2 fast tier's registers").
  static SIMDACT_INLINE vector opaque(vector v) noexcept {
    __m256 r = v;
    asm("" : "+x"(r));
    return r;
  }
  static SIMDACT_INLINE vector fmadd(vector a, vector b, vector c) noexcept { return _mm256_fmadd_ps(a, b, c); }
  static SIMDACT_INLINE vector fnmadd(vector a, vector b, vector c) noexcept { return _mm256_fnmadd_ps(a, b, c); }
  static SIMDACT_INLINE vector fmsub(vector a, vector b, vector c) noexcept { return _mm256_fmsub_ps(a, b, c); }
};

} // namespace kernels
} // namespace simdact
