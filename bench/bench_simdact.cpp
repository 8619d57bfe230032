// simdact's own kernels, per function, per ISA (forced with set_isa) and auto, per size.
// One thread.  Counters: items/s (elements) and bytes/s (8 bytes per element forward: one float
// read, one written; 12 for the fused and backward kernels).
#include <benchmark/benchmark.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "simdact/simdact.hpp"

namespace {

struct buffers {
  std::vector<float> x, y, d;
  explicit buffers(std::size_t n) : x(n), y(n), d(n) {
    std::mt19937 rng(1);
    std::uniform_real_distribution<float> dist(-12.0f, 12.0f);
    for (float& v : x) v = dist(rng);
    std::uniform_real_distribution<float> unit(0.0f, 1.0f);
    for (float& v : y) v = unit(rng);
  }
};

enum class kernel { sigmoid, derivative, fused, backward };

void run(benchmark::State& state, kernel k, const std::string& isa_name) {
  simdact::set_isa(isa_name);
  const std::size_t n = std::size_t(state.range(0));
  buffers b(n);
  std::vector<float> out(n);
  for (auto _ : state) {
    switch (k) {
    case kernel::sigmoid: simdact::sigmoid(b.x.data(), out.data(), n); break;
    case kernel::derivative: simdact::sigmoid_derivative(b.x.data(), out.data(), n); break;
    case kernel::fused: simdact::sigmoid_with_derivative(b.x.data(), out.data(), b.d.data(), n); break;
    case kernel::backward: simdact::sigmoid_backward(b.x.data(), b.y.data(), out.data(), n); break;
    }
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  const std::int64_t bytes_per_element = (k == kernel::sigmoid || k == kernel::derivative) ? 8 : 12;
  state.SetItemsProcessed(state.iterations() * std::int64_t(n));
  state.SetBytesProcessed(state.iterations() * std::int64_t(n) * bytes_per_element);
  state.SetLabel(simdact::to_string(simdact::active_isa()));
}

} // namespace

int main(int argc, char** argv) {
  std::vector<std::string> isas = {"auto"};
  for (simdact::isa i : simdact::supported_isas()) isas.push_back(simdact::to_string(i));
  const struct {
    kernel k;
    const char* name;
  } kernels[] = {{kernel::sigmoid, "sigmoid"},
                 {kernel::derivative, "sigmoid_derivative"},
                 {kernel::fused, "sigmoid_with_derivative"},
                 {kernel::backward, "sigmoid_backward"}};
  for (const auto& k : kernels)
    for (const std::string& isa : isas)
      benchmark::RegisterBenchmark((std::string("simdact/") + k.name + "/" + isa).c_str(), run, k.k, isa)
          ->Arg(1 << 10)
          ->Arg(16 << 10)
          ->Arg(256 << 10)
          ->Arg(4 << 20);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
