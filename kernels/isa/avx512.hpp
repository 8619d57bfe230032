// The avx512 path's traits: AVX-512F and DQ (xsimd::avx512f), 16 floats a vector.  Several of the
// kernels' two-instruction steps take one here: the zero- and merge-masks that AVX-512 puts on the
// arithmetic itself, vscalefps for 2^k, vrangeps for max(lo, -|a|), vfixupimmps for the special
// classes of an input (bench/RESULTS.md, "AVX-512 single-instruction steps").
#pragma once

#include <immintrin.h>

#include "xsimd_base.hpp"

namespace simdact {
namespace kernels {

template <> struct isa<xsimd::avx512f> : xsimd_base<xsimd::avx512f, isa<xsimd::avx512f>> {
  static constexpr simdact::isa id = simdact::isa::avx512;
  static constexpr const char* name = "avx512";
  static constexpr bool has_fma = true;
  static constexpr bool has_scalef = true;
  static constexpr bool has_streaming_store = true;
  static constexpr std::size_t default_unroll = 4;

  static SIMDACT_INLINE __mmask16 first_lanes(std::size_t count) noexcept { return __mmask16((1u << count) - 1u); }
  /// Masked loads and stores never touch (or fault on) the lanes left out.
  static SIMDACT_INLINE vector load_partial(const float* p, std::size_t count) noexcept {
    return _mm512_maskz_loadu_ps(first_lanes(count), p);
  }
  static SIMDACT_INLINE void store_partial(float* p, vector v, std::size_t count) noexcept {
    _mm512_mask_storeu_ps(p, first_lanes(count), v);
  }
  static SIMDACT_INLINE void store_streaming(float* p, vector v) noexcept { _mm512_stream_ps(p, v); }
  static SIMDACT_INLINE void streaming_fence() noexcept { _mm_sfence(); }
  /// vrangeps, imm 0b1110: the operand of smaller magnitude, with its sign bit set (AVX-512DQ).
  static SIMDACT_INLINE vector negative_abs_clamped(vector a, vector lo) noexcept {
    return _mm512_range_ps(a, lo, 0b1110);
  }
  /// vfixupimmps maps each class of input (QNaN, SNaN, 0, 1, -inf, +inf, <0, >0) to a chosen
  /// response, one nibble per class, class 0 lowest: NaNs -> +0 (8), +-inf -> +-FLT_MAX (f, e),
  /// every other class -> a itself (1).
  static SIMDACT_INLINE vector clamp_to_finite(vector a) noexcept {
    return _mm512_fixupimm_ps(a, a, _mm512_set1_epi32(0x11ef1188), 0);
  }
  /// vpermps zmm uses the low 4 bits; the table is repeated in both 256-bit halves.
  static SIMDACT_INLINE vector lookup8(const float* table, vector index_bits) noexcept {
    const __m256 t = _mm256_loadu_ps(table);
    const __m512 t1 = _mm512_castps256_ps512(t);
    const __m512 t2 = _mm512_shuffle_f32x4(t1, t1, 0x44); // 128-bit lanes 0,1,0,1 (AVX-512F only)
    return _mm512_permutexvar_ps(_mm512_castps_si512(index_bits), t2);
  }
  static SIMDACT_INLINE vector scale_by_exp2(vector a, vector n) noexcept { return _mm512_scalef_ps(a, n); }
  static SIMDACT_INLINE mask greater_or_nan(vector a, vector b) noexcept {
    return _mm512_cmp_ps_mask(a, b, _CMP_NLE_UQ);
  }
  /// A zero-masking that the compiler folds into the instruction that produces v.
  static SIMDACT_INLINE vector keep_or_zero(mask keep, vector v) noexcept { return _mm512_maskz_mov_ps(keep, v); }
  static SIMDACT_INLINE vector add_where(mask add, vector a, vector b) noexcept {
    return _mm512_mask_add_ps(a, add, a, b);
  }
  /// vfixupimmps: response 1 ("the classified input") for its QNaN and SNaN classes, 0 ("keep v")
  /// for every other.
  static SIMDACT_INLINE vector select_nan(vector x, vector v) noexcept {
    return _mm512_fixupimm_ps(v, x, _mm512_set1_epi32(0x11), 0);
  }
  /// The zero-masked division leaves the other lanes undivided.
  static SIMDACT_INLINE vector divide_or_zero(mask keep, vector a, vector b) noexcept {
    return _mm512_maskz_div_ps(keep, a, b);
  }
  static SIMDACT_INLINE vector fmadd(vector a, vector b, vector c) noexcept { return _mm512_fmadd_ps(a, b, c); }
  static SIMDACT_INLINE vector fnmadd(vector a, vector b, vector c) noexcept { return _mm512_fnmadd_ps(a, b, c); }
  static SIMDACT_INLINE vector fmsub(vector a, vector b, vector c) noexcept { return _mm512_fmsub_ps(a, b, c); }
};

} // namespace kernels
} // namespace simdact
