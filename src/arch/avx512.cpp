// The avx512 kernels: the only place they are instantiated.  Compiled with -mavx512f (AVX-512F is all the kernels use).
#include "../../kernels/sigmoid.hpp"

template struct simdact::kernels::activation_kernels<xsimd::avx512f>;
