// simdact's benchmark: its kernels on every ISA this CPU has (forced with set_isa, and auto) beside
// the peers that registered themselves (bench/peer_*.cpp), one thread, Google Benchmark.
//
// Names: <function>/<implementation>/<n>, with function one of sigmoid, sigmoid_derivative,
// sigmoid_with_derivative, sigmoid_backward, memcpy, sigmoid_inplace, sigmoid_offset4.
// Counters: items/s (elements) and bytes/s (8 bytes per element forward, 12 for fused and
// backward).  Context: the ISA auto chose, each sigma implementation's accuracy on a strided sweep
// of bit patterns (see sigmoid_accuracy), and the time per instruction of the vector instructions
// that bound the loops (instruction_ns/..., bench/instruction_costs.cpp).
//
// Flags besides Google Benchmark's: --simdact_quick (4 sizes, 3 repetitions, short runs).
// --benchmark_repetitions and --benchmark_min_time, when given, replace the defaults (5 and 0.1 s).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "instruction_costs.hpp"
#include "registry.hpp"
#include "simdact/reference.h"
#include "simdact/simdact.hpp"

namespace bench {

std::vector<implementation>& registry() {
  static std::vector<implementation> all;
  return all;
}

namespace {

// 64-byte aligned floats, optionally starting `offset` floats past the alignment.
class buffer {
public:
  buffer(std::size_t n, std::size_t offset) : storage_(new float[n + offset + 16]), data_(aligned() + offset) {}
  float* data() { return data_; }

private:
  float* aligned() {
    auto p = reinterpret_cast<std::uintptr_t>(storage_.get());
    return reinterpret_cast<float*>((p + 63) & ~std::uintptr_t(63));
  }
  std::unique_ptr<float[]> storage_;
  float* data_;
};

void fill(float* x, std::size_t n, float lo, float hi, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(lo, hi);
  for (std::size_t i = 0; i < n; ++i) x[i] = dist(rng);
}

enum class layout { separate, in_place, offset4 };

// x for sigma: uniform in [-12, 12], or with half of them (chosen at random) replaced by -1e9,
// as an attention mask or padding gives to logits.
enum class inputs { typical, masked };

void run(benchmark::State& state, const implementation& impl, layout how, inputs x_values) {
  const std::size_t n = std::size_t(state.range(0));
  const std::size_t offset = how == layout::offset4 ? 1 : 0;
  buffer a(n, offset), b(n, offset), c(n, offset);
  fill(a.data(), n, -12.0f, 12.0f, 1);
  if (x_values == inputs::masked) {
    std::mt19937 rng(3);
    for (std::size_t i = 0; i < n; ++i)
      if (rng() & 1) a.data()[i] = -1e9f;
  }
  fill(b.data(), n, 0.0f, 1.0f, 2);
  // Touch the output too: a fresh allocation's first write faults in every page, which at 32Mi
  // cost as much as the call itself and would be counted in the first iteration of each repetition.
  std::fill(c.data(), c.data() + n, 0.0f);
  std::int64_t bytes_per_element = 8;
  std::function<void()> call;
  if (impl.what == function::sigmoid_backward) {
    bytes_per_element = 12;
    auto k = impl.prepare_backward(n);
    call = [k, &a, &b, &c] { k(a.data(), b.data(), c.data()); };
  } else if (impl.what == function::sigmoid_with_derivative) {
    bytes_per_element = 12;
    auto k = impl.prepare_fused(n);
    call = [k, &a, &b, &c] { k(a.data(), b.data(), c.data()); };
  } else {
    auto k = impl.prepare_unary(n);
    if (!k) {
      state.SkipWithError("could not prepare");
      return;
    }
    float* out = how == layout::in_place ? a.data() : c.data();
    call = [k, &a, out] { k(a.data(), out); };
  }
  // In place, later iterations see sigma's own outputs: the kernels here have no data-dependent
  // branches that matter, and refilling the buffer inside the timing would swamp 16Ki.
  for (auto _ : state) {
    call();
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * std::int64_t(n));
  state.SetBytesProcessed(state.iterations() * std::int64_t(n) * bytes_per_element);
}

const char* function_name(function f) {
  switch (f) {
  case function::sigmoid: return "sigmoid";
  case function::sigmoid_derivative: return "sigmoid_derivative";
  case function::sigmoid_with_derivative: return "sigmoid_with_derivative";
  case function::sigmoid_backward: return "sigmoid_backward";
  case function::memcpy: return "memcpy";
  case function::read_write_pass: return "read_write_pass"; // benchmarked in the sigmoid_inplace family
  }
  return "?";
}

// simdact's entries, one set per ISA this CPU has and one for auto; each sets its ISA when it is
// prepared (just before its timing starts).
void register_simdact() {
  std::vector<std::string> isas = {"auto"};
  for (simdact::isa i : simdact::supported_isas()) isas.push_back(simdact::to_string(i));
  for (const std::string& isa : isas) {
    const std::string name = "simdact-" + isa;
    auto with_isa = [isa](auto make) {
      return [isa, make](std::size_t n) {
        simdact::set_isa(isa);
        return make(n);
      };
    };
    registry().push_back(unary(name, function::sigmoid, with_isa([](std::size_t n) -> unary_kernel {
                                 return [n](const float* x, float* y) { simdact::sigmoid(x, y, n); };
                               })));
    registry().push_back(unary("simdact-fast-" + isa, function::sigmoid, with_isa([](std::size_t n) -> unary_kernel {
                                 return [n](const float* x, float* y) { simdact::sigmoid_fast(x, y, n); };
                               })));
    registry().push_back(unary(name, function::sigmoid_derivative, with_isa([](std::size_t n) -> unary_kernel {
                                 return [n](const float* x, float* d) { simdact::sigmoid_derivative(x, d, n); };
                               })));
    registry().push_back(fused(name, with_isa([](std::size_t n) -> fused_kernel {
                                 return [n](const float* x, float* y, float* d) {
                                   simdact::sigmoid_with_derivative(x, y, d, n);
                                 };
                               })));
    registry().push_back(fused(name + "-two-calls", with_isa([](std::size_t n) -> fused_kernel {
                                 return [n](const float* x, float* y, float* d) {
                                   simdact::sigmoid(x, y, n);
                                   simdact::sigmoid_derivative(x, d, n);
                                 };
                               })));
    registry().push_back(backward(name, with_isa([](std::size_t n) -> backward_kernel {
                                    return [n](const float* dy, const float* y, float* dx) {
                                      simdact::sigmoid_backward(dy, y, dx, n);
                                    };
                                  })));
  }
}

// A sigma implementation's accuracy over every 4099th bit pattern (all signs and exponents)
// against simdact's reference: max ulp for |x| <= 80 (results far from underflow, where peers
// state their accuracy), max ulp over all non-NaN inputs (where flushing tiny results to 0 shows),
// and the count of NaN outputs for non-NaN inputs.  "core;full;nans;count".
std::string sigmoid_accuracy(const implementation& impl) {
  std::vector<float> x;
  for (std::uint64_t bits = 0; bits < (1ull << 32); bits += 4099) {
    float v;
    const auto u = std::uint32_t(bits);
    std::memcpy(&v, &u, sizeof v);
    if (!std::isnan(v)) x.push_back(v);
  }
  std::vector<float> y(x.size());
  const unary_kernel kernel = impl.prepare_unary(x.size());
  if (!kernel) return "";
  kernel(x.data(), y.data());
  double core = 0.0, full = 0.0;
  std::size_t nan_outputs = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (std::isnan(y[i])) {
      ++nan_outputs;
      continue;
    }
    const double err = simdact_ulp_error(y[i], simdact_reference_sigmoid(x[i]));
    full = std::max(full, err);
    if (std::fabs(x[i]) <= 80.0f) core = std::max(core, err);
  }
  char text[128];
  std::snprintf(text, sizeof text, "%.3f;%.4g;%zu;%zu", core, full, nan_outputs, x.size());
  return text;
}

// Google Benchmark's console table on stdout, plus one progress line per result on stderr.
class progress_reporter : public benchmark::ConsoleReporter {
public:
  explicit progress_reporter(std::size_t total) : total_(total) {}
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& r : runs)
      if (r.run_type == Run::RT_Aggregate && r.aggregate_name == "median")
        std::fprintf(stderr, "bench: [%zu/%zu] %s\n", ++done_, total_, r.run_name.str().c_str());
    ConsoleReporter::ReportRuns(runs);
  }

private:
  std::size_t total_, done_ = 0;
};

} // namespace
} // namespace bench

int main(int argc, char** argv) {
  bool quick = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--simdact_quick") == 0) {
      quick = true;
      for (int k = i; k + 1 < argc; ++k) argv[k] = argv[k + 1];
      --argc;
      --i;
    }
  }
  using namespace bench;
  register_simdact();
  const std::vector<std::int64_t> sizes =
      quick ? std::vector<std::int64_t>{1 << 10, 16 << 10, 256 << 10, 4 << 20}
            : std::vector<std::int64_t>{1 << 10, 4 << 10, 16 << 10, 64 << 10, 256 << 10,
                                        1 << 20, 4 << 20, 16 << 20, 32 << 20};
  // Odd, so that the median is one repetition's figure.
  const int repetitions = quick ? 3 : 5;
  const double min_time = quick ? 0.02 : 0.1;
  // These two flags, when given, override the values above (which are set per benchmark, and
  // would otherwise take precedence over them).
  bool repetitions_given = false, min_time_given = false;
  for (int i = 1; i < argc; ++i) {
    repetitions_given |= std::strncmp(argv[i], "--benchmark_repetitions=", 24) == 0;
    min_time_given |= std::strncmp(argv[i], "--benchmark_min_time=", 21) == 0;
  }
  const std::vector<std::int64_t> in_place_sizes =
      quick ? std::vector<std::int64_t>{16 << 10, 4 << 20} : std::vector<std::int64_t>{16 << 10, 4 << 20, 32 << 20};

  simdact::set_isa("auto");
  benchmark::AddCustomContext("simdact_auto_isa", simdact::to_string(simdact::active_isa()));
  benchmark::AddCustomContext("simdact_version", simdact_version());
  benchmark::AddCustomContext("simdact_compiler", SIMDACT_BENCH_COMPILER);
  // The instruction costs behind the report's ceilings (bench/instruction_costs.cpp), measured before
  // any benchmark runs.
  for (const bench::instruction_cost& cost : bench::measure_instruction_costs()) {
    char ns[32];
    std::snprintf(ns, sizeof ns, "%.4f", cost.ns);
    benchmark::AddCustomContext("instruction_ns/" + cost.instruction, ns);
  }
  std::size_t total = 0;
  for (const implementation& impl : registry()) {
    if (!impl.available()) {
      std::fprintf(stderr, "bench: %s is not supported by this CPU, skipped\n", impl.name.c_str());
      continue;
    }
    auto add = [&](const std::string& family, layout how, const std::vector<std::int64_t>& ns,
                   inputs x_values = inputs::typical) {
      auto* b =
          benchmark::RegisterBenchmark((family + "/" + impl.name).c_str(),
                                       [&impl, how, x_values](benchmark::State& s) { run(s, impl, how, x_values); });
      for (std::int64_t n : ns) b->Arg(n);
      total += ns.size();
      // Rates from wall-clock time, as the time columns: on a VM, CPU time leaves out stolen time.
      b->ReportAggregatesOnly(true)->UseRealTime()->Unit(benchmark::kMicrosecond);
      if (!repetitions_given) b->Repetitions(repetitions);
      if (!min_time_given) b->MinTime(min_time);
    };
    if (impl.what == function::read_write_pass) {
      add("sigmoid_inplace", layout::in_place, in_place_sizes);
      continue;
    }
    add(function_name(impl.what), layout::separate, sizes);
    if (impl.what == function::memcpy) add("sigmoid_offset4", layout::offset4, {16 << 10}); // the misaligned bound
    if (impl.what == function::sigmoid) {
      // Small n (the call's fixed cost: dispatch, argument checks, the masked or padded tail).
      if (!quick) add("sigmoid", layout::separate, {1, 8, 33, 64});
      // In place at DRAM sizes too: the streaming stores (kernels/sigmoid.hpp) must pay off there.
      add("sigmoid_inplace", layout::in_place, in_place_sizes);
      add("sigmoid_offset4", layout::offset4, {16 << 10});
      // Saturated inputs: where an x86 core takes a microcode assist for each instruction with a
      // subnormal result, a kernel that meets one at |x| >= 104 runs many times slower
      // (kernels/sigmoid.hpp, "Large |x|").
      add("sigmoid_masked", layout::separate, {16 << 10}, inputs::masked);
      if (const std::string accuracy = sigmoid_accuracy(impl); !accuracy.empty())
        benchmark::AddCustomContext("accuracy/" + impl.name, accuracy);
    }
  }
  simdact::set_isa("auto");
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  progress_reporter reporter(total);
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  return 0;
}
