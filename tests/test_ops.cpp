// The contract tests of every op on every ISA, generated from the list of operations: each test
// below is registered once per (ISA, op) as <isa>/<op>.<Test>, e.g. avx2/sigmoid.SizesAndTails,
// for every ISA this build and CPU run (register_op_tests, called from main).  Each sets its ISA
// and calls the op through the public generic entry, simdact::run.
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cfloat>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace simdact_test {
namespace {

constexpr float sentinel = std::numeric_limits<float>::quiet_NaN(); // no op writes into a sentinel's place

std::vector<std::vector<float>> prefix(const std::vector<std::vector<float>>& all, std::size_t n) {
  std::vector<std::vector<float>> part;
  for (const auto& v : all) part.emplace_back(v.begin(), v.begin() + n);
  return part;
}

/// Asserts that two calls' outputs have the same bits (NaNs as one where the op promises no payload).
void expect_same_outputs(const op_case& op, const std::vector<std::vector<float>>& got,
                         const std::vector<std::vector<float>>& want, const std::string& what) {
  for (std::size_t o = 0; o < op.outputs; ++o)
    for (std::size_t i = 0; i < want[o].size(); ++i)
      ASSERT_EQ(comparable_bits(op, got[o][i]), comparable_bits(op, want[o][i]))
          << what << ": output " << op.output_names[o] << " at " << i;
}

// Each special input of the op's row gives its exact outputs, alone and in one call with the others.
void special_values(const op_case& op) {
  std::vector<std::vector<float>> in(op.inputs);
  for (const special_case& s : op.specials)
    for (std::size_t k = 0; k < op.inputs; ++k) in[k].push_back(s.in[k]);
  const auto together = outputs_of(op, in);
  for (std::size_t c = 0; c < op.specials.size(); ++c) {
    const special_case& s = op.specials[c];
    std::vector<std::vector<float>> one(op.inputs);
    for (std::size_t k = 0; k < op.inputs; ++k) one[k] = {s.in[k]};
    const auto alone = outputs_of(op, one);
    for (std::size_t o = 0; o < op.outputs; ++o) {
      for (float got : {alone[o][0], together[o][c]}) {
        if (std::isnan(s.out[o])) {
          EXPECT_TRUE(std::isnan(got)) << "special case " << c << ", output " << op.output_names[o];
        } else {
          EXPECT_EQ(to_bits(got), to_bits(s.out[o]))
              << std::hexfloat << got << " in special case " << c << " (first input " << s.in[0] << "), output "
              << op.output_names[o];
        }
      }
    }
  }
}

/// The edge values of each domain, NaNs included.
std::vector<float> extreme_values(domain d) {
  const float inf = std::numeric_limits<float>::infinity(), qnan = std::numeric_limits<float>::quiet_NaN();
  const float snan = std::numeric_limits<float>::signaling_NaN();
  switch (d) {
  case domain::any:
    return {qnan,     -qnan,        snan,          -snan,   inf,      -inf,  0.0f,   -0.0f, FLT_MAX,
            -FLT_MAX, FLT_TRUE_MIN, -FLT_TRUE_MIN, FLT_MIN, -FLT_MIN, 1e-8f, -1e-8f, 1.0f,  -1.0f};
  case domain::gradient:
    return {qnan, 0.0f, -0.0f, 1.0f, -1.0f, FLT_MAX, -FLT_MAX, inf, -inf, FLT_TRUE_MIN, -FLT_MIN, 0x1p100f};
  case domain::probability:
    return {qnan, 0.0f, -0.0f, 1.0f, 0.5f, FLT_TRUE_MIN, 0x1.fffffep-1f, 2.0f, -1.0f, 0x1p56f, -0x1p56f, 1e-30f};
  case domain::signed_unit:
    return {qnan,          0.0f,           -0.0f,           1.0f, -1.0f,   0.5f,
            -FLT_TRUE_MIN, 0x1.fffffep-1f, -0x1.fffffep-1f, 2.0f, 0x1p56f, -1e-30f};
  }
  return {};
}

// The contract on every combination of the domains' edge values (NaN, infinities, zeros, the
// largest and smallest floats).
void extreme_values_contract(const op_case& op) {
  std::vector<std::vector<float>> in(op.inputs);
  std::vector<std::size_t> index(op.inputs, 0);
  for (;;) {
    for (std::size_t k = 0; k < op.inputs; ++k) in[k].push_back(extreme_values(op.domains[k])[index[k]]);
    std::size_t k = 0;
    while (k < op.inputs && ++index[k] == extreme_values(op.domains[k]).size()) index[k++] = 0;
    if (k == op.inputs) break;
  }
  ASSERT_EQ(first_contract_violation(op, in, outputs_of(op, in)), "");
}

// Every n from 0 to 300 and around the unrolled block sizes: the contract, and each element the
// same as the same element computed alone (n = 1), so the tail runs the same formula as the body.
void sizes_and_tails(const op_case& op) {
  std::vector<std::size_t> sizes;
  for (std::size_t n = 0; n <= 300; ++n) sizes.push_back(n);
  for (std::size_t tile : {4, 8, 16, 32, 64})
    for (std::size_t m : {16, 64})
      for (long delta : {-1, 0, 1}) sizes.push_back(tile * m + delta);
  const std::vector<std::vector<float>> all = random_inputs(op, *std::max_element(sizes.begin(), sizes.end()), 7);
  for (std::size_t n : sizes) {
    SCOPED_TRACE("n = " + std::to_string(n));
    const auto in = prefix(all, n);
    if (n == 0) {
      buffers b{in, std::vector<std::vector<float>>(op.outputs)};
      simdact::run(op.id, b.in_pointers().data(), b.out_pointers().data(), 0);
      continue;
    }
    const auto out = outputs_of(op, in);
    ASSERT_EQ(first_contract_violation(op, in, out), "");
    for (std::size_t i = 0; i < n; ++i) {
      std::vector<std::vector<float>> one;
      for (const auto& v : in) one.push_back({v[i]});
      const auto alone = outputs_of(op, one);
      for (std::size_t o = 0; o < op.outputs; ++o)
        ASSERT_EQ(comparable_bits(op, alone[o][0]), comparable_bits(op, out[o][i])) << "element " << i;
    }
  }
}

// Every 4-byte offset in a 64-byte line for each buffer: the same bits as the aligned call.
void every_alignment(const op_case& op) {
  constexpr std::size_t n = 67, room = n + 16;
  const auto inputs = random_inputs(op, n, 11);
  const auto want = outputs_of(op, inputs);
  std::vector<std::vector<float>> in_storage(op.inputs, std::vector<float>(room + 16)),
      out_storage(op.outputs, std::vector<float>(room + 16));
  const auto aligned = [](std::vector<float>& v) {
    const auto p = reinterpret_cast<std::uintptr_t>(v.data());
    return reinterpret_cast<float*>((p + 63) & ~std::uintptr_t(63));
  };
  for (std::size_t a = 0; a < 16; ++a) {
    std::vector<const float*> in;
    for (std::size_t k = 0; k < op.inputs; ++k) {
      float* p = aligned(in_storage[k]) + (a + 5 * k) % 16;
      std::copy(inputs[k].begin(), inputs[k].end(), p);
      in.push_back(p);
    }
    // Each output at its own offset, then every output at the same offset within a line (where
    // avx512 streams several outputs).
    for (bool same_offset : {false, true}) {
      std::vector<float*> out;
      for (std::size_t o = 0; o < op.outputs; ++o) {
        std::fill(out_storage[o].begin(), out_storage[o].end(), sentinel);
        out.push_back(aligned(out_storage[o]) + (a * 7 + 3 + (same_offset ? 0 : 5 * o)) % 16);
      }
      simdact::run(op.id, in.data(), out.data(), n);
      for (std::size_t o = 0; o < op.outputs; ++o)
        for (std::size_t i = 0; i < n; ++i)
          ASSERT_EQ(comparable_bits(op, out[o][i]), comparable_bits(op, want[o][i]))
              << "offset " << a << ", output " << op.output_names[o] << " at " << i;
    }
  }
}

// Each output written over each input: the same bits as out of place.
void in_place(const op_case& op) {
  constexpr std::size_t n = 131;
  const auto inputs = random_inputs(op, n, 21);
  const auto want = outputs_of(op, inputs);
  for (std::size_t k = 0; k < op.inputs; ++k) {
    for (std::size_t o = 0; o < op.outputs; ++o) {
      buffers b{inputs, std::vector<std::vector<float>>(op.outputs, std::vector<float>(n, sentinel))};
      std::vector<float*> out = b.out_pointers();
      out[o] = b.in[k].data();
      simdact::run(op.id, b.in_pointers().data(), out.data(), n);
      for (std::size_t p = 0; p < op.outputs; ++p)
        for (std::size_t i = 0; i < n; ++i)
          ASSERT_EQ(comparable_bits(op, out[p][i]), comparable_bits(op, want[p][i]))
              << "output " << op.output_names[o] << " over input " << op.input_names[k] << ": output "
              << op.output_names[p] << " at " << i;
    }
  }
}

/// Pages of floats between PROT_NONE pages: a read or write outside [p, p + n) faults.
class guarded_buffer {
public:
  explicit guarded_buffer(std::size_t max_n) {
    page_ = std::size_t(sysconf(_SC_PAGESIZE));
    data_pages_ = (max_n * sizeof(float) + page_ - 1) / page_;
    total_ = (data_pages_ + 2) * page_;
    mem_ = mmap(nullptr, total_, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mem_ == MAP_FAILED) throw std::runtime_error("mmap failed");
    data_ = static_cast<char*>(mem_) + page_;
    if (mprotect(data_, data_pages_ * page_, PROT_READ | PROT_WRITE) != 0) throw std::runtime_error("mprotect failed");
  }
  ~guarded_buffer() { munmap(mem_, total_); }
  guarded_buffer(const guarded_buffer&) = delete;
  guarded_buffer& operator=(const guarded_buffer&) = delete;
  /// n floats against the leading guard page, or ending at the trailing one.
  float* at_start() { return reinterpret_cast<float*>(data_); }
  float* at_end(std::size_t n) { return reinterpret_cast<float*>(data_ + data_pages_ * page_) - n; }

private:
  std::size_t page_, data_pages_, total_;
  void* mem_;
  char* data_;
};

// Every buffer against guard pages, before and after, for every n up to 300: out of place, and each
// output over each input.
void guard_pages(const op_case& op) {
  constexpr std::size_t max_n = 300;
  const auto inputs = random_inputs(op, max_n, 41);
  std::vector<std::unique_ptr<guarded_buffer>> in_pages, out_pages;
  for (std::size_t k = 0; k < op.inputs; ++k) in_pages.push_back(std::make_unique<guarded_buffer>(max_n));
  for (std::size_t o = 0; o < op.outputs; ++o) out_pages.push_back(std::make_unique<guarded_buffer>(max_n));
  for (std::size_t n = 0; n <= max_n; ++n) {
    SCOPED_TRACE("n = " + std::to_string(n));
    for (bool at_end : {false, true}) {
      std::vector<float*> in, out;
      const auto place = [&] {
        in.clear();
        out.clear();
        for (std::size_t k = 0; k < op.inputs; ++k) {
          in.push_back(at_end ? in_pages[k]->at_end(n) : in_pages[k]->at_start());
          std::copy(inputs[k].begin(), inputs[k].begin() + n, in.back());
        }
        for (std::size_t o = 0; o < op.outputs; ++o)
          out.push_back(at_end ? out_pages[o]->at_end(n) : out_pages[o]->at_start());
      };
      place();
      std::vector<const float*> in_const(in.begin(), in.end());
      simdact::run(op.id, in_const.data(), out.data(), n);
      for (std::size_t k = 0; k < op.inputs; ++k) {
        for (std::size_t o = 0; o < op.outputs; ++o) {
          place();
          out[o] = in[k];
          simdact::run(op.id, in_const.data(), out.data(), n);
        }
      }
    }
  }
}

// Calls large enough to be written with streaming stores and to prefetch (thresholds of 4 MiB
// and 1 MiB, on every CPU), with the outputs misaligned (each output alone, and several at the same
// offset within a line, where avx512 streams them all, then one float apart), and in place (which
// never streams, but prefetches, in blocks of whole lines on avx2): the same bits as the same
// inputs in calls too small for either, and nothing written outside the outputs.
void large_streamed(const op_case& op) {
  constexpr std::size_t n = (std::size_t(1) << 20) + 37, chunk = 4096, margin = 19, offset = 3;
  const scoped_memory_thresholds thresholds({std::size_t(1) << 20, std::size_t(4) << 20});
  const auto inputs = random_inputs(op, n, 51);
  std::vector<std::vector<float>> want(op.outputs, std::vector<float>(n));
  for (std::size_t i = 0; i < n; i += chunk) {
    std::vector<const float*> in;
    std::vector<float*> out;
    for (const auto& v : inputs) in.push_back(v.data() + i);
    for (auto& v : want) out.push_back(v.data() + i);
    simdact::run(op.id, in.data(), out.data(), std::min(chunk, n - i));
  }
  const auto expect_output = [&](const std::vector<float>& got, std::size_t at, std::size_t o, const char* what) {
    for (std::size_t i = 0; i < got.size(); ++i) {
      if (i < at || i >= at + n) {
        ASSERT_TRUE(std::isnan(got[i])) << what << ": wrote outside output " << op.output_names[o] << " at " << i;
      } else {
        ASSERT_EQ(comparable_bits(op, got[i]), comparable_bits(op, want[o][i - at]))
            << what << ": output " << op.output_names[o] << " at " << i - at;
      }
    }
  };
  std::vector<const float*> in;
  for (const auto& v : inputs) in.push_back(v.data());
  // The outputs in one buffer, span floats apart (whole cache lines), at offset + shift * o.
  const std::size_t span = (n + margin + 15) / 16 * 16;
  for (std::size_t shift : {0, 1}) {
    std::vector<float> all(op.outputs * span + 16, sentinel);
    std::vector<float*> out;
    for (std::size_t o = 0; o < op.outputs; ++o) out.push_back(all.data() + o * span + offset + shift * o);
    simdact::run(op.id, in.data(), out.data(), n);
    for (std::size_t o = 0; o < op.outputs; ++o)
      expect_output(std::vector<float>(all.begin() + o * span, all.begin() + (o + 1) * span), offset + shift * o, o,
                    "out of place");
  }
  // In place: the first output over the first input.
  std::vector<float> shared(n + margin, sentinel);
  std::copy(inputs[0].begin(), inputs[0].end(), shared.begin() + offset);
  std::vector<std::vector<float>> others(op.outputs, std::vector<float>(n + margin, sentinel));
  std::vector<const float*> in_place_in = in;
  in_place_in[0] = shared.data() + offset;
  std::vector<float*> out = {shared.data() + offset};
  for (std::size_t o = 1; o < op.outputs; ++o) out.push_back(others[o].data() + offset);
  simdact::run(op.id, in_place_in.data(), out.data(), n);
  expect_output(shared, offset, 0, "in place");
  for (std::size_t o = 1; o < op.outputs; ++o) expect_output(others[o], offset, o, "in place");
}

// Streaming stores from the first byte: every size, alignment and aliasing above through the
// streamed loop's unaligned head, cache-line blocks and tail (only the x86 paths stream).
void streamed_from_the_first_byte(const op_case& op) {
  const scoped_memory_thresholds thresholds({simdact::kernels::thresholds().prefetch_min_bytes, 0});
  for (auto* test : {sizes_and_tails, every_alignment, in_place, guard_pages}) {
    test(op);
    if (::testing::Test::HasFatalFailure()) return;
  }
}

void random_values_contract(const op_case& op) {
  const auto in = random_inputs(op, 200000, 31);
  ASSERT_EQ(first_contract_violation(op, in, outputs_of(op, in)), "");
}

// The contract on every 4099th bit pattern (about 1M floats, every exponent and sign); the
// exhaustive proof (tests/exhaustive.cpp) checks all 2^32.
void strided_sweep(const op_case& op) {
  const std::vector<std::vector<float>> in = {strided_bit_patterns(4099)};
  ASSERT_EQ(first_contract_violation(op, in, outputs_of(op, in)), "");
}

// Non-decreasing (or non-increasing, then non-decreasing, around the op's minimum) over a
// value-ordered sweep of the float line (every 997th float), within the breaks the op allows on
// this path.
void monotonic(const op_case& op) {
  std::vector<float> x;
  for (std::uint64_t o = 0; o < (1ull << 32); o += 997) x.push_back(from_ordinal(std::uint32_t(o)));
  const auto y = outputs_of(op, {x});
  long breaks = 0;
  float last_x = NAN, last_y = NAN;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (std::isnan(x[i])) continue;
    breaks += !std::isnan(last_x) && op.monotone.breaks(last_x, last_y, x[i], y[0][i]);
    last_x = x[i];
    last_y = y[0][i];
  }
  EXPECT_LE(breaks, monotone_breaks_allowed(op, simdact::active_isa()));
}

// Each output bit for bit the output of the op it equals (its row's "equals").
void equals_ops(const op_case& op) {
  std::vector<std::vector<float>> in = random_inputs(op, 100000, 61);
  const std::vector<float> sweep = strided_bit_patterns(4099);
  if (op.is_forward() && op.inputs == 1) in[0].insert(in[0].end(), sweep.begin(), sweep.end());
  const auto out = outputs_of(op, in);
  for (std::size_t o = 0; o < op.outputs; ++o) {
    const equal_op other = equal_of(op, o);
    if (!other.op) continue;
    const auto want = outputs_of(*other.op, other.pick(in));
    for (std::size_t i = 0; i < in[0].size(); ++i)
      ASSERT_EQ(to_bits(out[o][i]), other.bits_of(want[0][i]))
          << op.output_names[o] << " differs from " << op.equals[o];
  }
}

struct op_test {
  const char* name;
  void (*run)(const op_case&);
  bool (*applies)(const op_case&);
};

bool always(const op_case&) { return true; }
const op_test op_tests[] = {
    {"SpecialValues", special_values, always},
    {"ExtremeValues", extreme_values_contract, always},
    {"SizesAndTails", sizes_and_tails, always},
    {"EveryAlignment", every_alignment, always},
    {"InPlace", in_place, always},
    {"GuardPages", guard_pages, always},
    {"LargeStreamed", large_streamed, always},
    {"StreamedFromTheFirstByte", streamed_from_the_first_byte, always},
    {"RandomValues", random_values_contract, always},
    {"StridedSweep", strided_sweep, [](const op_case& op) { return op.is_forward() && op.inputs == 1; }},
    {"Monotonic", monotonic, [](const op_case& op) { return op.monotone.promised(); }},
    {"EqualsOps", equals_ops, [](const op_case& op) { return !op.equals.empty(); }},
};

/// One op test on one ISA, through the public API with that ISA set.
class op_on_isa : public ::testing::Test {
public:
  op_on_isa(simdact::isa which, const op_case& op, const op_test& test) : isa_(which), op_(op), test_(test) {}
  void SetUp() override { simdact::set_isa(isa_); }
  void TearDown() override { simdact::set_isa("auto"); }
  void TestBody() override { test_.run(op_); }

private:
  simdact::isa isa_;
  const op_case& op_;
  const op_test& test_;
};

// The FMA paths (avx2, avx512, neon) agree bit for bit, tails included: every 1021st bit pattern
// for an input of domain any (a ragged length), random values for the others.
class fma_paths_bit_identical : public ::testing::Test {
public:
  explicit fma_paths_bit_identical(const op_case& op) : op_(op) {}
  void TestBody() override {
    std::vector<const simdact::detail::kernel_table*> paths;
    for (simdact::isa i : simdact::supported_isas())
      if (is_fma_path(i)) paths.push_back(kernels_for(i));
    if (paths.size() < 2) GTEST_SKIP() << "needs two FMA paths on this CPU, found " << paths.size();
    std::vector<float> sweep = strided_bit_patterns(1021);
    sweep.resize(sweep.size() - 5);
    std::vector<std::vector<float>> in = random_inputs(op_, sweep.size(), 71);
    for (std::size_t k = 0; k < op_.inputs; ++k)
      if (op_.domains[k] == domain::any) in[k] = sweep;
    const auto want = outputs_of(op_, in, paths[0]);
    for (std::size_t p = 1; p < paths.size(); ++p)
      expect_same_outputs(op_, outputs_of(op_, in, paths[p]), want,
                          std::string(paths[p]->name) + " against " + paths[0]->name);
  }

private:
  const op_case& op_;
};

} // namespace

void register_op_tests() {
  for (simdact::isa which : simdact::supported_isas()) {
    for (const op_case& op : all_ops()) {
      const std::string suite = std::string(simdact::to_string(which)) + "/" + op.name;
      for (const op_test& test : op_tests) {
        if (!test.applies(op)) continue;
        ::testing::RegisterTest(suite.c_str(), test.name, nullptr, nullptr, __FILE__, __LINE__,
                                [which, &op, &test]() -> ::testing::Test* { return new op_on_isa(which, op, test); });
      }
    }
  }
  for (const op_case& op : all_ops()) {
    ::testing::RegisterTest((std::string("fma_paths/") + op.name).c_str(), "BitIdentical", nullptr, nullptr, __FILE__,
                            __LINE__, [&op]() -> ::testing::Test* { return new fma_paths_bit_identical(op); });
  }
}

} // namespace simdact_test
