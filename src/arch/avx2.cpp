// The avx2 kernels: the only place they are instantiated.  Compiled with -mavx2 -mfma.
#include "../../kernels/sigmoid.hpp"

template struct simdact::kernels::activation_kernels<xsimd::fma3<xsimd::avx2>>;
