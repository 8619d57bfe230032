// Peer: Eigen (Debian's libeigen3-dev) ArrayXf::logistic(), compiled -O3 -march=native.
#include <Eigen/Core>

#include "registry.hpp"

namespace {
const bench::registrar entry{bench::unary("eigen", "sigmoid", [](std::size_t n) -> bench::unary_kernel {
  return [n](const float* x, float* y) {
    Eigen::Map<Eigen::ArrayXf>(y, Eigen::Index(n)) = Eigen::Map<const Eigen::ArrayXf>(x, Eigen::Index(n)).logistic();
  };
})};
} // namespace
