/* A child process for the SIMDACT_ISA tests: runs one kernel (which reads SIMDACT_ISA once) and
 * prints the ISA it ran on.  C, including only the public C header. */
#include <stdio.h>

#include "simdact/simdact.h"

int main(void) {
  float x[3] = {-1.0f, 0.0f, 1.0f}, y[3];
  if (simdact_sigmoid_f32(x, y, 3) != SIMDACT_OK) return 2;
  printf("%s\n", simdact_active_isa());
  return 0;
}
