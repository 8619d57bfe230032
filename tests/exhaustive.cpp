// Exhaustive accuracy proof (CTest label `exhaustive`): all 2^32 floats through sigma and sigma'
// on every supported ISA, against the double reference, on both cores.  Prints a table per path
// (the README's accuracy table comes from it) and asserts the contract: max ulp, results in [0, 1],
// NaN exactly for NaN inputs, sigma monotone non-decreasing over the whole float line.  The sigma'
// sweep also runs the fused kernel and asserts that both its outputs are bit for bit the separate
// calls' (which carries both contracts over to it): on every input on the FMA paths, on one chunk
// of 2^20 consecutive floats in 16 on the others, where sigma and the fused kernel run ~8x slower
// and all of them would add ~2.5 minutes to CI (the quick tests and the fuzzer sample them too).
// SIMDACT_SWEEP_STRIDE=k checks every k-th float in value order instead (the aarch64 run under
// qemu uses 32: all 2^32 would take hours there).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <thread>
#include <vector>

#include "test_support.hpp"

namespace {

using namespace simdact_test;

constexpr std::uint32_t chunk_bits = 20;
constexpr std::uint32_t chunk_size = 1u << chunk_bits;
constexpr std::uint32_t chunk_count = 1u << (32 - chunk_bits);

struct stats {
  double max_ulp = 0.0;
  float worst_x = 0.0f;
  double max_ulp_normal = 0.0; // over results whose exact value is a normal float
  std::uint64_t checked = 0, above_half = 0, correctly_rounded = 0, bad_specials = 0, monotone_breaks = 0;
  std::uint64_t fused_checked = 0, fused_differences = 0; // sigma' sweep: the fused kernel's outputs
  /// A tie goes to the smaller x, so that the table does not depend on which thread swept which
  /// chunk (sigma' is even: x and -x tie).
  void note_error(double err, float x) {
    if (err > max_ulp || (err == max_ulp && x < worst_x)) {
      max_ulp = err;
      worst_x = x;
    }
  }
  void merge(const stats& o) {
    note_error(o.max_ulp, o.worst_x);
    max_ulp_normal = std::max(max_ulp_normal, o.max_ulp_normal);
    checked += o.checked;
    above_half += o.above_half;
    correctly_rounded += o.correctly_rounded;
    bad_specials += o.bad_specials;
    monotone_breaks += o.monotone_breaks;
    fused_checked += o.fused_checked;
    fused_differences += o.fused_differences;
  }
};

// First and last non-NaN result of a chunk, to check monotonicity across chunk boundaries.
struct chunk_ends {
  float first = NAN, last = NAN;
};

enum class function { sigmoid, sigmoid_fast, derivative };

const char* function_name(function f) {
  switch (f) {
  case function::sigmoid: return "sigmoid";
  case function::sigmoid_fast: return "sigmoid_fast";
  case function::derivative: return "sigmoid_derivative";
  }
  return "?";
}

std::uint32_t sweep_stride() {
  const char* s = std::getenv("SIMDACT_SWEEP_STRIDE");
  const long k = s ? std::atol(s) : 1;
  return k >= 1 && k <= 4096 && (k & (k - 1)) == 0 ? std::uint32_t(k) : 1u; // a power of two
}

// max_monotone_breaks: what the contract allows on a path (0 for the accurate sigmoid); the table
// shows the count.
void run_exhaustive(
    function f, double bound,
    std::uint64_t (*max_monotone_breaks)(simdact::isa) = [](simdact::isa) -> std::uint64_t { return 0; }) {
  const bool is_sigmoid = f != function::derivative;
  const std::uint32_t stride = sweep_stride();
  std::vector<const simdact::detail::kernel_table*> paths;
  for (simdact::isa i : simdact::supported_isas()) paths.push_back(kernels_for(i));
  const std::size_t p_count = paths.size();
  std::vector<stats> totals(p_count);
  std::vector<chunk_ends> ends(std::size_t(chunk_count) * p_count);
  std::atomic<std::uint32_t> next_chunk{0};
  std::mutex merge_mutex;
  const auto start = std::chrono::steady_clock::now();

  auto worker = [&] {
    std::vector<float> x(chunk_size), y(chunk_size), previous_y(chunk_size);
    std::vector<float> separate_sigmoid, fused_y, fused_d; // sigma' sweep only
    if (f == function::derivative) {
      separate_sigmoid.resize(chunk_size);
      fused_y.resize(chunk_size);
      fused_d.resize(chunk_size);
    }
    std::vector<double> exact(chunk_size), ulp(chunk_size);
    std::vector<stats> local(p_count);
    for (std::uint32_t c; (c = next_chunk.fetch_add(1)) < chunk_count / stride;) {
      for (std::uint32_t i = 0; i < chunk_size; ++i) {
        x[i] = from_ordinal(std::uint32_t((std::uint64_t(c) * chunk_size + i) * stride));
        exact[i] = is_sigmoid ? simdact_reference_sigmoid(x[i]) : simdact_reference_sigmoid_derivative(x[i]);
        ulp[i] = simdact_float_ulp(exact[i]);
      }
      stats previous; // the previous path's statistics over this chunk
      for (std::size_t p = 0; p < p_count; ++p) {
        switch (f) {
        case function::sigmoid: paths[p]->sigmoid(x.data(), y.data(), chunk_size); break;
        case function::sigmoid_fast: paths[p]->sigmoid_fast(x.data(), y.data(), chunk_size); break;
        case function::derivative: paths[p]->sigmoid_derivative(x.data(), y.data(), chunk_size); break;
        }
        stats s;
        chunk_ends& e = ends[std::size_t(c) * p_count + p];
        const float upper = is_sigmoid ? 1.0f : 0.25f;
        // A path that returned the previous path's bits over the chunk (avx2 and avx512, sse2 and
        // scalar, by design) has its statistics too: a quarter of the run's time saved (one input in
        // 16 on the Ice Lake: 37-39 s for the three functions, 50-52 s before).
        const bool same_bits = p > 0 && std::memcmp(y.data(), previous_y.data(), chunk_size * sizeof(float)) == 0;
        if (same_bits) {
          s = previous;
          e = ends[std::size_t(c) * p_count + p - 1];
        }
        for (std::uint32_t i = 0; i < chunk_size && !same_bits; ++i) {
          if (std::isnan(x[i])) {
            s.bad_specials += !std::isnan(y[i]);
            continue;
          }
          if (std::isnan(y[i]) || y[i] < 0.0f || y[i] > upper) {
            ++s.bad_specials;
            continue;
          }
          const double err = std::fabs(double(y[i]) - exact[i]) / ulp[i];
          ++s.checked;
          s.above_half += err > 0.5;
          s.correctly_rounded += y[i] == float(exact[i]);
          s.note_error(err, x[i]);
          if (exact[i] >= 0x1p-126) s.max_ulp_normal = std::max(s.max_ulp_normal, err);
          if (is_sigmoid) {
            if (std::isnan(e.first)) e.first = y[i];
            if (!std::isnan(e.last) && y[i] < e.last) ++s.monotone_breaks;
            e.last = y[i];
          }
        }
        local[p].merge(s);
        previous = s;
        // Into this path's totals, not s: a later path with the same bits copies s.
        if (f == function::derivative && (is_fma_path(paths[p]->id) || c % 16 == 0)) {
          local[p].fused_checked += 2 * chunk_size;
          paths[p]->sigmoid(x.data(), separate_sigmoid.data(), chunk_size);
          paths[p]->sigmoid_with_derivative(x.data(), fused_y.data(), fused_d.data(), chunk_size);
          for (std::uint32_t i = 0; i < chunk_size; ++i)
            local[p].fused_differences +=
                (to_bits(fused_y[i]) != to_bits(separate_sigmoid[i])) + (to_bits(fused_d[i]) != to_bits(y[i]));
        }
        std::swap(y, previous_y);
      }
    }
    std::lock_guard<std::mutex> lock(merge_mutex);
    for (std::size_t p = 0; p < p_count; ++p) totals[p].merge(local[p]);
  };
  std::vector<std::thread> threads;
  const unsigned n_threads = std::max(1u, std::min(8u, std::thread::hardware_concurrency()));
  for (unsigned t = 0; t < n_threads; ++t) threads.emplace_back(worker);
  for (auto& t : threads) t.join();

  // Monotonicity across chunk boundaries, in value order.
  if (is_sigmoid) {
    for (std::size_t p = 0; p < p_count; ++p) {
      float last = NAN;
      for (std::uint32_t c = 0; c < chunk_count / stride; ++c) {
        const chunk_ends& e = ends[std::size_t(c) * p_count + p];
        if (std::isnan(e.first)) continue;
        if (!std::isnan(last) && e.first < last) ++totals[p].monotone_breaks;
        last = e.last;
      }
    }
  }

  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("\n%s, %s, %.0f s on %u threads (bound %.1f ulp)\n", function_name(f),
              stride == 1 ? "all 2^32 inputs" : ("one input in " + std::to_string(stride) + ", in value order").c_str(),
              seconds, n_threads, bound);
  std::printf("| path | max ulp | at x | max ulp, normal results | > 0.5 ulp | correctly rounded | monotone breaks | "
              "bad specials |\n");
  std::printf("|---|---|---|---|---|---|---|---|\n");
  for (std::size_t p = 0; p < p_count; ++p) {
    const stats& s = totals[p];
    std::printf("| %s | %.4f | %a | %.4f | %llu | %.4f%% | %s | %llu |\n", paths[p]->name, s.max_ulp, double(s.worst_x),
                s.max_ulp_normal, (unsigned long long)s.above_half,
                100.0 * double(s.correctly_rounded) / double(s.checked),
                is_sigmoid ? std::to_string(s.monotone_breaks).c_str() : "n/a", (unsigned long long)s.bad_specials);
  }
  if (f == function::derivative) {
    std::printf("\nsigmoid_with_derivative, outputs (sigma and sigma') unlike the separate calls':");
    for (std::size_t p = 0; p < p_count; ++p)
      std::printf(" %s %llu of %llu%s", paths[p]->name, (unsigned long long)totals[p].fused_differences,
                  (unsigned long long)totals[p].fused_checked, p + 1 < p_count ? "," : "\n");
  }
  std::fflush(stdout);
  for (std::size_t p = 0; p < p_count; ++p) {
    const stats& s = totals[p];
    EXPECT_LE(s.max_ulp, bound) << paths[p]->name << " at x=" << std::hexfloat << s.worst_x;
    EXPECT_EQ(s.bad_specials, 0u) << paths[p]->name;
    EXPECT_LE(s.monotone_breaks, max_monotone_breaks(paths[p]->id))
        << paths[p]->name << ": non-decreasing over the float line";
    EXPECT_EQ(s.fused_differences, 0u) << paths[p]->name << ": fused outputs that differ from the separate calls'";
    if (f == function::derivative) {
      EXPECT_GT(s.fused_checked, 0u) << paths[p]->name;
    }
    if (stride == 1) {
      EXPECT_EQ(s.checked + 2 * ((1ull << 23) - 1), 1ull << 32) << paths[p]->name << ": every non-NaN input checked";
    }
  }
}

TEST(Exhaustive, Sigmoid) { run_exhaustive(function::sigmoid, sigmoid_max_ulp); }
TEST(Exhaustive, SigmoidFast) {
  run_exhaustive(function::sigmoid_fast, sigmoid_fast_max_ulp, sigmoid_fast_max_monotone_breaks);
}
TEST(Exhaustive, SigmoidDerivative) { run_exhaustive(function::derivative, derivative_max_ulp); }

} // namespace
