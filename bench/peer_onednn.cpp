// Peer: oneDNN (Debian's libdnnl-dev): eltwise_logistic forward (inference) and its backward from
// the forward's output (eltwise_logistic_use_dst_for_bwd), primitives created once per size.
// One thread: bench/run.sh sets OMP_NUM_THREADS=1 (and DNNL's own CPU runtime follows it).
#include <oneapi/dnnl/dnnl.hpp>

#include <memory>

#include "registry.hpp"

namespace {

dnnl::engine& engine() {
  static dnnl::engine e(dnnl::engine::kind::cpu, 0);
  return e;
}

dnnl::memory::desc vector_desc(std::size_t n) {
  return dnnl::memory::desc({dnnl::memory::dim(n)}, dnnl::memory::data_type::f32, dnnl::memory::format_tag::a);
}

const bench::registrar forward{
    bench::unary("onednn", bench::function::sigmoid, [](std::size_t n) -> bench::unary_kernel {
      const auto md = vector_desc(n);
      auto pd = dnnl::eltwise_forward::primitive_desc(dnnl::eltwise_forward::desc(dnnl::prop_kind::forward_inference,
                                                                                  dnnl::algorithm::eltwise_logistic, md,
                                                                                  0.f, 0.f),
                                                      engine());
      auto prim = std::make_shared<dnnl::eltwise_forward>(pd);
      auto stream = std::make_shared<dnnl::stream>(engine());
      return [prim, stream, md](const float* x, float* y) {
        dnnl::memory src(md, engine(), const_cast<float*>(x)), dst(md, engine(), y);
        prim->execute(*stream, {{DNNL_ARG_SRC, src}, {DNNL_ARG_DST, dst}});
        stream->wait();
      };
    })};

const bench::registrar backward{bench::backward("onednn", [](std::size_t n) -> bench::backward_kernel {
  const auto md = vector_desc(n);
  auto hint = dnnl::eltwise_forward::primitive_desc(
      dnnl::eltwise_forward::desc(dnnl::prop_kind::forward_training, dnnl::algorithm::eltwise_logistic_use_dst_for_bwd,
                                  md, 0.f, 0.f),
      engine());
  auto pd = dnnl::eltwise_backward::primitive_desc(
      dnnl::eltwise_backward::desc(dnnl::algorithm::eltwise_logistic_use_dst_for_bwd, md, md, 0.f, 0.f), engine(),
      hint);
  auto prim = std::make_shared<dnnl::eltwise_backward>(pd);
  auto stream = std::make_shared<dnnl::stream>(engine());
  return [prim, stream, md](const float* dy, const float* y, float* dx) {
    dnnl::memory diff_dst(md, engine(), const_cast<float*>(dy)), dst(md, engine(), const_cast<float*>(y)),
        diff_src(md, engine(), dx);
    prim->execute(*stream, {{DNNL_ARG_DIFF_DST, diff_dst}, {DNNL_ARG_DST, dst}, {DNNL_ARG_DIFF_SRC, diff_src}});
    stream->wait();
  };
})};

} // namespace
