// The avx512 kernels: the only place they are instantiated.  Compiled with -mavx512f -mavx512dq (AVX-512DQ for
// vrangeps).
#include "../../kernels/sigmoid.hpp"

template struct simdact::kernels::activation_kernels<xsimd::avx512f>;
