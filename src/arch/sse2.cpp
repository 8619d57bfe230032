// The sse2 kernels, compiled with -msse2: the only place they are instantiated.
#include "../../kernels/isa/sse2.hpp"
#include "kernel_table.hpp"

const simdact::detail::kernel_table simdact::detail::sse2_kernels = simdact::kernels::kernel_table_for<xsimd::sse2>();
