// The loop driver: applies an op's vector function to every element of a call's buffers, with the
// unroll, the tail, streaming stores and prefetching, for any op and ISA.  Generic over the
// element type T in memory (float today); each element is loaded as a float lane and stored back.
// Why each choice: docs/design/loop.md; the measurements behind the numbers: bench/RESULTS.md,
// "Streaming stores", "Prefetching" and "Unroll".
#pragma once

#include <cstddef>
#include <cstdint>

#include "isa/isa.hpp"
#include "memory_thresholds.hpp"

namespace simdact {
namespace kernels {

/// The cache line: the unit a streaming store writes to memory (a streamed line is written whole
/// from the core's write-combining buffer, but a load from a line still held there flushes it
/// early, as a partial write), and the unit of prefetching.
constexpr std::size_t cache_line_bytes = 64;

/// How far ahead a call whose data outgrow the L2 prefetches each buffer, and the same for a call
/// that writes an output over an input.  Template arguments: as run-time values they made the fast
/// tier's loop slower, the same but for its layout (bench/RESULTS.md, "Prefetching").
constexpr std::size_t prefetch_distance_bytes = 8192;
constexpr std::size_t prefetch_distance_in_place_bytes = 2048;

/// Bytes of memory that a vector of V covers, for elements of type T.
template <class V, class T> constexpr std::size_t memory_bytes = lanes<V> * sizeof(T);

/// Whether a call with Out outputs streams them on Arch: where the ISA has streaming stores, for
/// one output, or for several where each vector is a whole cache line (so that one head aligns
/// every output that shares the first's offset within a line).
template <class Arch, class T, std::size_t Out>
constexpr bool streams_outputs = isa<Arch>::has_streaming_store &&
                                 (Out == 1 || memory_bytes<vec<Arch>, T> == cache_line_bytes);

/// Applies `body` to each whole Block (a vector, or a group of them) of [i, n); returns where it
/// stopped.  Streaming: the outputs at i are aligned to the Block's vectors.  Prefetching: blocks
/// of a cache line or more (every avx512 block, and groups elsewhere) prefetch their inputs, and
/// unless Streaming their outputs, Ahead elements ahead, while that stays inside the buffers.
template <bool Streaming, class Block, std::size_t Ahead, class T, std::size_t In, std::size_t Out, class Body>
SIMDACT_INLINE std::size_t for_each_block(const T* const (&in)[In], T* const (&out)[Out], std::size_t n, std::size_t i,
                                          bool prefetching, Body& body) noexcept {
  constexpr std::size_t step = lanes<Block>;
  constexpr std::size_t line_elements = cache_line_bytes / sizeof(T);
  // The blocks at i < prefetch_end: those whose block Ahead further on is inside the buffers.
  const std::size_t prefetch_end = prefetching && n >= Ahead + step ? n - (Ahead + step) + 1 : 0;
  Block x[In];
  Block y[Out];
  for (; i + step <= n; i += step) {
    if constexpr (step >= line_elements) {
      if (i < prefetch_end) {
        for (std::size_t k = 0; k < In; ++k)
          for (std::size_t line = 0; line < step; line += line_elements) prefetch(in[k] + i + Ahead + line);
        if constexpr (!Streaming) {
          for (std::size_t k = 0; k < Out; ++k)
            for (std::size_t line = 0; line < step; line += line_elements) prefetch(out[k] + i + Ahead + line);
        }
      }
    }
    for (std::size_t k = 0; k < In; ++k) x[k] = load(in[k] + i, Block());
    body(x, y);
    for (std::size_t k = 0; k < Out; ++k) {
      if constexpr (Streaming) {
        store_streaming(out[k] + i, y[k]);
      } else {
        store(out[k] + i, y[k]);
      }
    }
  }
  return i;
}

/// Applies `body` once to the `count` (fewer than a vector's) elements at i, as one vector whose
/// other lanes are zero (load_partial), so that nothing outside them is read or written.
template <class V, class T, std::size_t In, std::size_t Out, class Body>
SIMDACT_INLINE void for_partial_vector(const T* const (&in)[In], T* const (&out)[Out], std::size_t i, std::size_t count,
                                       Body& body) noexcept {
  V x[In];
  V y[Out];
  for (std::size_t k = 0; k < In; ++k) x[k] = load_partial(in[k] + i, count, V());
  body(x, y);
  for (std::size_t k = 0; k < Out; ++k) store_partial(out[k] + i, y[k], count);
}

/// Applies `body` to [i, n): groups of Unroll vectors, then the remaining full vectors one by
/// one, then the tail once as a zero-padded partial vector.  Streaming: the outputs at i are
/// aligned to the vector size.
template <bool Streaming, class V, std::size_t Unroll, std::size_t Ahead, class T, std::size_t In, std::size_t Out,
          class Body>
SIMDACT_INLINE void for_range(const T* const (&in)[In], T* const (&out)[Out], std::size_t n, std::size_t i,
                              bool prefetching, Body& body) noexcept {
  if constexpr (Unroll > 1) {
    i = for_each_block<Streaming, group<V, Unroll>, Ahead>(in, out, n, i, prefetching, body);
  }
  i = for_each_block<Streaming, V, Ahead>(in, out, n, i, prefetching, body);
  if constexpr (lanes<V> != 1) { // not the scalar path
    if (i < n) for_partial_vector<V>(in, out, i, n - i, body);
  }
}

/// The fewest vectors of V, at least `vectors`, that fill whole cache lines of T.
template <class V, class T> constexpr std::size_t whole_lines(std::size_t vectors) {
  constexpr std::size_t per_line = memory_bytes<V, T> >= cache_line_bytes ? 1 : cache_line_bytes / memory_bytes<V, T>;
  return (vectors + per_line - 1) / per_line * per_line;
}

/// for_range with normal stores, prefetching Ahead elements ahead in a call whose data outgrow the L2.
template <class Arch, std::size_t Unroll, std::size_t Ahead, class T, std::size_t In, std::size_t Out, class Body>
SIMDACT_INLINE void for_each_vector_cached(const T* const (&in)[In], T* const (&out)[Out], std::size_t n,
                                           bool outgrows_l2, Body& body) noexcept {
  using V = vec<Arch>;
  const bool prefetching = outgrows_l2 && n > Ahead;
  // Only blocks of whole lines prefetch (for_each_block): where the unroll is less than a line
  // (avx2's fast tier and fused kernel), a call that prefetches takes blocks of whole lines.
  if constexpr (isa<Arch>::has_streaming_store && whole_lines<V, T>(Unroll) != Unroll) {
    if (prefetching) {
      for_range<false, V, whole_lines<V, T>(Unroll), Ahead>(in, out, n, 0, prefetching, body);
      return;
    }
  }
  for_range<false, V, Unroll, Ahead>(in, out, n, 0, prefetching, body);
}

/// Applies `body` to every element of the n at in and out (see for_range), so every element runs
/// the same operations (the same bits wherever it sits) and nothing outside [p, p + n) is read or
/// written.  Inputs are loaded before outputs are stored, so an output may alias an input
/// exactly.  A call whose data take at least streaming_min_bytes, and whose outputs are not written
/// over an input, streams them (docs/design/loop.md): an unaligned head with normal stores, then
/// blocks of whole cache lines, then the last vectors (under one block) one at a time.
template <class Arch, std::size_t Unroll, class T, std::size_t In, std::size_t Out, class Body>
SIMDACT_INLINE void for_each_vector(const T* const (&in)[In], T* const (&out)[Out], std::size_t n, Body body) noexcept {
  using V = vec<Arch>;
  constexpr std::size_t ahead = prefetch_distance_bytes / sizeof(T);
  constexpr std::size_t ahead_in_place = prefetch_distance_in_place_bytes / sizeof(T);
  std::size_t in_place = 0; // outputs written over an input
  for (const T* input : in)
    for (const T* output : out) in_place += input == output;
  const std::size_t bytes = n * (In + Out - in_place) * sizeof(T);
  const memory_thresholds& limits = thresholds(); // one load a call
  const bool outgrows_l2 = bytes >= limits.prefetch_min_bytes;
  if constexpr (streams_outputs<Arch, T, Out>) {
    const std::size_t misalignment = reinterpret_cast<std::uintptr_t>(out[0]) % cache_line_bytes;
    bool aligned_alike = true;
    for (const T* output : out)
      aligned_alike &= reinterpret_cast<std::uintptr_t>(output) % cache_line_bytes == misalignment;
    const std::size_t head = (cache_line_bytes - misalignment) % cache_line_bytes / sizeof(T);
    if (in_place == 0 && aligned_alike && misalignment % sizeof(T) == 0 && n >= head &&
        bytes >= limits.streaming_min_bytes) {
      for_range<false, V, 1, 0>(in, out, head, 0, false, body);
      for_range<true, V, whole_lines<V, T>(Unroll), ahead>(in, out, n, head, outgrows_l2, body);
      isa<Arch>::streaming_fence();
      return;
    }
  }
  if (in_place != 0) {
    for_each_vector_cached<Arch, Unroll, ahead_in_place>(in, out, n, outgrows_l2, body);
  } else {
    for_each_vector_cached<Arch, Unroll, ahead>(in, out, n, outgrows_l2, body);
  }
}

} // namespace kernels
} // namespace simdact
