// The avx512 kernels, compiled with -mavx512f -mavx512dq: the only place they are instantiated.
#include "../../kernels/isa/avx512.hpp"
#include "kernel_table.hpp"

const simdact::detail::kernel_table simdact::detail::avx512_kernels =
    simdact::kernels::kernel_table_for<xsimd::avx512f>();
