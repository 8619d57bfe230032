// The one header shared by simdact's tests and fuzzer: the list of operations as they read it (from
// include/simdact/ops.def), each ISA's kernels without the global choice, the inputs each domain is
// tested on, the contract check, and float bit patterns.  The only test file that reaches into the
// library (src/dispatch.hpp, kernels/memory_thresholds.hpp); the tests use the public API and this.
// It needs no GoogleTest: a check returns what it found, in words, and a test asserts it is "".
#pragma once

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "../kernels/memory_thresholds.hpp"
#include "../src/dispatch.hpp"
#include "simdact/reference.h"
#include "simdact/simdact.hpp"

namespace simdact_test {

inline float from_bits(std::uint32_t u) {
  float f;
  std::memcpy(&f, &u, sizeof f);
  return f;
}
inline std::uint32_t to_bits(float f) {
  std::uint32_t u;
  std::memcpy(&u, &f, sizeof u);
  return u;
}

/// The float whose rank in value order is `ordinal`: 0 is -NaN (0xFFFFFFFF) ... -0, +0, ... +NaN.
inline float from_ordinal(std::uint32_t ordinal) {
  return from_bits(ordinal & 0x80000000u ? ordinal ^ 0x80000000u : ~ordinal);
}

// ---------------------------------------------------------------------------------------------
// The list of operations, as the tests read it.

/// What an input is tested on (ops.def, "domains").
enum class domain {
  any,         // every float: random mixes of [-20, 20], [-120, 120] and bit patterns; strided sweeps
  gradient,    // a gradient: any finite float, exponents from -60 to 60
  probability, // an activation's output: mostly in [0, 1] (near 1 and tiny ones too), some in [-3, 3]
  signed_unit  // an odd activation's output (tanh's): the same with a random sign, mostly in [-1, 1]
};
enum class nan_result { same, any };

struct output_range {
  float lo, hi;
};
/// The most monotone breaks over the float line, on the FMA paths and on the others, of a function
/// that is non-decreasing, or non-increasing below minimum_at and non-decreasing from it on; none
/// promised when default-constructed.
struct monotone_limit {
  int fma = -1, other = -1;
  float minimum_at = -INFINITY;
  monotone_limit() = default;
  monotone_limit(int on_fma_paths, int on_other_paths, float x_min = -INFINITY)
      : fma(on_fma_paths), other(on_other_paths), minimum_at(x_min) {}
  bool promised() const { return fma >= 0; }
  /// Whether y at x, after y_before at x_before (the previous input in value order), breaks it.
  bool breaks(float x_before, float y_before, float x, float y) const {
    if (x_before < minimum_at && x >= minimum_at) return false; // the turn
    return x < minimum_at ? y > y_before : y < y_before;
  }
};
struct digest_pair {
  std::uint64_t fma = 0, no_fma = 0;
  digest_pair(std::uint64_t on_fma_paths, std::uint64_t on_other_paths) : fma(on_fma_paths), no_fma(on_other_paths) {}
};
/// Inputs and the exact outputs they give (a NaN output: any NaN).
struct special_case {
  std::vector<float> in, out;
};
/// A reference function of one, two or three floats (include/simdact/reference.h).
struct reference_fn {
  double (*unary)(float) = nullptr;
  double (*binary)(float, float) = nullptr;
  double (*ternary)(float, float, float) = nullptr;
  reference_fn(double (*f)(float)) : unary(f) {}
  reference_fn(double (*f)(float, float)) : binary(f) {}
  reference_fn(double (*f)(float, float, float)) : ternary(f) {}
  double operator()(const float* in) const {
    return unary ? unary(in[0]) : binary ? binary(in[0], in[1]) : ternary(in[0], in[1], in[2]);
  }
};

/// One row of ops.def.
struct op_case {
  simdact_op id;
  const char* name;
  std::size_t inputs, outputs;
  std::vector<std::string> input_names, output_names;
  std::vector<domain> domains;
  std::vector<reference_fn> references;
  double max_ulp;
  std::vector<output_range> ranges;
  monotone_limit monotone;
  nan_result nan;
  std::vector<std::string> equals;
  std::vector<special_case> specials;
  digest_pair digest;

  /// A forward activation: every input may be any float (no gradient), so it can be swept over the
  /// float line.
  bool is_forward() const {
    for (domain d : domains)
      if (d != domain::any) return false;
    return true;
  }
  /// The input an exhaustive sweep runs over the float line, the others (if any) fixed: the first of
  /// a forward op's, the one after the gradient of a gradient op (silu_backward's x of (dy, x),
  /// swiglu_backward's a of (dy, a, b)); -1 for the others.
  int swept_input() const {
    if (is_forward()) return 0;
    return inputs >= 2 && domains[0] == domain::gradient && domains[1] == domain::any ? 1 : -1;
  }
};

inline const std::vector<op_case>& all_ops() {
#define SIMDACT_TEST_NAME(name) #name
#define SIMDACT_TEST_DOMAIN(name) domain::name
#define SIMDACT_OP(name, types, inputs, outputs, domains, references, max_ulp, ranges, monotone, nan, equals,          \
                   specials, digest)                                                                                   \
  {simdact_op_##name,                                                                                                  \
   #name,                                                                                                              \
   SIMDACT_PP_COUNT inputs,                                                                                            \
   SIMDACT_PP_COUNT outputs,                                                                                           \
   {SIMDACT_PP_MAP(SIMDACT_TEST_NAME, inputs)},                                                                        \
   {SIMDACT_PP_MAP(SIMDACT_TEST_NAME, outputs)},                                                                       \
   {SIMDACT_PP_MAP(SIMDACT_TEST_DOMAIN, domains)},                                                                     \
   {SIMDACT_PP_EXPAND references},                                                                                     \
   max_ulp,                                                                                                            \
   {SIMDACT_PP_EXPAND ranges},                                                                                         \
   monotone_limit monotone,                                                                                            \
   nan_result::nan,                                                                                                    \
   {SIMDACT_PP_EXPAND equals},                                                                                         \
   {SIMDACT_PP_EXPAND specials},                                                                                       \
   digest_pair digest},
  static const std::vector<op_case> ops = {
#include "simdact/ops.def"
  };
#undef SIMDACT_OP
#undef SIMDACT_TEST_NAME
#undef SIMDACT_TEST_DOMAIN
  return ops;
}

inline const op_case& op_named(const std::string& name) {
  for (const op_case& op : all_ops())
    if (name == op.name) return op;
  throw std::invalid_argument("no op named " + name);
}

/// The op an output equals bit for bit (ops.def, "equals"), and its inputs as indices into this
/// op's: the same inputs for an entry that is only a name, those named for one like "swiglu(a, dy)";
/// a minus sign flips the sign bit of an input ("softplus_backward(dy, -x)") or of the output
/// ("-softplus(-x)").
struct equal_op {
  const op_case* op = nullptr; // none: the output equals no op
  std::vector<std::size_t> inputs;
  std::vector<bool> negated; // per picked input
  bool negated_output = false;
  /// The equal op's inputs, picked from this op's (copies, a negated one with its signs flipped).
  std::vector<std::vector<float>> pick(const std::vector<std::vector<float>>& own) const {
    std::vector<std::vector<float>> picked;
    for (std::size_t j = 0; j < inputs.size(); ++j) {
      picked.push_back(own[inputs[j]]);
      if (negated[j])
        for (float& v : picked.back()) v = from_bits(to_bits(v) ^ 0x80000000u);
    }
    return picked;
  }
  /// The same for buffers of n floats: a negated input is flipped into scratch.
  std::vector<const float*> pick(const std::vector<const float*>& own, std::size_t n,
                                 std::vector<std::vector<float>>& scratch) const {
    std::vector<const float*> picked;
    scratch.resize(inputs.size());
    for (std::size_t j = 0; j < inputs.size(); ++j) {
      picked.push_back(own[inputs[j]]);
      if (!negated[j]) continue;
      scratch[j].resize(n);
      for (std::size_t i = 0; i < n; ++i) scratch[j][i] = from_bits(to_bits(own[inputs[j]][i]) ^ 0x80000000u);
      picked.back() = scratch[j].data();
    }
    return picked;
  }
  /// The bits this op's output must have where the equal op's output is y.
  std::uint32_t bits_of(float y) const { return to_bits(y) ^ (negated_output ? 0x80000000u : 0u); }
};
inline equal_op equal_of(const op_case& op, std::size_t output) {
  if (op.equals.empty() || op.equals[output].empty()) return {};
  const std::string& entry = op.equals[output];
  const bool negated_output = entry[0] == '-';
  const std::size_t begin = negated_output ? 1 : 0, open = entry.find('(');
  equal_op e{&op_named(entry.substr(begin, open == std::string::npos ? open : open - begin)), {}, {}, negated_output};
  if (open == std::string::npos) {
    for (std::size_t k = 0; k < op.inputs; ++k) e.inputs.push_back(k);
    e.negated.assign(op.inputs, false);
    return e;
  }
  std::string name;
  for (std::size_t i = open + 1; i < entry.size(); ++i) {
    if (entry[i] == ' ') continue;
    if (entry[i] != ',' && entry[i] != ')') {
      name += entry[i];
      continue;
    }
    const bool negated = name[0] == '-';
    if (negated) name.erase(0, 1);
    const auto k = std::find(op.input_names.begin(), op.input_names.end(), name);
    if (k == op.input_names.end()) throw std::invalid_argument(entry + ": " + op.name + " has no input " + name);
    e.inputs.push_back(std::size_t(k - op.input_names.begin()));
    e.negated.push_back(negated);
    name.clear();
  }
  return e;
}

// ---------------------------------------------------------------------------------------------
// Paths.

/// The kernels of one ISA, or nullptr if this build or CPU cannot run it.
inline const simdact::detail::kernel_table* kernels_for(simdact::isa which) {
  const simdact::detail::kernel_table* table = nullptr;
  return simdact::detail::find_kernels(which, &table) == SIMDACT_OK ? table : nullptr;
}

/// The FMA paths (avx2, avx512, neon) share their bits; sse2 and scalar theirs.
inline bool is_fma_path(simdact::isa i) {
  return i == simdact::isa::avx2 || i == simdact::isa::avx512 || i == simdact::isa::neon;
}
inline int monotone_breaks_allowed(const op_case& op, simdact::isa i) {
  return is_fma_path(i) ? op.monotone.fma : op.monotone.other;
}

/// An op's buffers: inputs then outputs, n floats each.
struct buffers {
  std::vector<std::vector<float>> in, out;
  std::vector<const float*> in_pointers() const {
    std::vector<const float*> p;
    for (const auto& v : in) p.push_back(v.data());
    return p;
  }
  std::vector<float*> out_pointers() {
    std::vector<float*> p;
    for (auto& v : out) p.push_back(v.data());
    return p;
  }
};

/// Runs op on one path's kernels (no argument checks: the arguments must be right).
inline void run_on(const simdact::detail::kernel_table& k, const op_case& op, const std::vector<const float*>& in,
                   const std::vector<float*>& out, std::size_t n) {
  if (n) k.run[op.id](in.data(), out.data(), n);
}
/// The op's outputs for these inputs on one path (nullptr: the active one, through the public API).
inline std::vector<std::vector<float>> outputs_of(const op_case& op, const std::vector<std::vector<float>>& inputs,
                                                  const simdact::detail::kernel_table* k = nullptr) {
  buffers b{inputs, std::vector<std::vector<float>>(op.outputs, std::vector<float>(inputs[0].size()))};
  const std::size_t n = inputs[0].size();
  if (k) {
    run_on(*k, op, b.in_pointers(), b.out_pointers(), n);
  } else {
    simdact::run(op.id, b.in_pointers().data(), b.out_pointers().data(), n);
  }
  return b.out;
}

/// An output's bits as a value to compare: with nan_result::any, every NaN as one (its payload and
/// sign follow the operand order the compiler chose, which can differ between paths and between an
/// unrolled group and a single vector).
inline std::uint32_t comparable_bits(const op_case& op, float f) {
  return op.nan == nan_result::any && f != f ? 0x7fc00000u : to_bits(f);
}

// ---------------------------------------------------------------------------------------------
// Inputs.

/// n random values of a domain.
inline std::vector<float> random_values(domain d, std::size_t n, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<float> x(n);
  std::uniform_real_distribution<float> narrow(-20.0f, 20.0f), wide(-120.0f, 120.0f), around(-3.0f, 3.0f),
      unit(0.0f, 1.0f);
  std::uniform_int_distribution<std::uint32_t> bits;
  std::uniform_int_distribution<int> exponent(-60, 60);
  for (std::size_t i = 0; i < n; ++i) {
    switch (d) {
    case domain::any:
      switch (i % 3) {
      case 0: x[i] = narrow(rng); break;
      case 1: x[i] = wide(rng); break;
      default: x[i] = from_bits(bits(rng)); break;
      }
      break;
    case domain::gradient: x[i] = std::ldexp(around(rng), exponent(rng)); break;
    case domain::probability:
    case domain::signed_unit:
      switch (i % 4) {
      case 0: x[i] = unit(rng); break;
      case 1: x[i] = 1.0f - std::ldexp(unit(rng), -exponent(rng) / 3 - 4); break;
      case 2: x[i] = std::ldexp(unit(rng), -std::abs(exponent(rng)) * 2); break;
      default: x[i] = around(rng); break;
      }
      if (d == domain::signed_unit && (bits(rng) & 1)) x[i] = -x[i];
      break;
    }
  }
  return x;
}

/// n random inputs for each of op's inputs.
inline std::vector<std::vector<float>> random_inputs(const op_case& op, std::size_t n, std::uint32_t seed) {
  std::vector<std::vector<float>> in;
  for (std::size_t k = 0; k < op.inputs; ++k) in.push_back(random_values(op.domains[k], n, seed + 1000 * k));
  return in;
}

/// Every stride-th bit pattern (all signs and exponents, NaNs included).
inline std::vector<float> strided_bit_patterns(std::uint32_t stride) {
  std::vector<float> x;
  for (std::uint64_t b = 0; b < (1ull << 32); b += stride) x.push_back(from_bits(std::uint32_t(b)));
  return x;
}

// ---------------------------------------------------------------------------------------------
// The contract.

/// Where element i breaks op's contract, in words, or "": each output within max_ulp of its
/// reference (a NaN exact result: a NaN; one that rounds to infinity: that infinity), in its
/// range, and a NaN input returned unchanged where the op promises it.
inline std::string contract_violation(const op_case& op, const std::vector<std::vector<float>>& in,
                                      const std::vector<std::vector<float>>& out, std::size_t i) {
  float args[8];
  bool nan_input = false;
  std::string call = std::string(op.name) + "(";
  for (std::size_t k = 0; k < op.inputs; ++k) {
    args[k] = in[k][i];
    nan_input |= std::isnan(args[k]);
    char text[64];
    std::snprintf(text, sizeof text, "%s%a", k ? ", " : "", double(args[k]));
    call += text;
  }
  call += ")";
  for (std::size_t o = 0; o < op.outputs; ++o) {
    const float got = out[o][i];
    const double exact = op.references[o](args);
    char text[256];
    std::snprintf(text, sizeof text, "%s, element %zu: output %s = %a, exact %a", call.c_str(), i,
                  op.output_names[o].c_str(), double(got), exact);
    if (nan_input && op.nan == nan_result::same && op.inputs == 1) {
      if (to_bits(got) != to_bits(args[0])) return text + std::string(": a NaN input comes back unchanged");
    } else if (std::isnan(exact)) {
      if (!std::isnan(got)) return text + std::string(": not a NaN");
    } else if (std::fabs(exact) >= 0x1.ffffffp127) { // rounds to infinity (FLT_MAX + half its ulp)
      if (got != float(exact)) return text + std::string(": not the exact result's infinity");
    } else if (!(simdact_ulp_error(got, exact) <= op.max_ulp)) {
      return text + (": " + std::to_string(simdact_ulp_error(got, exact)) + " ulp");
    } else if (!op.ranges.empty() && !(got >= op.ranges[o].lo && got <= op.ranges[o].hi)) {
      return text + std::string(": outside its range");
    }
  }
  return "";
}

/// The first element that breaks op's contract, in words, or "".
inline std::string first_contract_violation(const op_case& op, const std::vector<std::vector<float>>& in,
                                            const std::vector<std::vector<float>>& out) {
  for (std::size_t i = 0; i < in[0].size(); ++i)
    if (std::string v = contract_violation(op, in, out, i); !v.empty()) return v;
  return "";
}

// ---------------------------------------------------------------------------------------------
// The loop driver's thresholds, set for one scope (the tests stream and prefetch small calls).

class scoped_memory_thresholds {
public:
  explicit scoped_memory_thresholds(simdact::kernels::memory_thresholds set)
      : saved_(&simdact::kernels::thresholds()), set_(set) {
    simdact::kernels::memory_thresholds_read.store(&set_, std::memory_order_release);
  }
  ~scoped_memory_thresholds() { simdact::kernels::memory_thresholds_read.store(saved_, std::memory_order_release); }
  scoped_memory_thresholds(const scoped_memory_thresholds&) = delete;
  scoped_memory_thresholds& operator=(const scoped_memory_thresholds&) = delete;

private:
  const simdact::kernels::memory_thresholds* saved_;
  simdact::kernels::memory_thresholds set_;
};

/// Registers tests/test_ops.cpp's tests, <isa>/<op>.<Test> for every ISA this CPU runs and every
/// op, and fma_paths/<op>.BitIdentical (called by main before RUN_ALL_TESTS).
void register_op_tests();

} // namespace simdact_test
