// The scalar kernels, compiled with baseline flags only (no SIMD types): the only place they are instantiated.
#include "../../kernels/isa/scalar.hpp"
#include "kernel_table.hpp"

const simdact::detail::kernel_table simdact::detail::scalar_kernels =
    simdact::kernels::kernel_table_for<simdact::kernels::scalar_arch>();
