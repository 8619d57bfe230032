// The scalar kernels: the only place they are instantiated.  Compiled with baseline flags only (no SIMD types).
#include "../../kernels/sigmoid.hpp"

template struct simdact::kernels::activation_kernels<simdact::kernels::scalar_arch>;
