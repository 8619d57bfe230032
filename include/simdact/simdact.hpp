// simdact C++17 API: the C API's kernels with exceptions instead of status codes.
//
// Errors: a null pointer with n > 0, overlapping buffers (as for the C API: only an output that is
// exactly its input may share memory with another buffer) or a size whose bytes overflow or wrap the
// address space (SIMDACT_SIZE_TOO_LARGE) throws std::invalid_argument whose message names the
// argument; an unknown ISA name throws std::invalid_argument; an ISA this build or CPU cannot run
// throws simdact::unsupported_isa (a std::runtime_error).
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string_view>
#include <vector>

#if __cplusplus >= 202002L && __has_include(<span>)
#include <span>
#define SIMDACT_HAS_SPAN 1
#endif

#include "simdact.h"

namespace simdact {

enum class isa { scalar, sse2, avx2, avx512, neon };

/// Thrown by set_isa for an ISA that this build or this CPU cannot run.
class unsupported_isa : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

void sigmoid(const float* x, float* y, std::size_t n);
/// The opt-in fast tier: <= 3 ulp instead of 1 (see simdact.h), otherwise the same contract.
void sigmoid_fast(const float* x, float* y, std::size_t n);
void sigmoid_derivative(const float* x, float* d, std::size_t n);
void sigmoid_with_derivative(const float* x, float* y, float* d, std::size_t n);
void sigmoid_backward(const float* dy, const float* y, float* dx, std::size_t n);

isa active_isa() noexcept;
/// The ISAs this build and CPU can run, best first ("auto" picks the first).
std::vector<isa> supported_isas();
void set_isa(isa which);
/// "auto" or a name from to_string(isa).
void set_isa(std::string_view name);
const char* to_string(isa which) noexcept;

#ifdef SIMDACT_HAS_SPAN
namespace detail {
[[noreturn]] void throw_size_mismatch(const char* function, const char* argument);
}

/// Span overloads (C++20): the sizes must match, else std::invalid_argument.
inline void sigmoid(std::span<const float> x, std::span<float> y) {
  if (y.size() != x.size()) detail::throw_size_mismatch("sigmoid", "y");
  sigmoid(x.data(), y.data(), x.size());
}
inline void sigmoid_fast(std::span<const float> x, std::span<float> y) {
  if (y.size() != x.size()) detail::throw_size_mismatch("sigmoid_fast", "y");
  sigmoid_fast(x.data(), y.data(), x.size());
}
inline void sigmoid_derivative(std::span<const float> x, std::span<float> d) {
  if (d.size() != x.size()) detail::throw_size_mismatch("sigmoid_derivative", "d");
  sigmoid_derivative(x.data(), d.data(), x.size());
}
inline void sigmoid_with_derivative(std::span<const float> x, std::span<float> y, std::span<float> d) {
  if (y.size() != x.size()) detail::throw_size_mismatch("sigmoid_with_derivative", "y");
  if (d.size() != x.size()) detail::throw_size_mismatch("sigmoid_with_derivative", "d");
  sigmoid_with_derivative(x.data(), y.data(), d.data(), x.size());
}
inline void sigmoid_backward(std::span<const float> dy, std::span<const float> y, std::span<float> dx) {
  if (y.size() != dy.size()) detail::throw_size_mismatch("sigmoid_backward", "y");
  if (dx.size() != dy.size()) detail::throw_size_mismatch("sigmoid_backward", "dx");
  sigmoid_backward(dy.data(), y.data(), dx.data(), dy.size());
}
#endif

} // namespace simdact
