// The memory bounds the kernels are measured against (not peers):
// - memcpy: the bytes a forward kernel moves with separate buffers (read n floats, write n);
//   also with the buffers one float past a cache line, for the misaligned rows;
// - read-write-pass: in place, one pass that reads each float of a buffer and writes it back, the
//   least any in-place kernel must do (memcpy cannot stand in: its output is a second buffer, twice
//   the footprint, and its stores read each line first).  It stores x + 0.0f, which the compiler
//   must keep (it turns -0 into +0), built for the widest vectors the CPU has (target_clones), as
//   glibc's memcpy picks its own, and prefetches as the kernels do.
#include <cstring>

#include "registry.hpp"

namespace {

#if defined(__x86_64__) && defined(__GNUC__)
__attribute__((target_clones("avx512f", "avx2", "default")))
#endif
__attribute__((noinline)) void
read_write_pass(float* p, std::size_t n) {
  // 64 bytes a step, each line prefetched 8 KiB ahead as the kernels do above the L2's size
  // (kernels/sigmoid.hpp): without it this pass ran slower in place than the fast tier does.
  // A GCC vector of one line: one zmm, two ymm or four xmm operations, as the clone's ISA has.
  typedef float line_of_floats __attribute__((vector_size(64)));
  constexpr std::size_t line = 16, ahead = 2048;
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

const bench::registrar copy{bench::unary("memcpy", bench::function::memcpy, [](std::size_t n) -> bench::unary_kernel {
  return [n](const float* x, float* y) { std::memcpy(y, x, n * sizeof(float)); };
})};

const bench::registrar pass{
    bench::unary("read-write-pass", bench::function::read_write_pass, [](std::size_t n) -> bench::unary_kernel {
      return [n](const float*, float* y) { read_write_pass(y, n); };
    })};

} // namespace
