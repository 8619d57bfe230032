// The neon kernels, compiled with the aarch64 baseline flags (NEON is mandatory there): the only place they are
// instantiated.
#include "../../kernels/isa/neon.hpp"
#include "kernel_table.hpp"

const simdact::detail::kernel_table simdact::detail::neon_kernels = simdact::kernels::kernel_table_for<xsimd::neon64>();
