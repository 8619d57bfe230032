// The avx2 kernels, compiled with -mavx2 -mfma: the only place they are instantiated.
#include "../../kernels/isa/avx2.hpp"
#include "kernel_table.hpp"

const simdact::detail::kernel_table simdact::detail::avx2_kernels =
    simdact::kernels::kernel_table_for<xsimd::fma3<xsimd::avx2>>();
