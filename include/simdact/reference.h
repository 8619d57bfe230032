/* simdact's reference: the exact functions in double precision, and the ulp distance the tests
 * and the benchmark report use.  Every accuracy figure simdact states is measured against these.
 * Double evaluation is within ~4 * 2^-53 relative of the true value (checked against MPFR in
 * tests/test_reference.cpp), i.e. about 1e-9 ulp of a float result. */
#ifndef SIMDACT_REFERENCE_H
#define SIMDACT_REFERENCE_H

#ifdef __cplusplus
extern "C" {
#endif

double simdact_reference_sigmoid(float x);
double simdact_reference_sigmoid_derivative(float x);
double simdact_reference_sigmoid_backward(float dy, float y);
double simdact_reference_silu(float x);                                  /* x * sigma(x); silu(-inf) = -0 */
double simdact_reference_swiglu(float a, float b);                       /* silu(a) * b */
double simdact_reference_silu_derivative(float x);                       /* silu'(x); silu'(-inf) = -0 */
double simdact_reference_silu_backward(float dy, float x);               /* dy * silu'(x) */
double simdact_reference_swiglu_backward_da(float dy, float a, float b); /* dy * b * silu'(a) */
double simdact_reference_swiglu_backward_db(float dy, float a, float b); /* dy * silu(a) */
double simdact_reference_tanh(float x);
double simdact_reference_tanh_derivative(float x);                /* 1 - tanh^2(x), from x */
double simdact_reference_tanh_backward(float dy, float y);        /* dy * (1 - y^2) */
double simdact_reference_softplus(float x);                       /* log(1 + e^x) */
double simdact_reference_log_sigmoid(float x);                    /* log(sigma(x)) = -softplus(-x) */
double simdact_reference_softplus_backward(float dy, float x);    /* dy * sigma(x) */
double simdact_reference_log_sigmoid_backward(float dy, float x); /* dy * sigma(-x) */
double simdact_reference_mish(float x);                           /* x * tanh(softplus(x)); mish(-inf) = -0 */
double simdact_reference_mish_backward(float dy, float x);        /* dy * mish'(x) */

/* |computed - exact| in units of the float ulp at `exact`: 2^(e - 23) for |exact| in [2^e, 2^(e+1))
 * with e >= -126, and 2^-149 below (subnormal range).  0 when both are NaN or equal infinities;
 * +inf when exactly one is NaN or an infinity differs. */
double simdact_ulp_error(float computed, double exact);

/* The float ulp at `exact`, as simdact_ulp_error measures it: 2^(e - 23) for |exact| in
 * [2^e, 2^(e+1)) with e >= -126, and 2^-149 below. */
double simdact_float_ulp(double exact);

#ifdef __cplusplus
}
#endif

#endif
