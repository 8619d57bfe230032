// The sizes of a call's data (the distinct bytes it reads and writes) from which the loop driver
// (kernels/loop.hpp) prefetches and streams: read once per process (memory_thresholds.cpp beside
// this file), then one load per call.
#pragma once

#include <atomic>
#include <cstddef>

namespace simdact {
namespace kernels {

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
