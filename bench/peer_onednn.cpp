// Peer: oneDNN (Debian's libdnnl-dev): eltwise_logistic forward (inference) and its backward from
// the forward's output (eltwise_logistic_use_dst_for_bwd), eltwise_swish (alpha = 1: silu) and its
// backward from the forward's input (silu_backward), eltwise_tanh and its backward from the
// forward's output (eltwise_tanh_use_dst_for_bwd), eltwise_soft_relu and eltwise_logsigmoid and
// their backwards from the input,
// primitives and memory objects created
// once per size, each call pointing the memory objects at its buffers (set_data_handle), as a
// framework that reuses them does.
// One thread: Debian's libdnnl runs on OpenMP, whose thread count is set to 1 here when the engine
// is made (bench/run.sh also exports OMP_NUM_THREADS=1, which a direct run of simdact_bench lacks).
#include <dlfcn.h>

#include <oneapi/dnnl/dnnl.hpp>

#include <memory>

#include "registry.hpp"

namespace {

dnnl::engine& engine() {
  static dnnl::engine e = [] {
    // libgomp is loaded with libdnnl; its omp_set_num_threads, looked up rather than linked, so that
    // this file needs no OpenMP flags.
    if (auto* set_threads = reinterpret_cast<void (*)(int)>(dlsym(RTLD_DEFAULT, "omp_set_num_threads"))) set_threads(1);
    return dnnl::engine(dnnl::engine::kind::cpu, 0);
  }();
  return e;
}

std::shared_ptr<dnnl::memory> placeholder(const dnnl::memory::desc& md) {
  return std::make_shared<dnnl::memory>(md, engine(), static_cast<void*>(DNNL_MEMORY_NONE));
}

dnnl::memory::desc vector_desc(std::size_t n) {
  return dnnl::memory::desc({dnnl::memory::dim(n)}, dnnl::memory::data_type::f32, dnnl::memory::format_tag::a);
}

bench::unary_kernel eltwise(std::size_t n, dnnl::algorithm algorithm, float alpha) {
  const auto md = vector_desc(n);
  auto pd = dnnl::eltwise_forward::primitive_desc(
      dnnl::eltwise_forward::desc(dnnl::prop_kind::forward_inference, algorithm, md, alpha, 0.f), engine());
  auto prim = std::make_shared<dnnl::eltwise_forward>(pd);
  auto stream = std::make_shared<dnnl::stream>(engine());
  auto src = placeholder(md), dst = placeholder(md);
  return [prim, stream, src, dst](const float* x, float* y) {
    src->set_data_handle(const_cast<float*>(x));
    dst->set_data_handle(y);
    prim->execute(*stream, {{DNNL_ARG_SRC, *src}, {DNNL_ARG_DST, *dst}});
    stream->wait();
  };
}

const bench::registrar forward{bench::unary("onednn", "sigmoid", [](std::size_t n) -> bench::unary_kernel {
  return eltwise(n, dnnl::algorithm::eltwise_logistic, 0.f);
})};

// soft_relu is softplus in oneDNN 2.6 (alpha ignored), logsigmoid log(sigma(x)).
const bench::registrar softplus{bench::unary("onednn", "softplus", [](std::size_t n) -> bench::unary_kernel {
  return eltwise(n, dnnl::algorithm::eltwise_soft_relu, 0.f);
})};

const bench::registrar log_sigmoid{bench::unary("onednn", "log_sigmoid", [](std::size_t n) -> bench::unary_kernel {
  return eltwise(n, dnnl::algorithm::eltwise_logsigmoid, 0.f);
})};

const bench::registrar mish{bench::unary("onednn", "mish", [](std::size_t n) -> bench::unary_kernel {
  return eltwise(n, dnnl::algorithm::eltwise_mish, 0.f);
})};

const bench::registrar tanh{bench::unary("onednn", "tanh", [](std::size_t n) -> bench::unary_kernel {
  return eltwise(n, dnnl::algorithm::eltwise_tanh, 0.f);
})};

const bench::registrar swish{bench::unary("onednn", "silu", [](std::size_t n) -> bench::unary_kernel {
  return eltwise(n, dnnl::algorithm::eltwise_swish, 1.f);
})};

// swiglu, as a oneDNN user writes it: swish then the binary multiply primitive (two passes).  Its
// own fusion, swish with a binary-multiply post-op, is not a row: Debian's oneDNN 2.6 creates the
// primitive, but its timings (25 G/s to 8 T/s) showed it computing nothing (bench/RESULTS.md).
const bench::registrar swiglu{bench::binary("onednn", "swiglu", [](std::size_t n) -> bench::binary_kernel {
  const auto md = vector_desc(n);
  const bench::unary_kernel swish = eltwise(n, dnnl::algorithm::eltwise_swish, 1.f);
  auto pd = dnnl::binary::primitive_desc(dnnl::binary::desc(dnnl::algorithm::binary_mul, md, md, md), engine());
  auto prim = std::make_shared<dnnl::binary>(pd);
  auto stream = std::make_shared<dnnl::stream>(engine());
  auto src0 = placeholder(md), src1 = placeholder(md), dst = placeholder(md);
  return [swish, prim, stream, src0, src1, dst](const float* a, const float* b, float* y) {
    swish(a, y);
    src0->set_data_handle(y);
    src1->set_data_handle(const_cast<float*>(b));
    dst->set_data_handle(y);
    prim->execute(*stream, {{DNNL_ARG_SRC_0, *src0}, {DNNL_ARG_SRC_1, *src1}, {DNNL_ARG_DST, *dst}});
    stream->wait();
  };
})};

/// An eltwise backward primitive: dx from dy and, as `arg` says, the forward's input
/// (DNNL_ARG_SRC) or output (DNNL_ARG_DST, for the use_dst algorithms).
bench::binary_kernel eltwise_backward(std::size_t n, dnnl::algorithm algorithm, float alpha, int arg) {
  const auto md = vector_desc(n);
  auto hint = dnnl::eltwise_forward::primitive_desc(
      dnnl::eltwise_forward::desc(dnnl::prop_kind::forward_training, algorithm, md, alpha, 0.f), engine());
  auto pd = dnnl::eltwise_backward::primitive_desc(dnnl::eltwise_backward::desc(algorithm, md, md, alpha, 0.f),
                                                   engine(), hint);
  auto prim = std::make_shared<dnnl::eltwise_backward>(pd);
  auto stream = std::make_shared<dnnl::stream>(engine());
  auto diff_dst = placeholder(md), forward = placeholder(md), diff_src = placeholder(md);
  return [prim, stream, diff_dst, forward, diff_src, arg](const float* dy, const float* v, float* dx) {
    diff_dst->set_data_handle(const_cast<float*>(dy));
    forward->set_data_handle(const_cast<float*>(v));
    diff_src->set_data_handle(dx);
    prim->execute(*stream, {{DNNL_ARG_DIFF_DST, *diff_dst}, {arg, *forward}, {DNNL_ARG_DIFF_SRC, *diff_src}});
    stream->wait();
  };
}

const bench::registrar backward{bench::binary("onednn", "sigmoid_backward", [](std::size_t n) {
  return eltwise_backward(n, dnnl::algorithm::eltwise_logistic_use_dst_for_bwd, 0.f, DNNL_ARG_DST);
})};

const bench::registrar tanh_backward{bench::binary("onednn", "tanh_backward", [](std::size_t n) {
  return eltwise_backward(n, dnnl::algorithm::eltwise_tanh_use_dst_for_bwd, 0.f, DNNL_ARG_DST);
})};

const bench::registrar swish_backward{bench::binary("onednn", "silu_backward", [](std::size_t n) {
  return eltwise_backward(n, dnnl::algorithm::eltwise_swish, 1.f, DNNL_ARG_SRC);
})};

const bench::registrar soft_relu_backward{bench::binary("onednn", "softplus_backward", [](std::size_t n) {
  return eltwise_backward(n, dnnl::algorithm::eltwise_soft_relu, 0.f, DNNL_ARG_SRC);
})};

const bench::registrar logsigmoid_backward{bench::binary("onednn", "log_sigmoid_backward", [](std::size_t n) {
  return eltwise_backward(n, dnnl::algorithm::eltwise_logsigmoid, 0.f, DNNL_ARG_SRC);
})};

const bench::registrar mish_backward{bench::binary("onednn", "mish_backward", [](std::size_t n) {
  return eltwise_backward(n, dnnl::algorithm::eltwise_mish, 0.f, DNNL_ARG_SRC);
})};

} // namespace
