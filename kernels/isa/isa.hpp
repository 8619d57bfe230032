// The primitives the kernels are written against, for every ISA: one front of free functions that
// forwards each call to the ISA's traits type, isa<Arch>, and groups of vectors that unroll a loop.
//
// Arch is an xsimd architecture (xsimd::sse2, xsimd::fma3<xsimd::avx2>, xsimd::avx512f,
// xsimd::neon64) or scalar_arch (one float, plain C++).  The kernels (kernels/ops/) are written once
// against the free functions below and the arithmetic operators, which both xsimd::batch<float, A>
// and float provide; where xsimd 8.1 does not give exactly what the error analysis needs, the ISA's
// traits type says how (kernels/isa/<isa>.hpp):
//  - fmadd, fnmadd, fmsub: a*b + c, c - a*b and a*b - c rounded once on every ISA that has an FMA
//    (xsimd 8.1 has no avx512f fma kernel: its fallback rounds twice, so the FMA paths would not
//    agree bit for bit), and rounded twice on the others;
//  - lookup8: an 8-entry table indexed by the low 3 bits of a float's bit pattern;
//  - scale_by_exp2 (AVX-512 only, has_scalef): a * 2^floor(n) in one instruction;
//  - divide: an IEEE division rounded once (xsimd's NEON division is a reciprocal estimate);
//  - greater_or_nan, keep_or_zero, add_where, select_nan, divide_or_zero, negative_abs_clamped,
//    with_sign_of, clamp_to_finite: compares and masked operations that some ISAs do in one instruction;
//  - negate: a sign flip (xsimd's unary minus on avx512f is 0 - a, wrong for +0 and a NaN);
//  - load_partial, store_partial: the first `count` lanes only, never touching the others;
//  - store_streaming (has_streaming_store), streaming_fence, prefetch.
// Each ISA also states its vector width (lanes), whether it has an FMA, and its default unroll.
#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>

#include <xsimd/xsimd.hpp>

#include "simdact/simdact.hpp"

#if defined(__GNUC__)
#define SIMDACT_INLINE inline __attribute__((always_inline))
#define SIMDACT_INLINE_LAMBDA __attribute__((always_inline))
#define SIMDACT_NOINLINE __attribute__((noinline))
#else
#define SIMDACT_INLINE inline
#define SIMDACT_INLINE_LAMBDA
#define SIMDACT_NOINLINE
#endif

namespace simdact {
namespace kernels {

/// The scalar fallback: one lane of plain C++ float arithmetic.
struct scalar_arch {};

/// An ISA's traits: its vector and mask types, properties and primitives.  Specialized in
/// kernels/isa/<isa>.hpp; a translation unit includes the one it compiles for.
template <class Arch> struct isa;

/// The vector type a kernel computes with on Arch.
template <class Arch> using vec = typename isa<Arch>::vector;

namespace detail {
template <class V> struct arch_of;
template <> struct arch_of<float> { using type = scalar_arch; };
template <class A> struct arch_of<xsimd::batch<float, A>> { using type = A; };
template <class V, class = void> struct is_vector : std::false_type {};
template <class V> struct is_vector<V, std::void_t<typename arch_of<V>::type>> : std::true_type {};
} // namespace detail

/// The traits of the ISA a vector type belongs to.
template <class V> using isa_of = isa<typename detail::arch_of<V>::type>;
/// Enables a front function for the vector types (float and xsimd batches), not for groups.
template <class V> using if_vector = std::enable_if_t<detail::is_vector<V>::value, int>;

// ---------------------------------------------------------------------------------------------
// The front: each primitive on one vector, through its ISA's traits.

// xsimd declares load, store, select, isnan, abs, min and max for every batch<T, A>: these take
// batch<float, A> itself, more specialized than xsimd's, so that ours are the ones overload
// resolution picks (and float, which xsimd does not take).
template <class A> using batch = xsimd::batch<float, A>;
template <class V> using if_float = std::enable_if_t<std::is_same_v<V, float>, int>;

template <class A> SIMDACT_INLINE batch<A> load(const float* p, batch<A>) noexcept { return isa<A>::load(p); }
template <class V, if_float<V> = 0> SIMDACT_INLINE V load(const float* p, V) noexcept { return isa_of<V>::load(p); }
template <class A> SIMDACT_INLINE void store(float* p, batch<A> v) noexcept { isa<A>::store(p, v); }
template <class V, if_float<V> = 0> SIMDACT_INLINE void store(float* p, V v) noexcept { isa_of<V>::store(p, v); }
template <class A> SIMDACT_INLINE batch<A> select(xsimd::batch_bool<float, A> m, batch<A> a, batch<A> b) noexcept {
  return isa<A>::select(m, a, b);
}
template <class V, if_float<V> = 0> SIMDACT_INLINE V select(bool m, V a, V b) noexcept {
  return isa_of<V>::select(m, a, b);
}
template <class A> SIMDACT_INLINE auto isnan(batch<A> a) noexcept { return isa<A>::isnan(a); }
template <class V, if_float<V> = 0> SIMDACT_INLINE bool isnan(V a) noexcept { return isa_of<V>::isnan(a); }
template <class A> SIMDACT_INLINE batch<A> abs(batch<A> a) noexcept { return isa<A>::abs(a); }
template <class V, if_float<V> = 0> SIMDACT_INLINE V abs(V a) noexcept { return isa_of<V>::abs(a); }
/// min and max as x86's minps and maxps define them: b when either is NaN, so max(constant, v)
/// keeps a NaN in v (NEON's vmaxq returns the NaN as well).
template <class A> SIMDACT_INLINE batch<A> min(batch<A> a, batch<A> b) noexcept { return isa<A>::min(a, b); }
template <class V, if_float<V> = 0> SIMDACT_INLINE V min(V a, V b) noexcept { return isa_of<V>::min(a, b); }
template <class A> SIMDACT_INLINE batch<A> max(batch<A> a, batch<A> b) noexcept { return isa<A>::max(a, b); }
template <class V, if_float<V> = 0> SIMDACT_INLINE V max(V a, V b) noexcept { return isa_of<V>::max(a, b); }

template <class V, if_vector<V> = 0> SIMDACT_INLINE V load_partial(const float* p, std::size_t count, V) noexcept {
  return isa_of<V>::load_partial(p, count);
}
template <class V, if_vector<V> = 0> SIMDACT_INLINE void store_partial(float* p, V v, std::size_t count) noexcept {
  isa_of<V>::store_partial(p, v, count);
}
/// Stores v at p, which is aligned to the vector's size, bypassing the caches where the ISA can.
template <class V, if_vector<V> = 0> SIMDACT_INLINE void store_streaming(float* p, V v) noexcept {
  isa_of<V>::store_streaming(p, v);
}
/// -|a|: the sign bit set.
template <class V, if_vector<V> = 0> SIMDACT_INLINE V negative_abs(V a) noexcept { return isa_of<V>::negative_abs(a); }
/// -a as a sign flip: -0 for +0, a NaN with its sign bit flipped.
template <class V, if_vector<V> = 0> SIMDACT_INLINE V negate(V a) noexcept { return isa_of<V>::negate(a); }
/// |magnitude| with the sign bit of s (copysign).
template <class V, if_vector<V> = 0> SIMDACT_INLINE V with_sign_of(V magnitude, V s) noexcept {
  return isa_of<V>::with_sign_of(magnitude, s);
}
/// max(lo, -|a|) for lo <= 0 (a NaN for a NaN a).
template <class V, if_vector<V> = 0> SIMDACT_INLINE V negative_abs_clamped(V a, V lo) noexcept {
  return isa_of<V>::negative_abs_clamped(a, lo);
}
/// a where it is finite, +-FLT_MAX where it is +-inf, and a finite stand-in for a NaN.
template <class V, if_vector<V> = 0> SIMDACT_INLINE V clamp_to_finite(V a) noexcept {
  return isa_of<V>::clamp_to_finite(a);
}
/// The float whose bits are bits(a) + (bits(b) << Shift) (integer addition, modulo 2^32).
template <int Shift, class V, if_vector<V> = 0> SIMDACT_INLINE V add_shifted_bits(V a, V b) noexcept {
  return isa_of<V>::template add_shifted_bits<Shift>(a, b);
}
/// table[bits(index_bits) & 7] per lane.
template <class V, if_vector<V> = 0> SIMDACT_INLINE V lookup8(const float* table, V index_bits) noexcept {
  return isa_of<V>::lookup8(table, index_bits);
}
/// a * 2^floor(n), exact while the result is normal (only where isa<Arch>::has_scalef).
template <class V, if_vector<V> = 0> SIMDACT_INLINE V scale_by_exp2(V a, V n) noexcept {
  return isa_of<V>::scale_by_exp2(a, n);
}
/// a / b rounded once (IEEE), on every path.
template <class V, if_vector<V> = 0> SIMDACT_INLINE V divide(V a, V b) noexcept { return isa_of<V>::divide(a, b); }
/// !(a <= b): true where a > b or either is NaN.
template <class V, if_vector<V> = 0> SIMDACT_INLINE auto greater_or_nan(V a, V b) noexcept {
  return isa_of<V>::greater_or_nan(a, b);
}
/// v in the lanes where keep is set, +0 in the others.
template <class V, class M, if_vector<V> = 0> SIMDACT_INLINE V keep_or_zero(M keep, V v) noexcept {
  return isa_of<V>::keep_or_zero(keep, v);
}
/// a + b in the lanes where add is set, a in the others; where the ISA needs two instructions,
/// a + (b or +0), which differs only for a = -0 in a lane where add is not set (+0 instead): the
/// kernels add the result to a nonzero value.
template <class V, class M, if_vector<V> = 0> SIMDACT_INLINE V add_where(M add, V a, V b) noexcept {
  return isa_of<V>::add_where(add, a, b);
}
/// x where x is a NaN (the same bits, a signaling NaN included), v elsewhere.
template <class V, if_vector<V> = 0> SIMDACT_INLINE V select_nan(V x, V v) noexcept {
  return isa_of<V>::select_nan(x, v);
}
/// a / b in the lanes where keep is set, +0 in the others (0 / b is +0 for every b the kernels
/// divide by where keep is not set, and no such division underflows).
template <class V, class M, if_vector<V> = 0> SIMDACT_INLINE V divide_or_zero(M keep, V a, V b) noexcept {
  return isa_of<V>::divide_or_zero(keep, a, b);
}
/// v, but hidden from constant folding where the ISA asks for it (see isa<avx2>::opaque).
template <class V, if_vector<V> = 0> SIMDACT_INLINE V opaque(V v) noexcept { return isa_of<V>::opaque(v); }
/// Whether any lane of a is below b's lane.
template <class V, if_vector<V> = 0> SIMDACT_INLINE bool any_less(V a, V b) noexcept {
  return isa_of<V>::any_less(a, b);
}
template <class V, if_vector<V> = 0> SIMDACT_INLINE V fmadd(V a, V b, V c) noexcept {
  return isa_of<V>::fmadd(a, b, c);
}
template <class V, if_vector<V> = 0> SIMDACT_INLINE V fnmadd(V a, V b, V c) noexcept {
  return isa_of<V>::fnmadd(a, b, c);
}
template <class V, if_vector<V> = 0> SIMDACT_INLINE V fmsub(V a, V b, V c) noexcept {
  return isa_of<V>::fmsub(a, b, c);
}

/// Asks for the cache line at p to be brought into every cache level (a hint: it never faults and
/// is not a read).
SIMDACT_INLINE void prefetch(const void* p) noexcept { __builtin_prefetch(p, 0, 3); }

// ---------------------------------------------------------------------------------------------
// Unrolled groups: U independent vectors computed operation by operation.
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

/// Floats per vector: a group counts its members' lanes.
template <class V> constexpr std::size_t lanes = isa_of<V>::lanes;
template <class V, std::size_t U> constexpr std::size_t lanes<group<V, U>> = U* lanes<V>;

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
/// r.m[i] = f(i) for i in 0..U-1.
template <class M, std::size_t U, class F> SIMDACT_INLINE mask_group<M, U> mask_wise(F&& f) noexcept {
  mask_group<M, U> r;
  detail::for_each_index([&](std::size_t i) SIMDACT_INLINE_LAMBDA { r.m[i] = f(i); }, std::make_index_sequence<U>{});
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
    return mask_wise<decltype(a.v[0] op b.v[0]), U>([&](std::size_t i)                                                 \
                                                        SIMDACT_INLINE_LAMBDA { return a.v[i] op b.v[i]; });           \
  }
SIMDACT_GROUP_COMPARISON(>)
SIMDACT_GROUP_COMPARISON(<)
SIMDACT_GROUP_COMPARISON(>=)
SIMDACT_GROUP_COMPARISON(<=)
SIMDACT_GROUP_COMPARISON(==)
#undef SIMDACT_GROUP_COMPARISON

template <class M, std::size_t U>
SIMDACT_INLINE mask_group<M, U> operator&&(const mask_group<M, U>& a, const mask_group<M, U>& b) noexcept {
  return mask_wise<M, U>([&](std::size_t i) SIMDACT_INLINE_LAMBDA { return a.m[i] && b.m[i]; });
}
template <class M, std::size_t U>
SIMDACT_INLINE mask_group<M, U> operator||(const mask_group<M, U>& a, const mask_group<M, U>& b) noexcept {
  return mask_wise<M, U>([&](std::size_t i) SIMDACT_INLINE_LAMBDA { return a.m[i] || b.m[i]; });
}

// Each primitive on a group: the same primitive on each member.
#define SIMDACT_GROUP_FUNCTION(name, params, args)                                                                     \
  template <class V, std::size_t U> SIMDACT_INLINE group<V, U> name params noexcept {                                  \
    return member_wise<group<V, U>, U>([&](std::size_t i) SIMDACT_INLINE_LAMBDA { return name args; });                \
  }
SIMDACT_GROUP_FUNCTION(abs, (const group<V, U>& a), (a.v[i]))
SIMDACT_GROUP_FUNCTION(negative_abs, (const group<V, U>& a), (a.v[i]))
SIMDACT_GROUP_FUNCTION(negate, (const group<V, U>& a), (a.v[i]))
SIMDACT_GROUP_FUNCTION(with_sign_of, (const group<V, U>& a, const group<V, U>& s), (a.v[i], s.v[i]))
SIMDACT_GROUP_FUNCTION(clamp_to_finite, (const group<V, U>& a), (a.v[i]))
SIMDACT_GROUP_FUNCTION(opaque, (const group<V, U>& a), (a.v[i]))
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

#define SIMDACT_GROUP_MASKED_FUNCTION(name, params, args)                                                              \
  template <class V, class M, std::size_t U> SIMDACT_INLINE group<V, U> name params noexcept {                         \
    return member_wise<group<V, U>, U>([&](std::size_t i) SIMDACT_INLINE_LAMBDA { return name args; });                \
  }
SIMDACT_GROUP_MASKED_FUNCTION(select, (const mask_group<M, U>& m, const group<V, U>& a, const group<V, U>& b),
                              (m.m[i], a.v[i], b.v[i]))
SIMDACT_GROUP_MASKED_FUNCTION(keep_or_zero, (const mask_group<M, U>& keep, const group<V, U>& a), (keep.m[i], a.v[i]))
SIMDACT_GROUP_MASKED_FUNCTION(add_where, (const mask_group<M, U>& add, const group<V, U>& a, const group<V, U>& b),
                              (add.m[i], a.v[i], b.v[i]))
SIMDACT_GROUP_MASKED_FUNCTION(divide_or_zero,
                              (const mask_group<M, U>& keep, const group<V, U>& a, const group<V, U>& b),
                              (keep.m[i], a.v[i], b.v[i]))
#undef SIMDACT_GROUP_MASKED_FUNCTION

template <class V, std::size_t U> SIMDACT_INLINE auto isnan(const group<V, U>& a) noexcept {
  return mask_wise<decltype(isnan(a.v[0])), U>([&](std::size_t i) SIMDACT_INLINE_LAMBDA { return isnan(a.v[i]); });
}
template <class V, std::size_t U>
SIMDACT_INLINE auto greater_or_nan(const group<V, U>& a, const group<V, U>& b) noexcept {
  return mask_wise<decltype(greater_or_nan(a.v[0], b.v[0])), U>(
      [&](std::size_t i) SIMDACT_INLINE_LAMBDA { return greater_or_nan(a.v[i], b.v[i]); });
}
template <int Shift, class V, std::size_t U>
SIMDACT_INLINE group<V, U> add_shifted_bits(const group<V, U>& a, const group<V, U>& b) noexcept {
  return member_wise<group<V, U>, U>([&](std::size_t i)
                                         SIMDACT_INLINE_LAMBDA { return add_shifted_bits<Shift>(a.v[i], b.v[i]); });
}
/// Over a group with the same b in every member: the members' minimum, then one comparison (fewer
/// operations than or-ing one comparison per member).  Each min keeps its second operand, the
/// running minimum, when a member's lane is NaN (x86's minps; see min above), so a NaN never hides
/// another member's low value; NEON's vminq would return the NaN, hence x86 only (NEON runs no groups).
template <class V, std::size_t U> SIMDACT_INLINE bool any_less(const group<V, U>& a, const group<V, U>& b) noexcept {
  static_assert(isa_of<V>::min_returns_second_operand_for_nan, "this ISA's min returns a NaN operand");
  V low = min(a.v[0], b.v[0]);
  for (std::size_t i = 1; i < U; ++i) low = min(a.v[i], low);
  return any_less(low, b.v[0]);
}
/// Whether mask m (of vectors V, or of a group of them) is set in some lane, and in every lane.
template <class V, class M> SIMDACT_INLINE bool any_lane(M m) noexcept {
  return any_less(keep_or_zero(m, V(-1.0f)), V(0.0f));
}
template <class V, class M> SIMDACT_INLINE bool every_lane(M m) noexcept {
  return !any_less(keep_or_zero(m, V(1.0f)) - V(1.0f), V(0.0f)); // -1 in the lanes not set
}
/// Loads and stores U consecutive vectors.
template <class V, std::size_t U> SIMDACT_INLINE group<V, U> load(const float* p, const group<V, U>&) noexcept {
  return member_wise<group<V, U>, U>([&](std::size_t i) SIMDACT_INLINE_LAMBDA { return load(p + i * lanes<V>, V()); });
}
template <class V, std::size_t U> SIMDACT_INLINE void store(float* p, const group<V, U>& g) noexcept {
  detail::for_each_index([&](std::size_t i) SIMDACT_INLINE_LAMBDA { store(p + i * lanes<V>, g.v[i]); },
                         std::make_index_sequence<U>{});
}
template <class V, std::size_t U> SIMDACT_INLINE void store_streaming(float* p, const group<V, U>& g) noexcept {
  detail::for_each_index([&](std::size_t i) SIMDACT_INLINE_LAMBDA { store_streaming(p + i * lanes<V>, g.v[i]); },
                         std::make_index_sequence<U>{});
}

} // namespace kernels
} // namespace simdact
