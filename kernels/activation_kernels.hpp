// The kernel set, declared for every Arch.  Definitions are in sigmoid.hpp; each is instantiated
// exactly once, in src/arch/<isa>.cpp, compiled with that ISA's flags only.
#pragma once

#include <atomic>
#include <cstddef>

namespace simdact {
namespace kernels {

template <class Arch> struct activation_kernels {
  static void sigmoid(const float* x, float* y, std::size_t n) noexcept;
  static void sigmoid_fast(const float* x, float* y, std::size_t n) noexcept;
  static void sigmoid_derivative(const float* x, float* d, std::size_t n) noexcept;
  static void sigmoid_with_derivative(const float* x, float* y, float* d, std::size_t n) noexcept;
  static void sigmoid_backward(const float* dy, const float* y, float* dx, std::size_t n) noexcept;
};

/// Sizes of a call's data (the distinct bytes it reads and writes) from which its loop moves memory
/// differently (see "Prefetching" and "Streaming stores" in sigmoid.hpp): read once per process
/// (src/memory_thresholds.cpp), then one load per call, since every call asks.
struct memory_thresholds {
  std::size_t prefetch_min_bytes;  // the L2 cache's size, SIZE_MAX (never) on AMD, or SIMDACT_PREFETCH_MIN_BYTES
  std::size_t streaming_min_bytes; // the last-level cache's size, or SIMDACT_STREAMING_MIN_BYTES
};
extern std::atomic<const memory_thresholds*> memory_thresholds_read; // null until read
const memory_thresholds& read_memory_thresholds() noexcept;
inline const memory_thresholds& thresholds() noexcept {
  const memory_thresholds* read = memory_thresholds_read.load(std::memory_order_acquire);
  return read != nullptr ? *read : read_memory_thresholds();
}

} // namespace kernels
} // namespace simdact
