// Thread safety: worker threads call every kernel on shared inputs while another thread keeps
// switching the ISA with set_isa.  Every call's output must be exactly what one of the supported
// ISAs computes (the old table or the new one, never a mix).  Run under ThreadSanitizer by the
// tsan preset.
#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "test_support.hpp"

namespace {

using namespace simdact_test;

TEST(Threads, KernelsWhileSwitchingIsa) {
  constexpr std::size_t n = 517; // body and tail on every path
  std::vector<float> x(n), dy(n), yb(n);
  for (std::size_t i = 0; i < n; ++i) {
    x[i] = -30.0f + 60.0f * float(i) / float(n);
    dy[i] = 1.0f + float(i % 7);
    yb[i] = float(i) / float(n);
  }
  // Each ISA's exact outputs, computed before the race.
  const std::vector<simdact::isa> isas = simdact::supported_isas();
  struct outputs {
    std::vector<float> y, fast, d, dx;
  };
  std::vector<outputs> expected;
  for (simdact::isa i : isas) {
    const auto* k = kernels_for(i);
    outputs o{std::vector<float>(n), std::vector<float>(n), std::vector<float>(n), std::vector<float>(n)};
    k->sigmoid(x.data(), o.y.data(), n);
    k->sigmoid_fast(x.data(), o.fast.data(), n);
    k->sigmoid_derivative(x.data(), o.d.data(), n);
    k->sigmoid_backward(dy.data(), yb.data(), o.dx.data(), n);
    expected.push_back(std::move(o));
  }
  auto matches_one = [&](const std::vector<float>& got, std::vector<float> outputs::*which) {
    for (const outputs& o : expected)
      if (std::memcmp(got.data(), (o.*which).data(), n * sizeof(float)) == 0) return true;
    return false;
  };

  std::atomic<bool> stop{false};
  std::atomic<long> calls{0}, mismatches{0};
  std::thread switcher([&] {
    for (std::size_t round = 0; !stop.load(std::memory_order_relaxed); ++round) {
      simdact::set_isa(isas[round % isas.size()]);
      std::this_thread::yield();
    }
  });
  std::vector<std::thread> workers;
  for (int t = 0; t < 3; ++t) {
    workers.emplace_back([&] {
      std::vector<float> y(n), fast(n), d(n), fy(n), fd(n), dx(n);
      while (!stop.load(std::memory_order_relaxed)) {
        simdact::sigmoid(x.data(), y.data(), n);
        simdact::sigmoid_fast(x.data(), fast.data(), n);
        simdact::sigmoid_derivative(x.data(), d.data(), n);
        simdact::sigmoid_with_derivative(x.data(), fy.data(), fd.data(), n);
        simdact::sigmoid_backward(dy.data(), yb.data(), dx.data(), n);
        const bool ok = matches_one(y, &outputs::y) && matches_one(fast, &outputs::fast) &&
                        matches_one(d, &outputs::d) && matches_one(fy, &outputs::y) && matches_one(fd, &outputs::d) &&
                        matches_one(dx, &outputs::dx);
        mismatches.fetch_add(ok ? 0 : 1, std::memory_order_relaxed);
        calls.fetch_add(1, std::memory_order_relaxed);
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  stop = true;
  switcher.join();
  for (auto& w : workers) w.join();
  simdact::set_isa("auto");
  EXPECT_GT(calls.load(), 10) << "the workers ran";
  EXPECT_EQ(mismatches.load(), 0) << "of " << calls.load() << " rounds";
}

} // namespace
