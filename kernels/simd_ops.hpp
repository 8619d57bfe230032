// The few primitives the kernels need beyond plain arithmetic, in one place, for every "Arch":
// an xsimd architecture (xsimd::sse2, xsimd::fma3<xsimd::avx2>, xsimd::avx512f, xsimd::neon64) or
// simdact's own scalar_arch (one float, plain C++, baseline flags).
//
// The kernels in sigmoid.hpp are written once against these and against the arithmetic operators,
// which both xsimd::batch<float, A> and float provide.  Where xsimd 8.1 does not give exactly what
// the error analysis needs, a per-ISA helper with intrinsics lives here:
//  - fmadd: a fused multiply-add rounded once on every ISA that has one.  xsimd 8.1 has no
//    avx512f fma kernel (its generic fallback is a*b+c, two roundings), so we cannot rely on
//    xsimd::fma if the FMA paths are to agree bit for bit.  fnmadd and fmsub (c - a*b, a*b - c)
//    likewise, so that a negated operand costs no instruction of its own.
//  - lookup8: an 8-entry table indexed by the low 3 bits of a float's bit pattern (vpermps on
//    AVX2/AVX-512, a per-lane load elsewhere).
//  - scale_by_exp2: vscalefps on AVX-512 (a * 2^floor(n) in one instruction).
//  - store_streaming: non-temporal stores on x86 (movntps).
//  - load_partial, store_partial: masked loads and stores for a partial vector on AVX-512 and AVX2.
//  - greater_or_nan, keep_or_zero, divide_or_zero: a compare that is true for NaN, and zeroing lanes by a
//    mask (an and, or on AVX-512 a zero mask on the instruction itself: vscalefps, vdivps).
// Paths without FMA (sse2, scalar) get the exact product error from Dekker's splitting instead.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>
#include <utility>

#include <xsimd/xsimd.hpp>

#if defined(__SSE2__)
#include <immintrin.h>
#endif

#if defined(__GNUC__)
#define SIMDACT_INLINE inline __attribute__((always_inline))
#define SIMDACT_INLINE_LAMBDA __attribute__((always_inline))
#else
#define SIMDACT_INLINE inline
#define SIMDACT_INLINE_LAMBDA
#endif

namespace simdact {
namespace kernels {

/// The scalar fallback: one lane of plain C++ float arithmetic.
struct scalar_arch {
  static constexpr const char* name() noexcept { return "scalar"; }
};

namespace detail {
template <class Arch> struct vector_of { using type = xsimd::batch<float, Arch>; };
template <> struct vector_of<scalar_arch> { using type = float; };
} // namespace detail

/// The vector type a kernel computes with on Arch.
template <class Arch> using vec = typename detail::vector_of<Arch>::type;

/// Whether Arch has a fused multiply-add rounded once (the FMA paths, bit-identical to each other).
template <class Arch>
constexpr bool has_fma = std::is_same_v<Arch, xsimd::fma3<xsimd::avx2>> || std::is_same_v<Arch, xsimd::avx512f> ||
                         std::is_same_v<Arch, xsimd::neon64>;

// ---------------------------------------------------------------------------------------------
// Scalar lane: the same operations on one float.

SIMDACT_INLINE float load(const float* p, float) noexcept { return *p; }
SIMDACT_INLINE void store(float* p, float v) noexcept { *p = v; }
SIMDACT_INLINE float select(bool m, float a, float b) noexcept { return m ? a : b; }
SIMDACT_INLINE float abs(float a) noexcept {
  std::uint32_t u;
  std::memcpy(&u, &a, sizeof u);
  u &= 0x7fffffffu;
  std::memcpy(&a, &u, sizeof u);
  return a;
}
// min/max as x86's minps/maxps define them: b when either is NaN.  So max(constant, v) keeps a
// NaN in v on every path (NEON's vmaxq returns the NaN as well).
SIMDACT_INLINE float min(float a, float b) noexcept { return a < b ? a : b; }
SIMDACT_INLINE float max(float a, float b) noexcept { return a > b ? a : b; }
/// -|a|: the sign bit set.
SIMDACT_INLINE float negative_abs(float a) noexcept {
  std::uint32_t u;
  std::memcpy(&u, &a, sizeof u);
  u |= 0x80000000u;
  std::memcpy(&a, &u, sizeof u);
  return a;
}
/// The float whose bits are bits(a) + (bits(b) << Shift) (integer addition, modulo 2^32).
template <int Shift> SIMDACT_INLINE float add_shifted_bits(float a, float b) noexcept {
  std::uint32_t ua, ub;
  std::memcpy(&ua, &a, sizeof ua);
  std::memcpy(&ub, &b, sizeof ub);
  ua += ub << Shift;
  std::memcpy(&a, &ua, sizeof ua);
  return a;
}
SIMDACT_INLINE bool isnan(float a) noexcept { return a != a; }
SIMDACT_INLINE float negative_abs_clamped(float a, float lo) noexcept { return max(lo, negative_abs(a)); }
SIMDACT_INLINE float lookup8(const float* table, float index_bits) noexcept {
  std::uint32_t u;
  std::memcpy(&u, &index_bits, sizeof u);
  return table[u & 7u];
}

// ---------------------------------------------------------------------------------------------
// xsimd batches.

template <class A> using batch = xsimd::batch<float, A>;

template <class A> SIMDACT_INLINE batch<A> load(const float* p, batch<A>) noexcept {
  return batch<A>::load_unaligned(p);
}
template <class A> SIMDACT_INLINE void store(float* p, batch<A> v) noexcept { v.store_unaligned(p); }
template <class A> SIMDACT_INLINE batch<A> select(xsimd::batch_bool<float, A> m, batch<A> a, batch<A> b) noexcept {
  return xsimd::select(m, a, b);
}
template <class A> SIMDACT_INLINE batch<A> abs(batch<A> a) noexcept { return xsimd::abs(a); }
template <class A> SIMDACT_INLINE batch<A> min(batch<A> a, batch<A> b) noexcept { return xsimd::min(a, b); }
template <class A> SIMDACT_INLINE batch<A> max(batch<A> a, batch<A> b) noexcept { return xsimd::max(a, b); }
// Not `a != a`: xsimd 8.1's AVX operator!= is the ordered compare (_CMP_NEQ_OQ), false for NaN.
template <class A> SIMDACT_INLINE xsimd::batch_bool<float, A> isnan(batch<A> a) noexcept { return xsimd::isnan(a); }
template <class A> SIMDACT_INLINE batch<A> negative_abs(batch<A> a) noexcept { return a | batch<A>(-0.0f); }
/// max(lo, -|a|) for lo <= 0 (a NaN for a NaN a): two instructions, or on AVX-512 with DQ one
/// vrangeps (imm 0b1110: the operand of smaller magnitude, with its sign bit set).
template <class A> SIMDACT_INLINE batch<A> negative_abs_clamped(batch<A> a, batch<A> lo) noexcept {
#if defined(__AVX512DQ__)
  if constexpr (std::is_same_v<A, xsimd::avx512f>) return _mm512_range_ps(a, lo, 0b1110);
#endif
  return xsimd::max(lo, negative_abs(a));
}
/// a where it is finite, +-FLT_MAX where it is +-inf, and a finite stand-in for a NaN (-FLT_MAX, or
/// +0 on AVX-512), in two instructions: x86's maxps returns its second operand for a NaN, and
/// NEON's maxNum form returns the number.  AVX-512 does it in one, vfixupimmps, which maps each
/// class of input (QNaN, SNaN, 0, 1, -inf, +inf, <0, >0) to a chosen response; one instruction of
/// ~11 in the backward pass's loop: +11-14% at 1Ki on the Ice Lake Xeon (same-build A/B).
template <class A> SIMDACT_INLINE batch<A> clamp_to_finite(batch<A> a) noexcept {
  const batch<A> largest(std::numeric_limits<float>::max());
#if defined(__aarch64__)
  if constexpr (std::is_same_v<A, xsimd::neon64>) return vminnmq_f32(vmaxnmq_f32(a, -largest), largest);
#endif
#if defined(__AVX512F__)
  // One response nibble per class, class 0 lowest: NaNs -> +0 (8), +-inf -> +-FLT_MAX (f, e),
  // every other class -> a itself (1).
  if constexpr (std::is_same_v<A, xsimd::avx512f>) return _mm512_fixupimm_ps(a, a, _mm512_set1_epi32(0x11ef1188), 0);
#endif
  return xsimd::min(xsimd::max(a, -largest), largest);
}
template <int Shift, class A> SIMDACT_INLINE batch<A> add_shifted_bits(batch<A> a, batch<A> b) noexcept {
  using ints = xsimd::batch<std::int32_t, A>;
  return xsimd::bitwise_cast<batch<A>>(xsimd::bitwise_cast<ints>(a) + (xsimd::bitwise_cast<ints>(b) << Shift));
}
/// table[bits(index_bits) & 7] per lane; the generic version goes through memory.
template <class A> SIMDACT_INLINE batch<A> lookup8(const float* table, batch<A> index_bits) noexcept {
  constexpr std::size_t n = batch<A>::size;
  alignas(64) std::uint32_t bits[n];
  alignas(64) float out[n];
  xsimd::bitwise_cast<xsimd::batch<std::uint32_t, A>>(index_bits).store_aligned(bits);
  for (std::size_t i = 0; i < n; ++i) out[i] = table[bits[i] & 7u];
  return batch<A>::load_aligned(out);
}

#if defined(__AVX2__) && defined(__FMA__)
SIMDACT_INLINE batch<xsimd::fma3<xsimd::avx2>> lookup8(const float* table,
                                                       batch<xsimd::fma3<xsimd::avx2>> index_bits) noexcept {
  // vpermps uses the low 3 bits of each index lane.
  return _mm256_permutevar8x32_ps(_mm256_loadu_ps(table), _mm256_castps_si256(index_bits));
}
#endif
#if defined(__AVX512F__)
SIMDACT_INLINE batch<xsimd::avx512f> lookup8(const float* table, batch<xsimd::avx512f> index_bits) noexcept {
  // vpermps zmm uses the low 4 bits; the table is repeated in both 256-bit halves.
  const __m256 t = _mm256_loadu_ps(table);
  const __m512 t1 = _mm512_castps256_ps512(t);
  const __m512 t2 = _mm512_shuffle_f32x4(t1, t1, 0x44); // 128-bit lanes 0,1,0,1 (AVX-512F only)
  return _mm512_permutexvar_ps(_mm512_castps_si512(index_bits), t2);
}
#endif

/// Whether Arch has scale_by_exp2 (AVX-512's vscalefps); the kernels use the integer-add route to
/// 2^k elsewhere (add_shifted_bits).
template <class Arch> constexpr bool has_scalef = std::is_same_v<Arch, xsimd::avx512f>;

#if defined(__AVX512F__)
/// a * 2^floor(n), exact while the result is normal (vscalefps: one instruction for what costs a
/// shift and an integer add otherwise).
SIMDACT_INLINE batch<xsimd::avx512f> scale_by_exp2(batch<xsimd::avx512f> a, batch<xsimd::avx512f> n) noexcept {
  return _mm512_scalef_ps(a, n);
}
#endif

/// a / b rounded once (IEEE), on every path.  Not `a / b` on batches: xsimd 8.1's float division on
/// NEON (also used for neon64) is a reciprocal estimate and two Newton steps, a few ulp off, which
/// broke the fast tier's bound on aarch64.
SIMDACT_INLINE float divide(float a, float b) noexcept { return a / b; }
template <class A> SIMDACT_INLINE batch<A> divide(batch<A> a, batch<A> b) noexcept {
#if defined(__aarch64__)
  if constexpr (std::is_same_v<A, xsimd::neon64>) return vdivq_f32(a, b);
#endif
  return a / b;
}

/// !(a <= b): true where a > b or either is NaN, in one compare where the ISA has that predicate.
SIMDACT_INLINE bool greater_or_nan(float a, float b) noexcept { return !(a <= b); }
template <class A> SIMDACT_INLINE xsimd::batch_bool<float, A> greater_or_nan(batch<A> a, batch<A> b) noexcept {
#if defined(__AVX512F__)
  if constexpr (std::is_same_v<A, xsimd::avx512f>) return _mm512_cmp_ps_mask(a, b, _CMP_NLE_UQ);
#endif
#if defined(__AVX__)
  if constexpr (std::is_same_v<A, xsimd::fma3<xsimd::avx2>>) return _mm256_cmp_ps(a, b, _CMP_NLE_UQ);
#endif
#if defined(__SSE2__)
  if constexpr (std::is_same_v<A, xsimd::sse2>) return _mm_cmpnle_ps(a, b);
#endif
  return !(a <= b);
}

/// v in the lanes where keep is set, +0 in the others: a bitwise and with the mask, or on AVX-512
/// a zero-masking that the compiler folds into the instruction that produces v.
SIMDACT_INLINE float keep_or_zero(bool keep, float v) noexcept { return keep ? v : 0.0f; }
template <class A> SIMDACT_INLINE batch<A> keep_or_zero(xsimd::batch_bool<float, A> keep, batch<A> v) noexcept {
#if defined(__AVX512F__)
  if constexpr (std::is_same_v<A, xsimd::avx512f>) return _mm512_maskz_mov_ps(keep, v);
#endif
#if defined(__AVX__)
  if constexpr (std::is_same_v<A, xsimd::fma3<xsimd::avx2>>) return _mm256_and_ps(keep, v);
#endif
#if defined(__SSE2__)
  if constexpr (std::is_same_v<A, xsimd::sse2>) return _mm_and_ps(keep, v);
#endif
#if defined(__aarch64__)
  if constexpr (std::is_same_v<A, xsimd::neon64>)
    return vreinterpretq_f32_u32(vandq_u32(keep, vreinterpretq_u32_f32(v)));
#endif
  return xsimd::select(keep, v, batch<A>(0.0f));
}

/// a + b in the lanes where add is set, a in the others (AVX-512: a merge-masked add, where a blend
/// and an add took two instructions).  Elsewhere a + (b or +0), which differs only for a = -0 in a
/// lane where add is not set (+0 instead): the kernels add the result to a nonzero value.
SIMDACT_INLINE float add_where(bool add, float a, float b) noexcept { return a + keep_or_zero(add, b); }
template <class A> SIMDACT_INLINE batch<A> add_where(xsimd::batch_bool<float, A> add, batch<A> a, batch<A> b) noexcept {
#if defined(__AVX512F__)
  if constexpr (std::is_same_v<A, xsimd::avx512f>) return _mm512_mask_add_ps(a, add, a, b);
#endif
  return a + keep_or_zero(add, b);
}

/// x where x is a NaN (the same bits, a signaling NaN included), v elsewhere: a compare and a blend,
/// or on AVX-512 one vfixupimmps (response 1, "the classified input", for its QNaN and SNaN classes,
/// 0, "keep v", for every other).
SIMDACT_INLINE float select_nan(float x, float v) noexcept { return isnan(x) ? x : v; }
template <class A> SIMDACT_INLINE batch<A> select_nan(batch<A> x, batch<A> v) noexcept {
#if defined(__AVX512F__)
  if constexpr (std::is_same_v<A, xsimd::avx512f>) return _mm512_fixupimm_ps(v, x, _mm512_set1_epi32(0x11), 0);
#endif
  return xsimd::select(xsimd::isnan(x), x, v);
}

/// a / b in the lanes where keep is set, +0 in the others: AVX-512's zero-masked division, which
/// leaves those lanes undivided; elsewhere a zeroed numerator (0 / b is +0 for every b the fast
/// tier divides by where keep is not set, and no such division underflows).
SIMDACT_INLINE float divide_or_zero(bool keep, float a, float b) noexcept { return keep_or_zero(keep, a) / b; }
template <class A>
SIMDACT_INLINE batch<A> divide_or_zero(xsimd::batch_bool<float, A> keep, batch<A> a, batch<A> b) noexcept {
#if defined(__AVX512F__)
  if constexpr (std::is_same_v<A, xsimd::avx512f>) return _mm512_maskz_div_ps(keep, a, b);
#endif
  return divide(keep_or_zero(keep, a), b);
}

// ---------------------------------------------------------------------------------------------
// Partial vectors (a call's tail, and the head of a streamed call): the first `count` floats at p,
// 0 < count < lanes.  Masked loads and stores on AVX-512 and AVX2, which never touch (or fault on)
// the masked-off lanes; a copy through a zeroed buffer elsewhere.  Either way the lanes above
// count are zero, so they compute sigma(0) and raise no floating-point exception.

#if defined(__AVX2__)
/// All ones in the lanes below count (vmaskmovps reads each lane's sign bit).
SIMDACT_INLINE __m256i first_lanes_avx2(std::size_t count) noexcept {
  return _mm256_cmpgt_epi32(_mm256_set1_epi32(int(count)), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}
#endif

template <class A> SIMDACT_INLINE batch<A> load_partial(const float* p, std::size_t count, batch<A>) noexcept {
#if defined(__AVX512F__)
  if constexpr (std::is_same_v<A, xsimd::avx512f>) return _mm512_maskz_loadu_ps(__mmask16((1u << count) - 1u), p);
#endif
#if defined(__AVX2__)
  if constexpr (std::is_same_v<A, xsimd::fma3<xsimd::avx2>>) return _mm256_maskload_ps(p, first_lanes_avx2(count));
#endif
  alignas(64) float buffer[batch<A>::size] = {};
  std::memcpy(buffer, p, count * sizeof(float));
  return batch<A>::load_aligned(buffer);
}

template <class A> SIMDACT_INLINE void store_partial(float* p, batch<A> v, std::size_t count) noexcept {
#if defined(__AVX512F__)
  if constexpr (std::is_same_v<A, xsimd::avx512f>) return _mm512_mask_storeu_ps(p, __mmask16((1u << count) - 1u), v);
#endif
#if defined(__AVX2__)
  if constexpr (std::is_same_v<A, xsimd::fma3<xsimd::avx2>>) return _mm256_maskstore_ps(p, first_lanes_avx2(count), v);
#endif
  alignas(64) float buffer[batch<A>::size];
  v.store_aligned(buffer);
  std::memcpy(p, buffer, count * sizeof(float));
}

// ---------------------------------------------------------------------------------------------
// Streaming (non-temporal) stores, for outputs too large to stay in the caches: the line is written
// without being read first (a normal store reads it: 12 bytes of traffic per element instead of 8)
// and without evicting the inputs.  x86 only (movntps); elsewhere a normal store.

/// Whether store_streaming bypasses the caches on Arch.
template <class Arch>
constexpr bool has_streaming_store =
    std::is_same_v<Arch, xsimd::sse2> || std::is_same_v<Arch, xsimd::fma3<xsimd::avx2>> ||
    std::is_same_v<Arch, xsimd::avx512f>;

/// Stores v at p, which is aligned to the vector's size.
template <class A> SIMDACT_INLINE void store_streaming(float* p, batch<A> v) noexcept {
#if defined(__AVX512F__)
  if constexpr (std::is_same_v<A, xsimd::avx512f>) return _mm512_stream_ps(p, v);
#endif
#if defined(__AVX2__)
  if constexpr (std::is_same_v<A, xsimd::fma3<xsimd::avx2>>) return _mm256_stream_ps(p, v);
#endif
#if defined(__SSE2__)
  if constexpr (std::is_same_v<A, xsimd::sse2>) return _mm_stream_ps(p, v);
#endif
  v.store_aligned(p);
}

/// Asks for the cache line at p to be brought into every cache level (a hint: it never faults and
/// is not a read; the kernels still only ask for lines of their own inputs).
SIMDACT_INLINE void prefetch(const float* p) noexcept { __builtin_prefetch(p, 0, 3); }

/// Orders the streaming stores before any later store (they are weakly ordered): a kernel that
/// streamed calls it before returning, so the caller and other threads see its output as usual.
SIMDACT_INLINE void streaming_fence() noexcept {
#if defined(__SSE2__)
  _mm_sfence();
#endif
}

// ---------------------------------------------------------------------------------------------
// Fused operations and exact products.

/// a*b + c, rounded once on the FMA paths, rounded twice (a*b, then +c) elsewhere.
template <class V> SIMDACT_INLINE V fmadd_generic(V a, V b, V c) noexcept { return a * b + c; }

SIMDACT_INLINE float fmadd(float a, float b, float c) noexcept { return fmadd_generic(a, b, c); }
template <class A> SIMDACT_INLINE batch<A> fmadd(batch<A> a, batch<A> b, batch<A> c) noexcept {
  if constexpr (std::is_same_v<A, xsimd::sse2>) {
    return fmadd_generic(a, b, c);
  } else {
    static_assert(has_fma<A>, "every SIMD path but sse2 has an FMA");
#if defined(__AVX512F__)
    if constexpr (std::is_same_v<A, xsimd::avx512f>) return _mm512_fmadd_ps(a, b, c);
#endif
#if defined(__AVX2__) && defined(__FMA__)
    if constexpr (std::is_same_v<A, xsimd::fma3<xsimd::avx2>>) return _mm256_fmadd_ps(a, b, c);
#endif
#if defined(__aarch64__)
    if constexpr (std::is_same_v<A, xsimd::neon64>) return vfmaq_f32(c, a, b);
#endif
  }
}

/// c - a*b and a*b - c, rounded as fmadd rounds.  Not fmadd(-a, b, c): xsimd's negation is 0 - a,
/// which the compiler must keep as its own instruction (it differs from -a at a = +0).
template <class V> SIMDACT_INLINE V fnmadd(V a, V b, V c) noexcept {
#if defined(__AVX512F__)
  if constexpr (std::is_same_v<V, batch<xsimd::avx512f>>) return _mm512_fnmadd_ps(a, b, c);
#endif
#if defined(__AVX2__) && defined(__FMA__)
  if constexpr (std::is_same_v<V, batch<xsimd::fma3<xsimd::avx2>>>) return _mm256_fnmadd_ps(a, b, c);
#endif
#if defined(__aarch64__)
  if constexpr (std::is_same_v<V, batch<xsimd::neon64>>) return vfmsq_f32(c, a, b);
#endif
  return c - a * b;
}
template <class V> SIMDACT_INLINE V fmsub(V a, V b, V c) noexcept {
#if defined(__AVX512F__)
  if constexpr (std::is_same_v<V, batch<xsimd::avx512f>>) return _mm512_fmsub_ps(a, b, c);
#endif
#if defined(__AVX2__) && defined(__FMA__)
  if constexpr (std::is_same_v<V, batch<xsimd::fma3<xsimd::avx2>>>) return _mm256_fmsub_ps(a, b, c);
#endif
#if defined(__aarch64__)
  if constexpr (std::is_same_v<V, batch<xsimd::neon64>>) return vnegq_f32(vfmsq_f32(c, a, b));
#endif
  return a * b - c;
}

/// Veltkamp's split of a into a_hi + a_lo, each with at most 12 significant bits, so that products
/// of halves are exact (Dekker 1971).  Valid for |a| < 2^115.
template <class V> SIMDACT_INLINE void split(V a, V& hi, V& lo) noexcept {
  const V c = a * V(4097.0f);
  hi = c - (c - a);
  lo = a - hi;
}

/// The exact rounding error a*b - p of the product p = RN(a*b): one FMA, or Dekker's TwoProduct.
template <class Arch, class V> SIMDACT_INLINE V product_error(V a, V b, V p) noexcept {
  if constexpr (has_fma<Arch>) {
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
  if constexpr (has_fma<Arch>) {
    return fnmadd(a, b, c);
  } else {
    const V p = a * b;
    return (c - p) - product_error<Arch>(a, b, p);
  }
}

// ---------------------------------------------------------------------------------------------
// Interleaved groups: U independent vectors computed operation by operation.
//
// The kernels are long dependency chains (the accurate sigmoid: ~75 cycles of latency for ~35
// operations per vector), longer than the out-of-order window can cover when one vector's chain
// follows the next in program order.  A group<V, U> is one "vector" to the kernel templates, and
// every operation on it is emitted for its U members one after the other, so the same kernel code
// becomes U interleaved chains.  Each member gets exactly the operations a lone V gets, so results
// are bit-identical to the ungrouped kernel.

template <class V, std::size_t U> struct group {
  V v[U];
  group() = default;
  explicit group(float c) noexcept {
    for (auto& member : v) member = V(c);
  }
};
template <class M, std::size_t U> struct mask_group { M m[U]; };

namespace detail {
template <class F, std::size_t... I> SIMDACT_INLINE void for_each_index(F&& f, std::index_sequence<I...>) noexcept {
  (f(I), ...);
}
} // namespace detail

/// r.v[i] = f(i) for i in 0..U-1, unrolled at compile time.
template <class R, std::size_t U, class F> SIMDACT_INLINE R member_wise(F&& f) noexcept {
  R r;
  detail::for_each_index([&](std::size_t i) SIMDACT_INLINE_LAMBDA { r.v[i] = f(i); }, std::make_index_sequence<U>{});
  return r;
}

#define SIMDACT_GROUP_BINARY_OPERATOR(op)                                                                              \
  template <class V, std::size_t U>                                                                                    \
  SIMDACT_INLINE group<V, U> operator op(const group<V, U>& a, const group<V, U>& b) noexcept {                        \
    return member_wise<group<V, U>, U>([&](std::size_t i) SIMDACT_INLINE_LAMBDA { return a.v[i] op b.v[i]; });         \
  }
SIMDACT_GROUP_BINARY_OPERATOR(+)
SIMDACT_GROUP_BINARY_OPERATOR(-)
SIMDACT_GROUP_BINARY_OPERATOR(*)
#undef SIMDACT_GROUP_BINARY_OPERATOR

template <class V, std::size_t U> SIMDACT_INLINE group<V, U> operator-(const group<V, U>& a) noexcept {
  return member_wise<group<V, U>, U>([&](std::size_t i) SIMDACT_INLINE_LAMBDA { return -a.v[i]; });
}

#define SIMDACT_GROUP_COMPARISON(op)                                                                                   \
  template <class V, std::size_t U>                                                                                    \
  SIMDACT_INLINE auto operator op(const group<V, U>& a, const group<V, U>& b) noexcept {                               \
    mask_group<decltype(a.v[0] op b.v[0]), U> r;                                                                       \
    detail::for_each_index([&](std::size_t i) SIMDACT_INLINE_LAMBDA { r.m[i] = a.v[i] op b.v[i]; },                    \
                           std::make_index_sequence<U>{});                                                             \
    return r;                                                                                                          \
  }
SIMDACT_GROUP_COMPARISON(>)
SIMDACT_GROUP_COMPARISON(<)
SIMDACT_GROUP_COMPARISON(>=)
SIMDACT_GROUP_COMPARISON(<=)
#undef SIMDACT_GROUP_COMPARISON

template <class M, std::size_t U>
SIMDACT_INLINE mask_group<M, U> operator&&(const mask_group<M, U>& a, const mask_group<M, U>& b) noexcept {
  mask_group<M, U> r;
  detail::for_each_index([&](std::size_t i) SIMDACT_INLINE_LAMBDA { r.m[i] = a.m[i] && b.m[i]; },
                         std::make_index_sequence<U>{});
  return r;
}
template <class V, class M, std::size_t U>
SIMDACT_INLINE group<V, U> select(const mask_group<M, U>& m, const group<V, U>& a, const group<V, U>& b) noexcept {
  return member_wise<group<V, U>, U>([&](std::size_t i)
                                         SIMDACT_INLINE_LAMBDA { return select(m.m[i], a.v[i], b.v[i]); });
}
template <class V, std::size_t U> SIMDACT_INLINE auto isnan(const group<V, U>& a) noexcept {
  mask_group<decltype(isnan(a.v[0])), U> r;
  detail::for_each_index([&](std::size_t i) SIMDACT_INLINE_LAMBDA { r.m[i] = isnan(a.v[i]); },
                         std::make_index_sequence<U>{});
  return r;
}

#define SIMDACT_GROUP_FUNCTION(name, params, args)                                                                     \
  template <class V, std::size_t U> SIMDACT_INLINE group<V, U> name params noexcept {                                  \
    return member_wise<group<V, U>, U>([&](std::size_t i) SIMDACT_INLINE_LAMBDA { return name args; });                \
  }
SIMDACT_GROUP_FUNCTION(abs, (const group<V, U>& a), (a.v[i]))
SIMDACT_GROUP_FUNCTION(negative_abs, (const group<V, U>& a), (a.v[i]))
SIMDACT_GROUP_FUNCTION(clamp_to_finite, (const group<V, U>& a), (a.v[i]))
SIMDACT_GROUP_FUNCTION(negative_abs_clamped, (const group<V, U>& a, const group<V, U>& lo), (a.v[i], lo.v[i]))
SIMDACT_GROUP_FUNCTION(select_nan, (const group<V, U>& x, const group<V, U>& v), (x.v[i], v.v[i]))
SIMDACT_GROUP_FUNCTION(min, (const group<V, U>& a, const group<V, U>& b), (a.v[i], b.v[i]))
SIMDACT_GROUP_FUNCTION(max, (const group<V, U>& a, const group<V, U>& b), (a.v[i], b.v[i]))
SIMDACT_GROUP_FUNCTION(divide, (const group<V, U>& a, const group<V, U>& b), (a.v[i], b.v[i]))
SIMDACT_GROUP_FUNCTION(lookup8, (const float* table, const group<V, U>& a), (table, a.v[i]))
SIMDACT_GROUP_FUNCTION(scale_by_exp2, (const group<V, U>& a, const group<V, U>& b), (a.v[i], b.v[i]))
SIMDACT_GROUP_FUNCTION(fmadd, (const group<V, U>& a, const group<V, U>& b, const group<V, U>& c),
                       (a.v[i], b.v[i], c.v[i]))
SIMDACT_GROUP_FUNCTION(fnmadd, (const group<V, U>& a, const group<V, U>& b, const group<V, U>& c),
                       (a.v[i], b.v[i], c.v[i]))
SIMDACT_GROUP_FUNCTION(fmsub, (const group<V, U>& a, const group<V, U>& b, const group<V, U>& c),
                       (a.v[i], b.v[i], c.v[i]))
#undef SIMDACT_GROUP_FUNCTION

template <class V, std::size_t U>
SIMDACT_INLINE auto greater_or_nan(const group<V, U>& a, const group<V, U>& b) noexcept {
  mask_group<decltype(greater_or_nan(a.v[0], b.v[0])), U> r;
  detail::for_each_index([&](std::size_t i) SIMDACT_INLINE_LAMBDA { r.m[i] = greater_or_nan(a.v[i], b.v[i]); },
                         std::make_index_sequence<U>{});
  return r;
}
template <class V, class M, std::size_t U>
SIMDACT_INLINE group<V, U> keep_or_zero(const mask_group<M, U>& keep, const group<V, U>& a) noexcept {
  return member_wise<group<V, U>, U>([&](std::size_t i)
                                         SIMDACT_INLINE_LAMBDA { return keep_or_zero(keep.m[i], a.v[i]); });
}
template <class V, class M, std::size_t U>
SIMDACT_INLINE group<V, U> add_where(const mask_group<M, U>& add, const group<V, U>& a, const group<V, U>& b) noexcept {
  return member_wise<group<V, U>, U>([&](std::size_t i)
                                         SIMDACT_INLINE_LAMBDA { return add_where(add.m[i], a.v[i], b.v[i]); });
}
template <class V, class M, std::size_t U>
SIMDACT_INLINE group<V, U> divide_or_zero(const mask_group<M, U>& keep, const group<V, U>& a,
                                          const group<V, U>& b) noexcept {
  return member_wise<group<V, U>, U>([&](std::size_t i)
                                         SIMDACT_INLINE_LAMBDA { return divide_or_zero(keep.m[i], a.v[i], b.v[i]); });
}
template <int Shift, class V, std::size_t U>
SIMDACT_INLINE group<V, U> add_shifted_bits(const group<V, U>& a, const group<V, U>& b) noexcept {
  return member_wise<group<V, U>, U>([&](std::size_t i)
                                         SIMDACT_INLINE_LAMBDA { return add_shifted_bits<Shift>(a.v[i], b.v[i]); });
}
/// Whether any lane of a is below b's lane.
template <class A> SIMDACT_INLINE bool any_less(batch<A> a, batch<A> b) noexcept { return xsimd::any(a < b); }
SIMDACT_INLINE bool any_less(float a, float b) noexcept { return a < b; }
/// Over a group with the same b in every member: the members' minimum, then one comparison (at 1Ki
/// 3-10% faster than or-ing one comparison per member).  Each min keeps its second operand, the
/// running minimum, when a member's lane is NaN (x86's minps; see min above), so a NaN never hides
/// another member's low value; NEON's vminq would return the NaN, hence x86 only (NEON runs no groups).
template <class V, std::size_t U> SIMDACT_INLINE bool any_less(const group<V, U>& a, const group<V, U>& b) noexcept {
  static_assert(!std::is_same_v<V, batch<xsimd::neon64>>, "NEON's min returns a NaN operand");
  V low = min(a.v[0], b.v[0]);
  for (std::size_t i = 1; i < U; ++i) low = min(a.v[i], low);
  return any_less(low, b.v[0]);
}
/// Loads and stores U consecutive vectors.
template <class V, std::size_t U> SIMDACT_INLINE group<V, U> load(const float* p, const group<V, U>&) noexcept {
  return member_wise<group<V, U>, U>(
      [&](std::size_t i) SIMDACT_INLINE_LAMBDA { return load(p + i * (sizeof(V) / sizeof(float)), V()); });
}
template <class V, std::size_t U> SIMDACT_INLINE void store(float* p, const group<V, U>& g) noexcept {
  detail::for_each_index([&](std::size_t i)
                             SIMDACT_INLINE_LAMBDA { store(p + i * (sizeof(V) / sizeof(float)), g.v[i]); },
                         std::make_index_sequence<U>{});
}
template <class V, std::size_t U> SIMDACT_INLINE void store_streaming(float* p, const group<V, U>& g) noexcept {
  detail::for_each_index([&](std::size_t i)
                             SIMDACT_INLINE_LAMBDA { store_streaming(p + i * (sizeof(V) / sizeof(float)), g.v[i]); },
                         std::make_index_sequence<U>{});
}

} // namespace kernels
} // namespace simdact
