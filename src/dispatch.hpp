// The one place where an ISA is chosen.  Everything else calls through active_kernels().
#pragma once

#include <cstddef>

#include "simdact/simdact.h"
#include "simdact/simdact.hpp"

namespace simdact {
namespace detail {

/// One op on one ISA: its inputs and outputs as in the op's row of ops.def, n elements each,
/// arguments already checked.
using kernel = void (*)(const float* const* inputs, float* const* outputs, std::size_t n) noexcept;

/// One ISA's kernels, indexed by simdact_op.
struct kernel_table {
  isa id;
  const char* name;
  kernel run[SIMDACT_OP_COUNT];
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

// Each ISA's table, defined in src/arch/<isa>.cpp (compiled with that ISA's flags only) where the
// build has that ISA.
extern const kernel_table scalar_kernels, sse2_kernels, avx2_kernels, avx512_kernels, neon_kernels;

} // namespace detail
} // namespace simdact
