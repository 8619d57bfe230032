// An ISA's kernel table, generated from the list of operations (include/simdact/ops.def): entry
// simdact_op_<name> runs kernels::ops::<name>.  Included by src/arch/<isa>.cpp alone, after that
// ISA's traits, so that each table's kernels are compiled with their ISA's flags only.
#pragma once

#include "../../kernels/ops.hpp"
#include "../dispatch.hpp"

namespace simdact {
namespace kernels {

template <class Arch> constexpr simdact::detail::kernel_table kernel_table_for() noexcept {
  return {isa<Arch>::id,
          isa<Arch>::name,
          {
#define SIMDACT_OP(name, types, inputs, outputs, ...)                                                                  \
  &run<ops::name, Arch, SIMDACT_PP_COUNT inputs, SIMDACT_PP_COUNT outputs>,
#include "simdact/ops.def"
#undef SIMDACT_OP
          }};
}

} // namespace kernels
} // namespace simdact
