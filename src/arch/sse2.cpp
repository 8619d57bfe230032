// The sse2 kernels: the only place they are instantiated.  Compiled with -msse2.
#include "../../kernels/sigmoid.hpp"

template struct simdact::kernels::activation_kernels<xsimd::sse2>;
