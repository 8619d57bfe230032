// The C and C++ entry points: argument checks (one implementation for both), then one indirect
// call through the active kernel table.
#include <cstdint>
#include <limits>
#include <string>

#include "dispatch.hpp"
#include "simdact/simdact.h"
#include "simdact/simdact.hpp"

namespace simdact {
namespace detail {
namespace {

struct buffer {
  const void* data;
  const char* name;
  bool output;
};

/// Which argument is wrong, if any.  Nothing is checked for n == 0.
struct check_failure {
  simdact_status status = SIMDACT_OK;
  const char* argument = nullptr;
  const char* other = nullptr;
  bool output_pair = false; // an overlap of two outputs (any overlap of those is refused)
};

template <std::size_t N> check_failure check_buffers(const buffer (&buffers)[N], std::size_t n) noexcept {
  if (n == 0) return {};
  for (const buffer& b : buffers)
    if (b.data == nullptr) return {SIMDACT_NULL_POINTER, b.name};
  if (n > std::numeric_limits<std::size_t>::max() / sizeof(float)) return {SIMDACT_SIZE_TOO_LARGE, "n"};
  const std::uintptr_t bytes = n * sizeof(float);
  for (const buffer& b : buffers)
    if (reinterpret_cast<std::uintptr_t>(b.data) > std::numeric_limits<std::uintptr_t>::max() - bytes)
      return {SIMDACT_SIZE_TOO_LARGE, b.name};
  // An output may coincide exactly with an input (in place) but not with another output, and
  // must not overlap anything partially.
  for (std::size_t i = 0; i < N; ++i) {
    if (!buffers[i].output) continue;
    const auto out = reinterpret_cast<std::uintptr_t>(buffers[i].data);
    for (std::size_t j = 0; j < N; ++j) {
      if (j == i) continue;
      const auto other = reinterpret_cast<std::uintptr_t>(buffers[j].data);
      const bool intersect = out < other + bytes && other < out + bytes;
      const bool in_place = out == other && !buffers[j].output;
      if (intersect && !in_place) return {SIMDACT_OVERLAP, buffers[i].name, buffers[j].name, buffers[j].output};
    }
  }
  return {};
}

[[noreturn]] void throw_failure(const char* function, const check_failure& failure, std::size_t n) {
  std::string message = std::string("simdact::") + function + ": argument '" + failure.argument + "' ";
  switch (failure.status) {
  case SIMDACT_NULL_POINTER: message += "is a null pointer with n = " + std::to_string(n); break;
  case SIMDACT_OVERLAP:
    message +=
        std::string(failure.output_pair ? "overlaps the other output '" : "partially overlaps '") + failure.other + "'";
    break;
  default: message += std::string("is invalid: ") + simdact_status_string(failure.status); break;
  }
  throw std::invalid_argument(message);
}

} // namespace

[[noreturn]] void throw_size_mismatch(const char* function, const char* argument) {
  throw std::invalid_argument(std::string("simdact::") + function + ": argument '" + argument +
                              "' has a different size from the input");
}

} // namespace detail

using detail::active_kernels;
using detail::check_buffers;

void sigmoid(const float* x, float* y, std::size_t n) {
  if (auto f = check_buffers({{x, "x", false}, {y, "y", true}}, n); f.status) detail::throw_failure("sigmoid", f, n);
  if (n) active_kernels().sigmoid(x, y, n);
}

void sigmoid_fast(const float* x, float* y, std::size_t n) {
  if (auto f = check_buffers({{x, "x", false}, {y, "y", true}}, n); f.status)
    detail::throw_failure("sigmoid_fast", f, n);
  if (n) active_kernels().sigmoid_fast(x, y, n);
}

void sigmoid_derivative(const float* x, float* d, std::size_t n) {
  if (auto f = check_buffers({{x, "x", false}, {d, "d", true}}, n); f.status)
    detail::throw_failure("sigmoid_derivative", f, n);
  if (n) active_kernels().sigmoid_derivative(x, d, n);
}

void sigmoid_with_derivative(const float* x, float* y, float* d, std::size_t n) {
  if (auto f = check_buffers({{x, "x", false}, {y, "y", true}, {d, "d", true}}, n); f.status)
    detail::throw_failure("sigmoid_with_derivative", f, n);
  if (n) active_kernels().sigmoid_with_derivative(x, y, d, n);
}

void sigmoid_backward(const float* dy, const float* y, float* dx, std::size_t n) {
  if (auto f = check_buffers({{dy, "dy", false}, {y, "y", false}, {dx, "dx", true}}, n); f.status)
    detail::throw_failure("sigmoid_backward", f, n);
  if (n) active_kernels().sigmoid_backward(dy, y, dx, n);
}

isa active_isa() noexcept { return active_kernels().id; }

std::vector<isa> supported_isas() {
  const detail::kernel_table* tables[8];
  const std::size_t count = detail::supported_kernels(tables, 8);
  std::vector<isa> result;
  for (std::size_t i = 0; i < count; ++i) result.push_back(tables[i]->id);
  return result;
}

void set_isa(isa which) {
  const detail::kernel_table* table = nullptr;
  const simdact_status status = detail::find_kernels(which, &table);
  if (status == SIMDACT_UNSUPPORTED_ISA)
    throw unsupported_isa(std::string("simdact::set_isa: ISA '") + to_string(which) +
                          "' is not supported here (not built for this architecture, or this CPU lacks it)");
  if (status != SIMDACT_OK) throw std::invalid_argument("simdact::set_isa: argument 'which' is not a known ISA");
  detail::activate(*table);
}

void set_isa(std::string_view name) {
  const std::string name_z(name);
  const detail::kernel_table* table = nullptr;
  switch (detail::find_kernels(name_z.c_str(), &table)) {
  case SIMDACT_OK: detail::activate(*table); return;
  case SIMDACT_UNSUPPORTED_ISA:
    throw unsupported_isa("simdact::set_isa: ISA '" + name_z +
                          "' is not supported here (not built for this architecture, or this CPU lacks it)");
  default:
    throw std::invalid_argument("simdact::set_isa: argument 'name' (\"" + name_z +
                                "\") is not one of auto, scalar, sse2, avx2, avx512, neon");
  }
}

const char* to_string(isa which) noexcept {
  switch (which) {
  case isa::scalar: return "scalar";
  case isa::sse2: return "sse2";
  case isa::avx2: return "avx2";
  case isa::avx512: return "avx512";
  case isa::neon: return "neon";
  }
  return "unknown";
}

} // namespace simdact

using simdact::detail::check_buffers;

extern "C" {

simdact_status simdact_sigmoid_f32(const float* x, float* y, size_t n) {
  if (auto f = check_buffers({{x, "x", false}, {y, "y", true}}, n); f.status) return f.status;
  if (n) simdact::detail::active_kernels().sigmoid(x, y, n);
  return SIMDACT_OK;
}

simdact_status simdact_sigmoid_fast_f32(const float* x, float* y, size_t n) {
  if (auto f = check_buffers({{x, "x", false}, {y, "y", true}}, n); f.status) return f.status;
  if (n) simdact::detail::active_kernels().sigmoid_fast(x, y, n);
  return SIMDACT_OK;
}

simdact_status simdact_sigmoid_derivative_f32(const float* x, float* d, size_t n) {
  if (auto f = check_buffers({{x, "x", false}, {d, "d", true}}, n); f.status) return f.status;
  if (n) simdact::detail::active_kernels().sigmoid_derivative(x, d, n);
  return SIMDACT_OK;
}

simdact_status simdact_sigmoid_with_derivative_f32(const float* x, float* y, float* d, size_t n) {
  if (auto f = check_buffers({{x, "x", false}, {y, "y", true}, {d, "d", true}}, n); f.status) return f.status;
  if (n) simdact::detail::active_kernels().sigmoid_with_derivative(x, y, d, n);
  return SIMDACT_OK;
}

simdact_status simdact_sigmoid_backward_f32(const float* dy, const float* y, float* dx, size_t n) {
  if (auto f = check_buffers({{dy, "dy", false}, {y, "y", false}, {dx, "dx", true}}, n); f.status) return f.status;
  if (n) simdact::detail::active_kernels().sigmoid_backward(dy, y, dx, n);
  return SIMDACT_OK;
}

const char* simdact_active_isa(void) { return simdact::detail::active_kernels().name; }

simdact_status simdact_set_isa(const char* name) {
  const simdact::detail::kernel_table* table = nullptr;
  const simdact_status status = simdact::detail::find_kernels(name, &table);
  if (status == SIMDACT_OK) simdact::detail::activate(*table);
  return status;
}

int simdact_isa_supported(const char* name) {
  const simdact::detail::kernel_table* table = nullptr;
  return simdact::detail::find_kernels(name, &table) == SIMDACT_OK;
}

const char* simdact_status_string(simdact_status s) {
  switch (s) {
  case SIMDACT_OK: return "success";
  case SIMDACT_NULL_POINTER: return "null pointer";
  case SIMDACT_OVERLAP: return "an output partially overlaps an input, or overlaps the other output";
  case SIMDACT_UNKNOWN_ISA: return "unknown ISA name (expected auto, scalar, sse2, avx2, avx512 or neon)";
  case SIMDACT_UNSUPPORTED_ISA: return "ISA not supported by this build or this CPU";
  case SIMDACT_SIZE_TOO_LARGE: return "size too large: the buffer would wrap the address space";
  }
  return "unknown status";
}

const char* simdact_version(void) { return SIMDACT_VERSION_STRING; }

} // extern "C"
