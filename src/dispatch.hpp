// The one place where an ISA is chosen.  Everything else calls through active_kernels().
#pragma once

#include <cstddef>

#include "simdact/simdact.h"
#include "simdact/simdact.hpp"

namespace simdact {
namespace detail {

struct kernel_table {
  isa id;
  const char* name;
  void (*sigmoid)(const float*, float*, std::size_t) noexcept;
  void (*sigmoid_fast)(const float*, float*, std::size_t) noexcept;
  void (*sigmoid_derivative)(const float*, float*, std::size_t) noexcept;
  void (*sigmoid_with_derivative)(const float*, float*, float*, std::size_t) noexcept;
  void (*sigmoid_backward)(const float*, const float*, float*, std::size_t) noexcept;
};

/// The table in use; chosen on first use (SIMDACT_ISA or the best the CPU has).
const kernel_table& active_kernels() noexcept;

/// Looks a name up: SIMDACT_OK with *out set, SIMDACT_UNKNOWN_ISA or SIMDACT_UNSUPPORTED_ISA.
/// "auto" gives the best supported table.
simdact_status find_kernels(const char* name, const kernel_table** out) noexcept;
simdact_status find_kernels(isa which, const kernel_table** out) noexcept;

/// Makes `table` active for every later call, in every thread.
void activate(const kernel_table& table) noexcept;

/// Supported ISAs, best first.
std::size_t supported_kernels(const kernel_table** out, std::size_t capacity) noexcept;

} // namespace detail
} // namespace simdact
