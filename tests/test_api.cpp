// The API's contract beyond the math, for every op of the list through its named C and C++ entry
// points and the generic one: error codes (outputs untouched), C++ exceptions naming the argument,
// the span overloads; and ISA selection by name, by enum and by SIMDACT_ISA in a child process.
#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <span>
#include <sstream>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace {

using namespace simdact_test;

constexpr float sentinel = -7.0f;

/// f(in[0], ..., in[In - 1], out[0], ..., out[Out - 1], n).
template <std::size_t In, std::size_t Out, class F, class Input, class Output, std::size_t... I, std::size_t... O>
auto call_indexed(F f, const Input* in, const Output* out, std::size_t n, std::index_sequence<I...>,
                  std::index_sequence<O...>) {
  return f(in[I]..., out[O]..., n);
}
template <std::size_t In, std::size_t Out, class F, class Input, class Output>
auto call_named(F f, const Input* in, const Output* out, std::size_t n) {
  return call_indexed<In, Out>(f, in, out, n, std::make_index_sequence<In>{}, std::make_index_sequence<Out>{});
}
template <std::size_t In, std::size_t Out, class F, std::size_t... I, std::size_t... O>
void call_spans_indexed(F f, const std::vector<std::span<const float>>& in, const std::vector<std::span<float>>& out,
                        std::index_sequence<I...>, std::index_sequence<O...>) {
  f(in[I]..., out[O]...);
}

/// Each op's named entry points, called with its buffers as arrays (in the order of its row).
struct named_entries {
  simdact_status (*c)(const float* const* in, float* const* out, std::size_t n);
  void (*cpp)(const float* const* in, float* const* out, std::size_t n);
  void (*cpp_spans)(const std::vector<std::span<const float>>& in, const std::vector<std::span<float>>& out);
};
const named_entries entries[] = {
#define SIMDACT_OP(name, types, inputs, outputs, ...)                                                                  \
  {[](const float* const* in, float* const* out, std::size_t n) {                                                      \
     return call_named<SIMDACT_PP_COUNT inputs, SIMDACT_PP_COUNT outputs>(                                             \
         [](auto... a) { return simdact_##name##_f32(a...); }, in, out, n);                                            \
   },                                                                                                                  \
   [](const float* const* in, float* const* out, std::size_t n) {                                                      \
     call_named<SIMDACT_PP_COUNT inputs, SIMDACT_PP_COUNT outputs>([](auto... a) { simdact::name(a...); }, in, out,    \
                                                                   n);                                                 \
   },                                                                                                                  \
   [](const std::vector<std::span<const float>>& in, const std::vector<std::span<float>>& out) {                       \
     call_spans_indexed<SIMDACT_PP_COUNT inputs, SIMDACT_PP_COUNT outputs>(                                            \
         [](auto... a) { simdact::name(a...); }, in, out, std::make_index_sequence<SIMDACT_PP_COUNT inputs>{},         \
         std::make_index_sequence<SIMDACT_PP_COUNT outputs>{});                                                        \
   }},
#include "simdact/ops.def"
#undef SIMDACT_OP
};

/// One call's buffers, 64 floats each, one after the other in one region (with 64 floats of
/// room on either side), so that tests can point a buffer into another: the inputs at 0.25, the
/// outputs filled with the sentinel.
struct call_buffers {
  std::vector<float> region;
  std::vector<const float*> in;
  std::vector<float*> out;
  explicit call_buffers(const op_case& op) : region(64 * (op.inputs + op.outputs + 2), sentinel) {
    for (std::size_t k = 0; k < op.inputs; ++k) {
      std::fill(region.begin() + 64 * (k + 1), region.begin() + 64 * (k + 2), 0.25f);
      in.push_back(region.data() + 64 * (k + 1));
    }
    for (std::size_t o = 0; o < op.outputs; ++o) out.push_back(region.data() + 64 * (op.inputs + o + 1));
  }
  /// The outputs' storage, and the room around the buffers, still hold only the sentinel.
  bool outputs_untouched(const op_case& op) const {
    return std::all_of(region.begin(), region.begin() + 64, [](float v) { return v == sentinel; }) &&
           std::all_of(region.begin() + 64 * (op.inputs + 1), region.end(), [](float v) { return v == sentinel; });
  }
  float* buffer(const op_case& op, std::size_t b) const {
    return b < op.inputs ? const_cast<float*>(in[b]) : out[b - op.inputs];
  }
};

std::string buffer_name(const op_case& op, std::size_t b) {
  return b < op.inputs ? op.input_names[b] : op.output_names[b - op.inputs];
}

/// 'name' followed by text (appended in place: GCC 12's -Wrestrict misfires on "'" + name + "...").
std::string quoted(const std::string& name, const char* then = "") {
  std::string s(1, '\'');
  s += name;
  s += '\'';
  s += then;
  return s;
}

template <class F> std::string exception_message(F f) {
  try {
    f();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(no std::invalid_argument thrown)";
}

// A null pointer in any position with n > 0: the status (C), an exception naming it (C++), and
// nothing written, through the named entries and the generic one.
TEST(ErrorCodes, NullPointers) {
  for (const op_case& op : all_ops()) {
    for (std::size_t b = 0; b < op.inputs + op.outputs; ++b) {
      call_buffers buffers(op);
      if (b < op.inputs) {
        buffers.in[b] = nullptr;
      } else {
        buffers.out[b - op.inputs] = nullptr;
      }
      EXPECT_EQ(entries[op.id].c(buffers.in.data(), buffers.out.data(), 8), SIMDACT_NULL_POINTER) << op.name << b;
      EXPECT_EQ(simdact_run_f32(op.id, buffers.in.data(), buffers.out.data(), 8), SIMDACT_NULL_POINTER) << op.name;
      EXPECT_NE(exception_message([&] {
                  entries[op.id].cpp(buffers.in.data(), buffers.out.data(), 8);
                }).find(quoted(buffer_name(op, b), " is a null pointer")),
                std::string::npos)
          << op.name;
      EXPECT_TRUE(buffers.outputs_untouched(op)) << op.name;
    }
  }
}

TEST(ErrorCodes, ZeroLengthAcceptsNull) {
  for (const op_case& op : all_ops()) {
    const std::vector<const float*> in(op.inputs, nullptr);
    const std::vector<float*> out(op.outputs, nullptr);
    EXPECT_EQ(entries[op.id].c(in.data(), out.data(), 0), SIMDACT_OK) << op.name;
    EXPECT_NO_THROW(entries[op.id].cpp(in.data(), out.data(), 0)) << op.name;
    EXPECT_EQ(simdact_run_f32(op.id, nullptr, nullptr, 0), SIMDACT_OK) << op.name;
  }
}

// Each output partially over each other buffer, and over another output at the very same address:
// refused, nothing written, and the C++ message names both.  Adjacent buffers, an output exactly
// over an input, and inputs overlapping each other are fine.
TEST(ErrorCodes, Overlap) {
  for (const op_case& op : all_ops()) {
    for (std::size_t o = op.inputs; o < op.inputs + op.outputs; ++o) {
      for (std::size_t b = 0; b < op.inputs + op.outputs; ++b) {
        if (b == o) continue;
        for (std::ptrdiff_t shift : {-7, -1, 1, 5}) {
          call_buffers buffers(op);
          const std::vector<float> before = buffers.region;
          buffers.out[o - op.inputs] = buffers.buffer(op, b) + shift;
          EXPECT_EQ(entries[op.id].c(buffers.in.data(), buffers.out.data(), 8), SIMDACT_OVERLAP)
              << op.name << ": " << buffer_name(op, o) << " over " << buffer_name(op, b) << shift;
          EXPECT_EQ(buffers.region, before) << op.name;
          const std::string message =
              exception_message([&] { entries[op.id].cpp(buffers.in.data(), buffers.out.data(), 8); });
          // An input is named after the output; of two outputs, the first in the row comes first.
          const std::string want = b < op.inputs
                                       ? quoted(buffer_name(op, o), " partially overlaps ") + quoted(buffer_name(op, b))
                                       : quoted(buffer_name(op, std::min(o, b)), " overlaps the other output ") +
                                             quoted(buffer_name(op, std::max(o, b)));
          EXPECT_NE(message.find(want), std::string::npos) << message;
        }
        if (b >= op.inputs) { // two outputs at one address: not a partial overlap, refused all the same
          call_buffers buffers(op);
          buffers.out[o - op.inputs] = buffers.out[b - op.inputs];
          EXPECT_EQ(entries[op.id].c(buffers.in.data(), buffers.out.data(), 8), SIMDACT_OVERLAP) << op.name;
          EXPECT_TRUE(buffers.outputs_untouched(op)) << op.name;
          EXPECT_NE(exception_message([&] {
                      entries[op.id].cpp(buffers.in.data(), buffers.out.data(), 8);
                    }).find("overlaps the other output"),
                    std::string::npos)
              << op.name;
        }
      }
    }
    call_buffers adjacent(op); // each buffer ends where the next begins
    EXPECT_EQ(entries[op.id].c(adjacent.in.data(), adjacent.out.data(), 64), SIMDACT_OK) << op.name << ": adjacent";
    for (std::size_t k = 0; k < op.inputs; ++k) {
      call_buffers shared(op);
      shared.out[0] = const_cast<float*>(shared.in[k]);
      EXPECT_EQ(entries[op.id].c(shared.in.data(), shared.out.data(), 8), SIMDACT_OK) << op.name << ": in place";
    }
    call_buffers overlapping_inputs(op);
    for (std::size_t k = 0; k < op.inputs; ++k) overlapping_inputs.in[k] = overlapping_inputs.in[0] + k;
    EXPECT_EQ(entries[op.id].c(overlapping_inputs.in.data(), overlapping_inputs.out.data(), 8), SIMDACT_OK)
        << op.name << ": inputs may overlap";
  }
}

TEST(ErrorCodes, SizeTooLarge) {
  for (const op_case& op : all_ops()) {
    call_buffers buffers(op);
    EXPECT_EQ(entries[op.id].c(buffers.in.data(), buffers.out.data(), SIZE_MAX / 2), SIMDACT_SIZE_TOO_LARGE);
    EXPECT_EQ(entries[op.id].c(buffers.in.data(), buffers.out.data(), SIZE_MAX / sizeof(float) - 1),
              SIMDACT_SIZE_TOO_LARGE)
        << "the buffer would wrap the address space";
    EXPECT_THROW(entries[op.id].cpp(buffers.in.data(), buffers.out.data(), SIZE_MAX / 2), std::invalid_argument);
    EXPECT_TRUE(buffers.outputs_untouched(op)) << op.name;
  }
}

TEST(GenericEntry, UnknownOp) {
  call_buffers buffers(all_ops()[0]);
  for (int op : {-1, int(SIMDACT_OP_COUNT), 1000}) {
    EXPECT_EQ(simdact_run_f32(simdact_op(op), buffers.in.data(), buffers.out.data(), 8), SIMDACT_UNKNOWN_OP);
    EXPECT_EQ(simdact_op_name(simdact_op(op)), nullptr);
    EXPECT_THROW(simdact::run(simdact_op(op), buffers.in.data(), buffers.out.data(), 8), std::invalid_argument);
  }
  EXPECT_TRUE(buffers.outputs_untouched(all_ops()[0]));
}

// The enumerators, names and arrays follow the list, and the generic entry gives the named one's bits.
TEST(GenericEntry, FollowsTheList) {
  ASSERT_EQ(std::size_t(SIMDACT_OP_COUNT), all_ops().size());
  for (const op_case& op : all_ops()) {
    EXPECT_STREQ(simdact_op_name(op.id), op.name);
    EXPECT_EQ(simdact_run_f32(op.id, nullptr, nullptr, 4), SIMDACT_NULL_POINTER) << op.name;
    const auto in = random_inputs(op, 37, 3);
    buffers generic{in, std::vector<std::vector<float>>(op.outputs, std::vector<float>(37))}, named = generic;
    ASSERT_EQ(simdact_run_f32(op.id, generic.in_pointers().data(), generic.out_pointers().data(), 37), SIMDACT_OK);
    ASSERT_EQ(entries[op.id].c(named.in_pointers().data(), named.out_pointers().data(), 37), SIMDACT_OK);
    for (std::size_t o = 0; o < op.outputs; ++o)
      for (std::size_t i = 0; i < 37; ++i)
        EXPECT_EQ(comparable_bits(op, generic.out[o][i]), comparable_bits(op, named.out[o][i])) << op.name;
  }
}

// C++20: the span overloads give the pointer overloads' results, and spans of another size throw,
// naming the argument.
TEST(CppSpans, SameResultsAndSizesChecked) {
  for (const op_case& op : all_ops()) {
    const auto in = random_inputs(op, 21, 5);
    buffers by_span{in, std::vector<std::vector<float>>(op.outputs, std::vector<float>(21))}, by_pointer = by_span;
    std::vector<std::span<const float>> in_spans(in.begin(), in.end());
    std::vector<std::span<float>> out_spans(by_span.out.begin(), by_span.out.end());
    entries[op.id].cpp_spans(in_spans, out_spans);
    entries[op.id].cpp(by_pointer.in_pointers().data(), by_pointer.out_pointers().data(), 21);
    EXPECT_EQ(by_span.out, by_pointer.out) << op.name;
    for (std::size_t b = 1; b < op.inputs + op.outputs; ++b) {
      auto short_in = in_spans;
      auto short_out = out_spans;
      if (b < op.inputs) {
        short_in[b] = short_in[b].first(20);
      } else {
        short_out[b - op.inputs] = short_out[b - op.inputs].first(20);
      }
      EXPECT_NE(exception_message([&] {
                  entries[op.id].cpp_spans(short_in, short_out);
                }).find(quoted(buffer_name(op, b), " has a different size")),
                std::string::npos)
          << op.name;
    }
  }
}

TEST(StatusString, EveryCode) {
  for (int s = SIMDACT_OK; s <= SIMDACT_UNKNOWN_OP; ++s)
    EXPECT_STRNE(simdact_status_string(simdact_status(s)), "unknown status") << s;
  EXPECT_STREQ(simdact_status_string(simdact_status(99)), "unknown status");
}

TEST(CppErrors, UnknownIsaName) {
  EXPECT_NE(exception_message([&] { simdact::set_isa("avx9000"); }).find("'name'"), std::string::npos);
}

TEST(IsaSelection, EveryName) {
  const std::vector<simdact::isa> supported = simdact::supported_isas();
  ASSERT_FALSE(supported.empty());
  EXPECT_EQ(supported.back(), simdact::isa::scalar) << "scalar runs everywhere and comes last";
  for (simdact::isa i :
       {simdact::isa::scalar, simdact::isa::sse2, simdact::isa::avx2, simdact::isa::avx512, simdact::isa::neon}) {
    const char* name = simdact::to_string(i);
    const bool runs = std::find(supported.begin(), supported.end(), i) != supported.end();
    EXPECT_EQ(simdact_isa_supported(name), runs ? 1 : 0) << name;
    if (runs) {
      EXPECT_EQ(simdact_set_isa(name), SIMDACT_OK) << name;
      EXPECT_STREQ(simdact_active_isa(), name);
      EXPECT_NO_THROW(simdact::set_isa(i));
      EXPECT_EQ(simdact::active_isa(), i);
    } else {
      const std::string before = simdact_active_isa();
      EXPECT_EQ(simdact_set_isa(name), SIMDACT_UNSUPPORTED_ISA) << name;
      EXPECT_EQ(before, simdact_active_isa()) << "a refused set_isa changes nothing";
      EXPECT_THROW(simdact::set_isa(i), simdact::unsupported_isa);
      EXPECT_THROW(simdact::set_isa(std::string_view(name)), simdact::unsupported_isa);
    }
  }
  EXPECT_EQ(simdact_set_isa("auto"), SIMDACT_OK);
  EXPECT_EQ(simdact::active_isa(), supported.front()) << "auto is the best supported ISA";
  EXPECT_EQ(simdact_set_isa("AVX2"), SIMDACT_UNKNOWN_ISA) << "names are lower case";
  EXPECT_EQ(simdact_set_isa(""), SIMDACT_UNKNOWN_ISA);
  EXPECT_EQ(simdact_set_isa(nullptr), SIMDACT_NULL_POINTER);
  EXPECT_THROW(simdact::set_isa(std::string_view("bogus")), std::invalid_argument);
  EXPECT_NO_THROW(simdact::set_isa(std::string_view("auto")));
}

// SIMDACT_ISA in a child process: the first call reads it once.
struct child_result {
  int exit_code;
  std::string out, err;
};

child_result run_print_isa(const char* value) {
  const std::string dir = ::testing::TempDir();
  const std::string out = dir + "simdact_isa_out.txt", err = dir + "simdact_isa_err.txt";
  std::string command = std::string("env ") +
                        (value ? std::string("SIMDACT_ISA='") + value + "' " : "-u SIMDACT_ISA ") + SIMDACT_PRINT_ISA +
                        " >" + out + " 2>" + err;
  const int status = std::system(command.c_str());
  auto slurp = [](const std::string& path) {
    std::ifstream f(path);
    std::stringstream s;
    s << f.rdbuf();
    return s.str();
  };
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(out), slurp(err)};
}

TEST(IsaSelection, EnvironmentVariable) {
  const std::string best = simdact::to_string(simdact::supported_isas().front());
  const child_result unset = run_print_isa(nullptr);
  EXPECT_EQ(unset.exit_code, 0);
  EXPECT_EQ(unset.out, best + "\n");
  EXPECT_EQ(unset.err, "");

  const child_result scalar = run_print_isa("scalar");
  EXPECT_EQ(scalar.out, "scalar\n");
  EXPECT_EQ(scalar.err, "");

  const child_result bogus = run_print_isa("bogus");
  EXPECT_EQ(bogus.exit_code, 0);
  EXPECT_EQ(bogus.out, best + "\n") << "an unknown value falls back to auto";
  EXPECT_NE(bogus.err.find("SIMDACT_ISA=\"bogus\""), std::string::npos) << bogus.err;
  EXPECT_EQ(std::count(bogus.err.begin(), bogus.err.end(), '\n'), 1) << "exactly one warning: " << bogus.err;

  // An ISA this machine cannot run, one compiled in where there is one (avx512 on an x86 CPU without
  // it, which would SIGILL if it ran), else neon on x86 or avx512 on aarch64.
  const char* unsupported = nullptr;
  for (const char* name : {"avx512", "avx2", "neon", "sse2"}) {
    if (!simdact_isa_supported(name)) {
      unsupported = name;
      break;
    }
  }
  if (unsupported == nullptr) GTEST_SKIP() << "every ISA is supported here";
  const child_result refused = run_print_isa(unsupported);
  EXPECT_EQ(refused.exit_code, 0) << "never SIGILL";
  EXPECT_EQ(refused.out, best + "\n");
  EXPECT_NE(refused.err.find("not supported"), std::string::npos) << refused.err;
}

} // namespace

namespace {

/// gate_up rows [gate | up] of random values, and what swiglu gives row by row.
struct swiglu_rows_case {
  std::size_t rows, d;
  std::vector<float> gate_up, want;
  swiglu_rows_case(std::size_t r, std::size_t dd) : rows(r), d(dd) {
    gate_up = random_values(domain::any, 2 * rows * d, unsigned(rows * 131 + d));
    want.resize(rows * d);
    for (std::size_t i = 0; i < rows; ++i)
      simdact::swiglu(gate_up.data() + 2 * i * d, gate_up.data() + 2 * i * d + d, want.data() + i * d, d);
  }
};

} // namespace

TEST(SwigluRows, EqualsSwigluRowByRowInPlaceToo) {
  for (simdact::isa i : simdact::supported_isas()) {
    simdact::set_isa(i);
    for (auto [rows, d] : {std::pair<std::size_t, std::size_t>{1, 1}, {3, 7}, {5, 64}, {2, 1000}, {17, 33}}) {
      swiglu_rows_case c(rows, d);
      std::vector<float> y(rows * d, -1.0f);
      ASSERT_EQ(simdact_swiglu_rows_f32(c.gate_up.data(), y.data(), rows, d), SIMDACT_OK);
      for (std::size_t k = 0; k < y.size(); ++k)
        ASSERT_EQ(to_bits(y[k]), to_bits(c.want[k])) << simdact::to_string(i) << " rows " << rows << " d " << d;
      std::vector<float> in_place = c.gate_up;
      simdact::swiglu_rows(in_place.data(), in_place.data(), rows, d);
      for (std::size_t k = 0; k < y.size(); ++k) ASSERT_EQ(to_bits(in_place[k]), to_bits(c.want[k])) << "in place";
      for (std::size_t k = y.size(); k < in_place.size(); ++k)
        ASSERT_EQ(to_bits(in_place[k]), to_bits(c.gate_up[k])) << "past y, gate_up is untouched";
#ifdef SIMDACT_HAS_SPAN
      std::vector<float> z(rows * d);
      simdact::swiglu_rows(std::span<const float>(c.gate_up), std::span<float>(z), d);
      for (std::size_t k = 0; k < y.size(); ++k) ASSERT_EQ(to_bits(z[k]), to_bits(y[k])) << "spans";
#endif
    }
  }
  simdact::set_isa("auto");
}

TEST(SwigluRows, BadArgumentsWriteNothing) {
  swiglu_rows_case c(4, 8);
  std::vector<float> y(32, 7.0f);
  EXPECT_EQ(simdact_swiglu_rows_f32(nullptr, y.data(), 4, 8), SIMDACT_NULL_POINTER);
  EXPECT_EQ(simdact_swiglu_rows_f32(c.gate_up.data(), nullptr, 4, 8), SIMDACT_NULL_POINTER);
  EXPECT_EQ(simdact_swiglu_rows_f32(nullptr, nullptr, 0, 8), SIMDACT_OK);
  EXPECT_EQ(simdact_swiglu_rows_f32(nullptr, nullptr, 4, 0), SIMDACT_OK);
  // y over gate_up's second half, or one float past its start: overlaps that are not in place.
  EXPECT_EQ(simdact_swiglu_rows_f32(c.gate_up.data(), c.gate_up.data() + 32, 4, 8), SIMDACT_OVERLAP);
  EXPECT_EQ(simdact_swiglu_rows_f32(c.gate_up.data(), c.gate_up.data() + 1, 4, 8), SIMDACT_OVERLAP);
  EXPECT_EQ(simdact_swiglu_rows_f32(c.gate_up.data(), y.data(), SIZE_MAX / 4, 8), SIMDACT_SIZE_TOO_LARGE);
  EXPECT_EQ(simdact_swiglu_rows_f32(c.gate_up.data(), y.data(), 3, SIZE_MAX / 8), SIMDACT_SIZE_TOO_LARGE);
  for (float v : y) EXPECT_EQ(v, 7.0f);
  EXPECT_THROW(simdact::swiglu_rows(c.gate_up.data(), nullptr, 4, 8), std::invalid_argument);
  EXPECT_THROW(simdact::swiglu_rows(c.gate_up.data(), c.gate_up.data() + 1, 4, 8), std::invalid_argument);
#ifdef SIMDACT_HAS_SPAN
  EXPECT_THROW(simdact::swiglu_rows(std::span<const float>(c.gate_up), std::span<float>(y).first(31), 8),
               std::invalid_argument);
#endif
}
