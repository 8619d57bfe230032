// A check behind step 7 of the accurate tier's error analysis (docs/design/sigmoid.md): for x <= 0,
// t1 = m_hi - q0*2^25 is exact because q0*2^25 stays within [m_hi/2, m_hi] (Sterbenz).  Below
// m_hi = 2^24 (e < 1/2), q0*2^25 is about m_hi/(1+e) > 2/3 m_hi, far from the edge; from 2^24 to
// 2^25, where 1/(1+e) nears 1/2, every float m_hi goes through d_hi, r0 and q0 as the kernel
// computes them, and t1 is compared with the exact difference.
// Run from the root: g++ -O2 -std=c++17 -ffp-contract=off -Iinclude tools/sigmoid_residual_check.cpp -o /tmp/check
// && /tmp/check
#include <cmath>
#include <cstdio>

#include "../kernels/for_tools.hpp"

int main() {
  constexpr float scale = simdact::kernels::exp_pair_scaling_sigmoid::scale;
  long checked = 0, below_half = 0, inexact = 0;
  for (float m_hi = 0x1p24f; m_hi <= 0x1p25f; m_hi = std::nextafter(m_hi, 0x1p26f), ++checked) {
    const float d_hi = scale + m_hi;
    const float r0 = simdact::kernels::divide(1.0f, d_hi);
    const float q0 = m_hi * r0;
    const double exact = double(m_hi) - double(q0) * double(scale);
    below_half += double(q0) * double(scale) < double(m_hi) / 2;
    inexact += double(float(exact)) != exact;
  }
  std::printf("m_hi in [2^24, 2^25]: %ld checked, q0*2^25 below m_hi/2: %ld, t1 inexact: %ld\n", checked, below_half,
              inexact);
  return below_half || inexact;
}
