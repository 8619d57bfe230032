// One side of an A/B of two builds of simdact (tools/ab/run.sh): times every named C entry point
// that both builds have (the C API is source-compatible across them) on the ISAs given, at the sizes
// given, and prints one line per (ISA, op, n): the median over 7 samples of the nanoseconds per
// element, each sample about 10 ms of back-to-back calls on the same buffers (x uniform in
// [-12, 12], y in [0, 1]).
//   ab_bench ISA[,ISA...] N[,N...]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "simdact/simdact.h"

namespace {

std::vector<std::string> split(const std::string& list) {
  std::vector<std::string> parts;
  std::stringstream s(list);
  for (std::string part; std::getline(s, part, ',');) parts.push_back(part);
  return parts;
}

double median_ns_per_element(const std::function<void()>& call, std::size_t n) {
  using clock = std::chrono::steady_clock;
  for (int i = 0; i < 20; ++i) call(); // warm the caches and the clock
  // Calls per sample: about 10 ms.
  const auto start = clock::now();
  int calls = 0;
  while (clock::now() - start < std::chrono::milliseconds(10)) call(), ++calls;
  std::vector<double> samples;
  for (int s = 0; s < 7; ++s) {
    const auto t0 = clock::now();
    for (int i = 0; i < calls; ++i) call();
    samples.push_back(std::chrono::duration<double, std::nano>(clock::now() - t0).count() / (double(calls) * n));
  }
  std::sort(samples.begin(), samples.end());
  return samples[samples.size() / 2];
}

} // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: ab_bench ISA[,ISA...] N[,N...]\n");
    return 2;
  }
  for (const std::string& isa : split(argv[1])) {
    if (simdact_set_isa(isa.c_str()) != SIMDACT_OK) {
      std::fprintf(stderr, "ab_bench: ISA %s is not supported here\n", isa.c_str());
      return 1;
    }
    for (const std::string& size : split(argv[2])) {
      const std::size_t n = std::stoul(size);
      std::vector<float> x(n), y(n), d(n), dx(n);
      std::mt19937 rng(1);
      std::uniform_real_distribution<float> around(-12.0f, 12.0f), unit(0.0f, 1.0f);
      for (std::size_t i = 0; i < n; ++i) x[i] = around(rng), y[i] = unit(rng);
      const std::pair<const char*, std::function<void()>> ops[] = {
          {"sigmoid", [&] { simdact_sigmoid_f32(x.data(), d.data(), n); }},
          {"sigmoid_fast", [&] { simdact_sigmoid_fast_f32(x.data(), d.data(), n); }},
          {"sigmoid_derivative", [&] { simdact_sigmoid_derivative_f32(x.data(), d.data(), n); }},
          {"sigmoid_with_derivative", [&] { simdact_sigmoid_with_derivative_f32(x.data(), d.data(), dx.data(), n); }},
          {"sigmoid_backward", [&] { simdact_sigmoid_backward_f32(x.data(), y.data(), dx.data(), n); }},
      };
      for (const auto& [name, call] : ops)
        std::printf("%s %s %zu %.6f\n", isa.c_str(), name, n, median_ns_per_element(call, n));
    }
  }
  return 0;
}
