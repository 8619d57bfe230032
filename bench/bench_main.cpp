// simdact's benchmark: every op of the list of operations (include/simdact/ops.def) on every ISA
// this CPU has (forced with set_isa, and auto), through the public API, beside the peers and memory
// bounds that registered themselves (bench/peer_*.cpp), one thread, Google Benchmark.
//
// Names: <family>/<implementation>/<n>.  A family is an op of the list, or for a peer the function
// it computes (an op's name: the fast tier's peers are in family sigmoid), or a bound's name,
// optionally with a variant: <family>:in_place (the output over the input), :offset4 (every
// buffer one float past a cache line), :masked (half of the x at -1e9, as masked logits).
// Counters: items/s (elements) and bytes/s (4 bytes per element per buffer).  Context, which
// bench/report.py reads: each op's row (op/<name>: its place in the list, the function it
// computes, arity, bound), each memory bound (bound/<name>), each 1-input implementation's
// accuracy over a strided sweep (accuracy/<family>/<implementation>), and the time per
// instruction of the vector instructions that bound the loops (instruction_ns/...,
// bench/instruction_costs.cpp).
//
// Flags besides Google Benchmark's: --simdact_quick (4 sizes, 3 repetitions, short runs).
// --benchmark_repetitions and --benchmark_min_time, when given, replace the defaults (5 and 0.1 s).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
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

// The list of operations as the benchmark reads it.
enum class domain { any, gradient, probability, signed_unit };
struct op_row {
  simdact_op id;
  const char* name;
  std::size_t inputs, outputs;
  std::vector<domain> domains;
  std::vector<double (*)(float)> unary_references;           // empty unless one input
  std::vector<double (*)(float, float)> gradient_references; // empty unless two inputs (dy, x)
  std::string references;                                    // as written, to find the ops that compute the same
  double max_ulp;
  std::vector<std::string> equals;
};
template <class F> std::vector<double (*)(float)> unary_references(std::initializer_list<F> refs) {
  if constexpr (std::is_same_v<F, double (*)(float)>) return refs;
  return {};
}
template <class F> std::vector<double (*)(float, float)> gradient_references(std::initializer_list<F> refs) {
  if constexpr (std::is_same_v<F, double (*)(float, float)>) return refs;
  return {};
}
const std::vector<op_row>& ops() {
#define BENCH_DOMAIN(name) domain::name
#define SIMDACT_OP(name, types, inputs, outputs, domains, references, max_ulp, ranges, monotone, nan, equals, ...)     \
  {simdact_op_##name,                                                                                                  \
   #name,                                                                                                              \
   SIMDACT_PP_COUNT inputs,                                                                                            \
   SIMDACT_PP_COUNT outputs,                                                                                           \
   {SIMDACT_PP_MAP(BENCH_DOMAIN, domains)},                                                                            \
   unary_references({SIMDACT_PP_EXPAND references}),                                                                   \
   gradient_references({SIMDACT_PP_EXPAND references}),                                                                \
   #references,                                                                                                        \
   max_ulp,                                                                                                            \
   {SIMDACT_PP_EXPAND equals}},
  static const std::vector<op_row> rows = {
#include "simdact/ops.def"
  };
#undef SIMDACT_OP
#undef BENCH_DOMAIN
  return rows;
}
const op_row* op_named(const std::string& name) {
  for (const op_row& op : ops())
    if (name == op.name) return &op;
  return nullptr;
}
/// The function an op computes: the first op of the list held to the same references (the fast
/// tier computes sigmoid), whose family holds the peers.
const op_row& computes(const op_row& op) {
  for (const op_row& other : ops())
    if (other.references == op.references) return other;
  return op;
}

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

enum class variant { none, in_place, offset4, masked };

const char* suffix(variant v) {
  switch (v) {
  case variant::none: return "";
  case variant::in_place: return ":in_place";
  case variant::offset4: return ":offset4";
  case variant::masked: return ":masked";
  }
  return "";
}

// Inputs by domain: x (any) and a gradient uniform in [-12, 12], a probability in [0, 1], a
// signed_unit in [-1, 1]; masked:
// half of the x (at random) replaced by -1e9, as an attention mask or padding gives to logits.
void run(benchmark::State& state, const implementation& impl, const std::vector<domain>& domains, variant how) {
  const std::size_t n = std::size_t(state.range(0));
  const std::size_t offset = how == variant::offset4 ? 1 : 0;
  std::vector<std::unique_ptr<buffer>> in_buffers, out_buffers;
  std::vector<const float*> in;
  std::vector<float*> out;
  for (std::size_t k = 0; k < impl.inputs; ++k) {
    in_buffers.push_back(std::make_unique<buffer>(n, offset));
    float* p = in_buffers.back()->data();
    const domain d = k < domains.size() ? domains[k] : domain::any;
    fill(p, n,
         d == domain::probability   ? 0.0f
         : d == domain::signed_unit ? -1.0f
                                    : -12.0f,
         d == domain::probability || d == domain::signed_unit ? 1.0f : 12.0f, unsigned(1 + k));
    if (how == variant::masked) {
      std::mt19937 rng(3);
      for (std::size_t i = 0; i < n; ++i)
        if (rng() & 1) p[i] = -1e9f;
    }
    in.push_back(p);
  }
  for (std::size_t o = 0; o < impl.outputs; ++o) {
    out_buffers.push_back(std::make_unique<buffer>(n, offset));
    // Touch the output: a fresh allocation's first write faults in every page, which at 32Mi cost
    // as much as the call itself and would be counted in the first iteration of each repetition.
    std::fill(out_buffers.back()->data(), out_buffers.back()->data() + n, 0.0f);
    out.push_back(how == variant::in_place && o == 0 ? in_buffers[0]->data() : out_buffers.back()->data());
  }
  const kernel k = impl.prepare(n);
  if (!k) {
    state.SkipWithError("could not prepare");
    return;
  }
  // In place, later iterations see the op's own outputs: the kernels here have no data-dependent
  // branches that matter, and refilling the buffer inside the timing would swamp 16Ki.
  for (auto _ : state) {
    k(in.data(), out.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * std::int64_t(n));
  state.SetBytesProcessed(state.iterations() * std::int64_t(n) * std::int64_t(4 * (impl.inputs + impl.outputs)));
}

// simdact's entries, one per op of the list and ISA this CPU has, and one for auto; each sets its
// ISA when it is prepared (just before its timing starts).  An op whose outputs equal other ops'
// also gets those ops called one after the other (-separate-calls), to compare with.
void register_simdact() {
  std::vector<std::string> isas = {"auto"};
  for (simdact::isa i : simdact::supported_isas()) isas.push_back(simdact::to_string(i));
  for (const std::string& isa : isas) {
    for (const op_row& op : ops()) {
      implementation i = named("simdact-" + isa, op.name, op.inputs, op.outputs);
      i.prepare = [isa, id = op.id](std::size_t n) -> kernel {
        simdact::set_isa(isa);
        return [id, n](const float* const* in, float* const* out) { simdact::run(id, in, out, n); };
      };
      registry().push_back(i);
      // Where every output equals an op called on the same inputs: the same work as separate calls.
      const auto same_inputs = [](const std::string& e) { return !e.empty() && e.find('(') == std::string::npos; };
      if (op.equals.empty() || !std::all_of(op.equals.begin(), op.equals.end(), same_inputs)) continue;
      std::vector<simdact_op> parts;
      for (const std::string& name : op.equals) parts.push_back(op_named(name)->id);
      i.name += "-separate-calls";
      i.prepare = [isa, parts](std::size_t n) -> kernel {
        simdact::set_isa(isa);
        return [parts, n](const float* const* in, float* const* out) {
          for (std::size_t o = 0; o < parts.size(); ++o) simdact::run(parts[o], in, out + o, n);
        };
      };
      registry().push_back(i);
    }
  }
}

// A 1-input implementation's accuracy over every 4099th bit pattern (all signs and exponents)
// against the reference of the function it computes: max ulp for |x| <= 80 (results far from
// underflow, where peers state their accuracy), max ulp over all non-NaN inputs (where flushing
// tiny results to 0 shows), and the count of NaN outputs for non-NaN inputs, for its first output.
// "core;full;nans;count".  A gradient op (dy, x) is measured the same way over x at dy = 1.
std::string accuracy(const implementation& impl, const std::function<double(float)>& reference) {
  std::vector<float> x;
  for (std::uint64_t bits = 0; bits < (1ull << 32); bits += 4099) {
    float v;
    const auto u = std::uint32_t(bits);
    std::memcpy(&v, &u, sizeof v);
    if (!std::isnan(v)) x.push_back(v);
  }
  std::vector<std::vector<float>> outputs(impl.outputs, std::vector<float>(x.size()));
  std::vector<float*> out;
  for (auto& v : outputs) out.push_back(v.data());
  const kernel k = impl.prepare(x.size());
  if (!k) return "";
  const std::vector<float> ones(impl.inputs == 2 ? x.size() : 0, 1.0f);
  const float* in[] = {impl.inputs == 2 ? ones.data() : x.data(), x.data()};
  k(in, out.data());
  double core = 0.0, full = 0.0;
  std::size_t nan_outputs = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (std::isnan(outputs[0][i])) {
      ++nan_outputs;
      continue;
    }
    const double err = simdact_ulp_error(outputs[0][i], reference(x[i]));
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
  for (std::size_t i = 0; i < ops().size(); ++i) {
    const op_row& op = ops()[i];
    benchmark::AddCustomContext(std::string("op/") + op.name,
                                "index=" + std::to_string(i) + ";computes=" + computes(op).name +
                                    ";inputs=" + std::to_string(op.inputs) + ";outputs=" + std::to_string(op.outputs) +
                                    ";max_ulp=" + std::to_string(op.max_ulp));
  }
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
    const op_row* row = op_named(impl.function);
    const std::vector<domain> domains = row ? row->domains : std::vector<domain>{};
    auto add = [&](variant how, const std::vector<std::int64_t>& ns) {
      auto* b =
          benchmark::RegisterBenchmark((impl.function + suffix(how) + "/" + impl.name).c_str(),
                                       [&impl, domains, how](benchmark::State& s) { run(s, impl, domains, how); });
      for (std::int64_t n : ns) b->Arg(n);
      total += ns.size();
      // Rates from wall-clock time, as the time columns: on a VM, CPU time leaves out stolen time.
      b->ReportAggregatesOnly(true)->UseRealTime()->Unit(benchmark::kMicrosecond);
      if (!repetitions_given) b->Repetitions(repetitions);
      if (!min_time_given) b->MinTime(min_time);
    };
    if (impl.bound) {
      benchmark::AddCustomContext("bound/" + impl.name, "inputs=" + std::to_string(impl.inputs) +
                                                            ";outputs=" + std::to_string(impl.outputs) +
                                                            ";layout=" + (impl.in_place ? "in_place" : "separate"));
      if (impl.in_place) {
        add(variant::in_place, in_place_sizes);
        continue;
      }
      add(variant::none, sizes);
      if (impl.inputs == 1 && impl.outputs == 1) add(variant::offset4, {16 << 10}); // the misaligned bound
      continue;
    }
    add(variant::none, sizes);
    if (impl.inputs == 2 && impl.outputs == 1 && row && row->gradient_references.size() == 1 &&
        row->domains[0] == domain::gradient && row->domains[1] == domain::any) {
      const auto reference = row->gradient_references[0];
      if (const std::string a = accuracy(impl, [reference](float x) { return reference(1.0f, x); }); !a.empty())
        benchmark::AddCustomContext("accuracy/" + impl.function + "/" + impl.name, a);
    }
    if (impl.inputs == 1 && impl.outputs == 1 && row && row->domains[0] == domain::any) {
      // Small n (the call's fixed cost: dispatch, argument checks, the masked or padded tail).
      if (!quick) add(variant::none, {1, 8, 33, 64});
      // In place at DRAM sizes too: the streaming stores (docs/design/loop.md) must pay off there.
      add(variant::in_place, in_place_sizes);
      add(variant::offset4, {16 << 10});
      // Saturated inputs: where an x86 core takes a microcode assist for each instruction with a
      // subnormal result, a kernel that meets one at |x| >= 104 runs many times slower
      // (docs/design/sigmoid.md, "Large |x|").
      add(variant::masked, {16 << 10});
      if (row->unary_references.size() == 1) {
        if (const std::string a = accuracy(impl, row->unary_references[0]); !a.empty())
          benchmark::AddCustomContext("accuracy/" + impl.function + "/" + impl.name, a);
      }
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
