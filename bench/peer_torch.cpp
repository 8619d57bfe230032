// Peer: PyTorch's own CPU kernels (Debian's libtorch-dev, 1.13) through ATen's C++ API, one thread
// (at::set_num_threads(1)), on tensors that wrap the benchmark's buffers (at::from_blob, made once
// per size): at::sigmoid_out, at::sigmoid_backward_out, at::silu_out, for swiglu at::silu_out
// into a scratch tensor then at::mul_out, as a PyTorch model computes silu(a) * b, and for
// silu_derivative at::silu_backward_out with dy = 1 (a tensor of ones), ATen's way to silu'(x),
// and at::silu_backward_out for silu_backward; at::tanh_out, and at::tanh_backward_out (from y);
// at::softplus_out (beta 1, threshold 20), at::log_sigmoid_out, at::softplus_backward_out and
// at::log_sigmoid_backward_out; at::mish_out, and at::mish_backward (no out variant: its result
// is allocated with each call, as autograd does, then copied into dx).
// ATen picks its kernels' ISA when the process starts: AVX-512 only on Intel unless
// ATEN_CPU_CAPABILITY=avx512 is set, so the implementation is named after the capability in use
// (pytorch-avx2, pytorch-avx512), and bench/run.sh runs the pytorch rows a second time with
// ATEN_CPU_CAPABILITY=avx512 where the CPU has it.
#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <ATen/Version.h>

#include <string>

#include "registry.hpp"

namespace {

/// The capability ATen dispatches to, from its configuration text ("CPU capability usage: AVX2"):
/// Debian's libtorch does not export at::native::get_cpu_capability.
std::string name() {
  const std::string config = at::show_config();
  if (config.find("capability usage: AVX512") != std::string::npos) return "pytorch-avx512";
  if (config.find("capability usage: AVX2") != std::string::npos) return "pytorch-avx2";
  return "pytorch-default";
}

at::Tensor wrap(const float* p, std::size_t n) {
  at::set_num_threads(1);
  return at::from_blob(const_cast<float*>(p), {std::int64_t(n)}, at::kFloat);
}

// Tensors wrap fixed pointers: the kernel re-wraps only when the benchmark hands it other buffers.
struct wrapped {
  const float* p = nullptr;
  at::Tensor t;
  at::Tensor& of(const float* q, std::size_t n) {
    if (q != p) {
      t = wrap(q, n);
      p = q;
    }
    return t;
  }
};

const bench::registrar sigmoid{bench::unary(name(), "sigmoid", [](std::size_t n) -> bench::unary_kernel {
  return [n, x = wrapped{}, y = wrapped{}](const float* xp, float* yp) mutable {
    at::sigmoid_out(y.of(yp, n), x.of(xp, n));
  };
})};

const bench::registrar tanh{bench::unary(name(), "tanh", [](std::size_t n) -> bench::unary_kernel {
  return
      [n, x = wrapped{}, y = wrapped{}](const float* xp, float* yp) mutable { at::tanh_out(y.of(yp, n), x.of(xp, n)); };
})};

// PyTorch's softplus with beta = 1 and its default threshold = 20 (x itself above 20, where
// softplus(x) already rounds to x), and log_sigmoid.
const bench::registrar softplus{bench::unary(name(), "softplus", [](std::size_t n) -> bench::unary_kernel {
  return [n, x = wrapped{}, y = wrapped{}](const float* xp, float* yp) mutable {
    at::softplus_out(y.of(yp, n), x.of(xp, n), 1, 20);
  };
})};

const bench::registrar log_sigmoid{bench::unary(name(), "log_sigmoid", [](std::size_t n) -> bench::unary_kernel {
  return [n, x = wrapped{}, y = wrapped{}](const float* xp, float* yp) mutable {
    at::log_sigmoid_out(y.of(yp, n), x.of(xp, n));
  };
})};

const bench::registrar tanh_backward{bench::binary(name(), "tanh_backward", [](std::size_t n) -> bench::binary_kernel {
  return [n, dy = wrapped{}, y = wrapped{}, dx = wrapped{}](const float* dyp, const float* yp, float* dxp) mutable {
    at::tanh_backward_out(dx.of(dxp, n), dy.of(dyp, n), y.of(yp, n));
  };
})};

const bench::registrar sigmoid_backward{
    bench::binary(name(), "sigmoid_backward", [](std::size_t n) -> bench::binary_kernel {
      return [n, dy = wrapped{}, y = wrapped{}, dx = wrapped{}](const float* dyp, const float* yp, float* dxp) mutable {
        at::sigmoid_backward_out(dx.of(dxp, n), dy.of(dyp, n), y.of(yp, n));
      };
    })};

const bench::registrar silu{bench::unary(name(), "silu", [](std::size_t n) -> bench::unary_kernel {
  return
      [n, x = wrapped{}, y = wrapped{}](const float* xp, float* yp) mutable { at::silu_out(y.of(yp, n), x.of(xp, n)); };
})};

const bench::registrar silu_derivative{
    bench::unary(name(), "silu_derivative", [](std::size_t n) -> bench::unary_kernel {
      return [n, x = wrapped{}, d = wrapped{}, ones = at::ones({std::int64_t(n)}, at::kFloat)](
                 const float* xp, float* dp) mutable { at::silu_backward_out(d.of(dp, n), ones, x.of(xp, n)); };
    })};

const bench::registrar silu_backward{bench::binary(name(), "silu_backward", [](std::size_t n) -> bench::binary_kernel {
  return [n, dy = wrapped{}, x = wrapped{}, dx = wrapped{}](const float* dyp, const float* xp, float* dxp) mutable {
    at::silu_backward_out(dx.of(dxp, n), dy.of(dyp, n), x.of(xp, n));
  };
})};

const bench::registrar softplus_backward{
    bench::binary(name(), "softplus_backward", [](std::size_t n) -> bench::binary_kernel {
      return [n, dy = wrapped{}, x = wrapped{}, dx = wrapped{}](const float* dyp, const float* xp, float* dxp) mutable {
        at::softplus_backward_out(dx.of(dxp, n), dy.of(dyp, n), x.of(xp, n), 1, 20);
      };
    })};

// log_sigmoid's backward takes the forward's buffer (e^-|x| on the CPU): made by
// at::log_sigmoid_forward when the benchmark hands the kernel another x, not timed with each call.
const bench::registrar log_sigmoid_backward{
    bench::binary(name(), "log_sigmoid_backward", [](std::size_t n) -> bench::binary_kernel {
      return [n, dy = wrapped{}, x = wrapped{}, dx = wrapped{}, buffer = at::Tensor(),
              buffer_of = static_cast<const float*>(nullptr)](const float* dyp, const float* xp, float* dxp) mutable {
        if (xp != buffer_of) {
          buffer = std::get<1>(at::log_sigmoid_forward(x.of(xp, n)));
          buffer_of = xp;
        }
        at::log_sigmoid_backward_out(dx.of(dxp, n), dy.of(dyp, n), x.of(xp, n), buffer);
      };
    })};

const bench::registrar mish{bench::unary(name(), "mish", [](std::size_t n) -> bench::unary_kernel {
  return
      [n, x = wrapped{}, y = wrapped{}](const float* xp, float* yp) mutable { at::mish_out(y.of(yp, n), x.of(xp, n)); };
})};

const bench::registrar mish_backward{bench::binary(name(), "mish_backward", [](std::size_t n) -> bench::binary_kernel {
  return [n, dy = wrapped{}, x = wrapped{}, dx = wrapped{}](const float* dyp, const float* xp, float* dxp) mutable {
    dx.of(dxp, n).copy_(at::mish_backward(dy.of(dyp, n), x.of(xp, n)));
  };
})};

const bench::registrar swiglu{bench::binary(name(), "swiglu", [](std::size_t n) -> bench::binary_kernel {
  return [n, a = wrapped{}, b = wrapped{}, y = wrapped{},
          scratch = at::empty({std::int64_t(n)}, at::kFloat)](const float* ap, const float* bp, float* yp) mutable {
    at::silu_out(scratch, a.of(ap, n));
    at::mul_out(y.of(yp, n), scratch, b.of(bp, n));
  };
})};

// PyTorch's pieces for swiglu_backward, as autograd runs them: silu_backward of dy*b, silu then times dy.
const bench::registrar swiglu_backward{[] {
  bench::implementation i = bench::named(name(), "swiglu_backward", 3, 2);
  i.prepare = [](std::size_t n) -> bench::kernel {
    return [n, dy = wrapped{}, a = wrapped{}, b = wrapped{}, da = wrapped{}, db = wrapped{},
            scratch = at::empty({std::int64_t(n)}, at::kFloat)](const float* const* in, float* const* out) mutable {
      at::mul_out(scratch, dy.of(in[0], n), b.of(in[2], n));
      at::silu_backward_out(da.of(out[0], n), scratch, a.of(in[1], n));
      at::silu_out(scratch, a.of(in[1], n));
      at::mul_out(db.of(out[1], n), scratch, dy.of(in[0], n));
    };
  };
  return i;
}()};

} // namespace
