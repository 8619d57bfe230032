// Peer: Eigen (Debian's libeigen3-dev) ArrayXf::logistic() and ArrayXf::tanh() (its rational
// approximation), compiled -O3 -march=native.
#include <Eigen/Core>

#include "registry.hpp"

namespace {
const bench::registrar entry{bench::unary("eigen", "sigmoid", [](std::size_t n) -> bench::unary_kernel {
  return [n](const float* x, float* y) {
    Eigen::Map<Eigen::ArrayXf>(y, Eigen::Index(n)) = Eigen::Map<const Eigen::ArrayXf>(x, Eigen::Index(n)).logistic();
  };
})};
const bench::registrar tanh_entry{bench::unary("eigen", "tanh", [](std::size_t n) -> bench::unary_kernel {
  return [n](const float* x, float* y) {
    Eigen::Map<Eigen::ArrayXf>(y, Eigen::Index(n)) = Eigen::Map<const Eigen::ArrayXf>(x, Eigen::Index(n)).tanh();
  };
})};
} // namespace
