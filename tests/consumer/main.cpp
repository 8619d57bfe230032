// A consumer of the installed or embedded simdact: every C++ entry point (but the C++20 span
// overloads) once, checked.
#include <simdact/simdact.hpp>

#include <cstdio>
#include <cstring>
#include <vector>

int main() {
  std::vector<float> x = {-3.0f, 0.0f, 3.0f}, y(3), fast(3), d(3), dx(3);
  simdact::sigmoid(x.data(), y.data(), x.size());
  simdact::sigmoid_fast(x.data(), fast.data(), x.size());
  simdact::sigmoid_derivative(x.data(), d.data(), x.size());
  simdact::sigmoid_with_derivative(x.data(), y.data(), d.data(), x.size());
  simdact::sigmoid_backward(x.data(), y.data(), dx.data(), x.size());
  bool ok = y[1] == 0.5f && d[1] == 0.25f && y[0] > 0.047f && y[0] < 0.048f && fast[1] == 0.5f && fast[2] > 0.952f &&
            fast[2] < 0.953f && dx[2] > 0.135f && dx[2] < 0.136f; // 3 * 0.9526 * 0.0474
  try {
    simdact::sigmoid(nullptr, y.data(), 3);
    ok = false;
  } catch (const std::invalid_argument&) {
  }
  const std::vector<simdact::isa> isas = simdact::supported_isas();
  ok = ok && !isas.empty() && isas.back() == simdact::isa::scalar;
  simdact::set_isa(simdact::isa::scalar);
  ok = ok && simdact::active_isa() == simdact::isa::scalar;
  simdact::set_isa("auto");
  ok = ok && simdact::active_isa() == isas.front();
  ok = ok && std::strcmp(simdact_version(), SIMDACT_VERSION_STRING) == 0;
  std::printf("simdact %s on %s: %s\n", simdact_version(), simdact::to_string(simdact::active_isa()),
              ok ? "ok" : "FAILED");
  return ok ? 0 : 1;
}
