/* Consumer test: a C program built with `cc main.c $(pkg-config --cflags --libs simdact)`. */
#include <simdact/simdact.h>
#include <stdio.h>

int main(void) {
  float x[2] = {0.0f, 100.0f}, y[2];
  int ok = simdact_sigmoid_f32(x, y, 2) == SIMDACT_OK && y[0] == 0.5f && y[1] == 1.0f &&
           simdact_sigmoid_f32(NULL, y, 2) == SIMDACT_NULL_POINTER;
  printf("simdact %s (C, pkg-config) on %s: %s\n", simdact_version(), simdact_active_isa(), ok ? "ok" : "FAILED");
  return !ok;
}
