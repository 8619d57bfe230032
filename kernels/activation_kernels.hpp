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

/// From how many bytes of data a call streams its output (see "Streaming stores" in sigmoid.hpp):
/// read once (src/streaming_threshold.cpp), then one relaxed load per call, since every call asks.
constexpr std::size_t streaming_min_bytes_not_read = ~std::size_t(0);
extern std::atomic<std::size_t> streaming_min_bytes_read;
std::size_t read_streaming_min_bytes() noexcept;
inline std::size_t streaming_min_bytes() noexcept {
  const std::size_t bytes = streaming_min_bytes_read.load(std::memory_order_relaxed);
  return bytes != streaming_min_bytes_not_read ? bytes : read_streaming_min_bytes();
}

} // namespace kernels
} // namespace simdact
