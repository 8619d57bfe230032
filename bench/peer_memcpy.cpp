// The memory bounds the kernels are measured against (not peers):
// - memcpy: the bytes a forward kernel moves with separate buffers (read n floats, write n);
//   also with the buffers one float past a cache line, for the misaligned rows;
// - read-write-pass: in place, one pass that reads each float of a buffer and writes it back, the
//   least any in-place kernel must do (memcpy cannot stand in: its output is a second buffer, twice
//   the footprint, and its stores read each line first).  It stores x + 0.0f, which the compiler
//   must keep (it turns -0 into +0), built for the widest vectors the CPU has (target_clones), as
//   glibc's memcpy picks its own, and prefetches as the kernels do;
// - add-pass, add-pass-prefetch and add-pass-stream: the backward pass's buffers (read dy and y,
//   write dx), as dx = dy + y, the least any kernel over those three buffers must do, built as
//   read-write-pass: with normal stores and no software prefetching, prefetching both inputs 8 KiB
//   ahead, or with streaming stores (SSE2's 16-byte movntps, which every x86-64 CPU has; a whole
//   line is written by four of them in a row).  The report holds backward against the fastest of the three at
//   each size, since which one wins depends on the core and the size: on the Zen 4 the prefetching
//   pass ran 0.70-0.88x the plain one at 16Ki to 256Ki and 0.84-0.94x at 4Mi (both timed in one
//   process, medians of 15 repetitions, two rounds), where the Intel cores' kernels gain from
//   prefetching above the L2's size; and from the L3's size up the kernels stream, as memcpy does.
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <immintrin.h>
#endif

#include "registry.hpp"

namespace {

// Built for the widest vectors the CPU has, as glibc's memcpy picks its own.
#if defined(__x86_64__) && defined(__GNUC__)
#define SIMDACT_WIDEST_VECTORS __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define SIMDACT_WIDEST_VECTORS
#endif

// A GCC vector of one cache line: one zmm, two ymm or four xmm operations, as the clone's ISA has;
// its floats, and how far ahead the passes prefetch (8 KiB, as the kernels do above the L2's size).
typedef float line_of_floats __attribute__((vector_size(64)));
constexpr std::size_t line = 16, ahead = 2048;

SIMDACT_WIDEST_VECTORS __attribute__((noinline)) void read_write_pass(float* p, std::size_t n) {
  // A line a step, each prefetched ahead (kernels/sigmoid.hpp): without it this pass ran slower in
  // place than the fast tier does.
  std::size_t i = 0;
  for (; i + line <= n; i += line) {
    if (i + ahead < n) __builtin_prefetch(p + i + ahead);
    line_of_floats v;
    std::memcpy(&v, p + i, sizeof v);
    v += 0.0f;
    std::memcpy(p + i, &v, sizeof v);
  }
  for (; i < n; ++i) p[i] = p[i] + 0.0f;
}

enum class add_pass_kind { plain, prefetching, streaming };

// Inlined into each of the three functions below, and so built for each clone's ISA (GCC makes no
// clones of a function template's instances).
template <add_pass_kind Kind>
inline __attribute__((always_inline)) void add_pass(const float* a, const float* b, float* c, std::size_t n) {
  std::size_t i = 0;
#if defined(__SSE2__)
  if (Kind == add_pass_kind::streaming && reinterpret_cast<std::uintptr_t>(c) % 16 == 0) {
    for (; i + 4 <= n; i += 4) _mm_stream_ps(c + i, _mm_add_ps(_mm_loadu_ps(a + i), _mm_loadu_ps(b + i)));
    _mm_sfence();
  }
#endif
  // Four lines a step, as the kernels' loops take four vectors: with one line a step this pass ran
  // 0.94x simdact's backward at 16Ki on the Zen 4 (one filtered run), no bound.
  for (; i + 4 * line <= n; i += 4 * line) {
    line_of_floats u[4], v[4];
    for (std::size_t k = 0; k < 4; ++k) {
      if (Kind == add_pass_kind::prefetching && i + k * line + ahead < n) {
        __builtin_prefetch(a + i + k * line + ahead);
        __builtin_prefetch(b + i + k * line + ahead);
      }
      std::memcpy(&u[k], a + i + k * line, sizeof u[k]);
      std::memcpy(&v[k], b + i + k * line, sizeof v[k]);
    }
    for (std::size_t k = 0; k < 4; ++k) {
      u[k] += v[k];
      std::memcpy(c + i + k * line, &u[k], sizeof u[k]);
    }
  }
  for (; i < n; ++i) c[i] = a[i] + b[i];
}

SIMDACT_WIDEST_VECTORS __attribute__((noinline)) void add_pass_plain(const float* a, const float* b, float* c,
                                                                     std::size_t n) {
  add_pass<add_pass_kind::plain>(a, b, c, n);
}
SIMDACT_WIDEST_VECTORS __attribute__((noinline)) void add_pass_prefetching(const float* a, const float* b, float* c,
                                                                           std::size_t n) {
  add_pass<add_pass_kind::prefetching>(a, b, c, n);
}
SIMDACT_WIDEST_VECTORS __attribute__((noinline)) void add_pass_streaming(const float* a, const float* b, float* c,
                                                                         std::size_t n) {
  add_pass<add_pass_kind::streaming>(a, b, c, n);
}

bench::implementation add_pass_bound(const char* name, void (*pass)(const float*, const float*, float*, std::size_t)) {
  return bench::bound(bench::binary(name, name, [pass](std::size_t n) -> bench::binary_kernel {
    return [pass, n](const float* dy, const float* y, float* dx) { pass(dy, y, dx, n); };
  }));
}

const bench::registrar copy{bench::bound(bench::unary("memcpy", "memcpy", [](std::size_t n) -> bench::unary_kernel {
  return [n](const float* x, float* y) { std::memcpy(y, x, n * sizeof(float)); };
}))};

const bench::registrar pass{bench::bound(bench::unary("read-write-pass", "read-write-pass",
                                                      [](std::size_t n) -> bench::unary_kernel {
                                                        return [n](const float*, float* y) { read_write_pass(y, n); };
                                                      }),
                                         true)};

const bench::registrar add{add_pass_bound("add-pass", add_pass_plain)};
const bench::registrar add_prefetching{add_pass_bound("add-pass-prefetch", add_pass_prefetching)};
const bench::registrar add_streaming{add_pass_bound("add-pass-stream", add_pass_streaming)};

} // namespace
