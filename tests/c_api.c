/* The C API from C11, including only <simdact/simdact.h> and linked as
 *   cc -std=c11 c_api.c libsimdact.a -lstdc++ -lm
 * (tests/CMakeLists.txt builds it exactly so).  Calls every C function; bad input must fail. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <simdact/simdact.h>

static int failures = 0;
#define CHECK(cond)                                                                                                    \
  do {                                                                                                                 \
    if (!(cond)) {                                                                                                     \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);                                         \
      ++failures;                                                                                                      \
    }                                                                                                                  \
  } while (0)

int main(void) {
  float x[5] = {-2.0f, -0.5f, 0.0f, 0.5f, 2.0f}, y[5], d[5], y2[5], d2[5], dx[5], fast[5];
  const float dy[5] = {1.0f, 1.0f, 1.0f, 1.0f, 1.0f};
  CHECK(simdact_sigmoid_f32(x, y, 5) == SIMDACT_OK);
  CHECK(simdact_sigmoid_derivative_f32(x, d, 5) == SIMDACT_OK);
  CHECK(simdact_sigmoid_with_derivative_f32(x, y2, d2, 5) == SIMDACT_OK);
  CHECK(simdact_sigmoid_backward_f32(dy, y, dx, 5) == SIMDACT_OK);
  CHECK(simdact_sigmoid_fast_f32(x, fast, 5) == SIMDACT_OK);
  CHECK(fast[2] == 0.5f && fabsf(fast[4] - 0.880797078f) < 4e-7f);
  CHECK(simdact_sigmoid_fast_f32(x, NULL, 5) == SIMDACT_NULL_POINTER);
  CHECK(y[2] == 0.5f && d[2] == 0.25f);
  CHECK(fabsf(y[4] - 0.880797078f) < 1e-7f);
  CHECK(memcmp(y, y2, sizeof y) == 0 && memcmp(d, d2, sizeof d) == 0);
  CHECK(fabsf(dx[4] - y[4] * (1.0f - y[4])) < 1e-7f);

  CHECK(simdact_sigmoid_f32(NULL, y, 5) == SIMDACT_NULL_POINTER);
  CHECK(simdact_sigmoid_derivative_f32(x, NULL, 5) == SIMDACT_NULL_POINTER);
  CHECK(simdact_sigmoid_with_derivative_f32(x, y, y, 5) == SIMDACT_OVERLAP);
  CHECK(simdact_sigmoid_backward_f32(dy, y, NULL, 5) == SIMDACT_NULL_POINTER);
  CHECK(simdact_sigmoid_f32(x, x + 1, 3) == SIMDACT_OVERLAP);
  CHECK(simdact_set_isa("no-such-isa") == SIMDACT_UNKNOWN_ISA);
  CHECK(simdact_set_isa("scalar") == SIMDACT_OK);
  CHECK(strcmp(simdact_active_isa(), "scalar") == 0);
  CHECK(simdact_set_isa("auto") == SIMDACT_OK);
  CHECK(simdact_isa_supported("scalar") == 1);
  CHECK(strlen(simdact_status_string(SIMDACT_OVERLAP)) > 0);

  printf("C API on %s: %s\n", simdact_active_isa(), failures ? "FAILED" : "ok");
  return failures != 0;
}
