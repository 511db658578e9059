#include "tensor_ops.h"

#include "vlmprobe/engine/generation.h"

#include <torch/version.h>

#include <map>
#include <optional>

// scaled_dot_product_attention with enable_gqa arrived in libtorch 2.5.
#if defined(TORCH_VERSION_MAJOR) && (TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 5))
#define VLMPROBE_HAS_FUSED_ATTENTION 1
#else
#define VLMPROBE_HAS_FUSED_ATTENTION 0
#endif

namespace vlmprobe::engine {

namespace {

// Upper bound on one block of attention scores (elements), about 256 MB in float32.
constexpr std::int64_t kMaxScoreElements = std::int64_t(64) << 20;

// q, k, v [B, heads, s, d] float32 -> [B, heads, s, d]; softmax over keys in float32 as eager attention does.
at::Tensor denseAttention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, double scale)
{
    const std::int64_t perQuery = q.size(0) * q.size(1) * k.size(2);
    const std::int64_t queryBlock = std::max<std::int64_t>(1, kMaxScoreElements / std::max<std::int64_t>(perQuery, 1));
    const at::Tensor keysT = k.transpose(-2, -1);
    if (q.size(2) <= queryBlock)
        return at::matmul(at::softmax(at::matmul(q, keysT) * scale, -1), v);
    std::vector<at::Tensor> parts;
    for (std::int64_t start = 0; start < q.size(2); start += queryBlock) {
        const std::int64_t length = std::min(queryBlock, q.size(2) - start);
        const at::Tensor block = q.narrow(2, start, length);
        parts.push_back(at::matmul(at::softmax(at::matmul(block, keysT) * scale, -1), v));
    }
    return at::cat(parts, 2);
}

// A template, so that a libtorch without the cuDNN attention switch simply skips the call.
template <typename Context> void disableCudnnAttention(Context& context)
{
    if constexpr (requires { context.setSDPUseCuDNN(false); })
        context.setSDPUseCuDNN(false);
}

} // namespace

bool fusedAttentionAvailable(const at::Tensor& q)
{
    return VLMPROBE_HAS_FUSED_ATTENTION && q.is_cuda()
        && (q.scalar_type() == at::kBFloat16 || q.scalar_type() == at::kHalf);
}

at::Tensor fusedAttention(
    const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, const at::Tensor& mask, bool causal, double scale)
{
#if VLMPROBE_HAS_FUSED_ATTENTION
    // cuDNN's attention backend builds an execution plan per new sequence length, so a decode step (one more key
    // every step) would pay a plan build each time; flash and memory-efficient kernels have no such cost.
    // Process-wide, set once.
    static const bool cudnnOff = [] {
        disableCudnnAttention(at::globalContext());
        return true;
    }();
    (void)cudnnOff;
    // An undefined tensor is not "no mask" to this API: it wants an empty optional.
    const std::optional<at::Tensor> attnMask = mask.defined() ? std::optional<at::Tensor>(mask) : std::nullopt;
    return at::scaled_dot_product_attention(q, k, v, attnMask, 0.0, causal, scale, k.size(1) != q.size(1));
#else
    (void)q, (void)k, (void)v, (void)mask, (void)causal, (void)scale;
    throw EngineError("fused attention is not available in this build");
#endif
}

at::Tensor rmsNorm(const at::Tensor& x, const at::Tensor& weight, double eps)
{
    const at::Tensor xf = x.to(at::kFloat);
    const at::Tensor variance = xf.pow(2).mean(-1, true);
    return weight * (xf * at::rsqrt(variance + eps)).to(x.scalar_type());
}

at::Tensor applyRotary(const at::Tensor& x, const at::Tensor& cos, const at::Tensor& sin)
{
    const std::int64_t half = x.size(-1) / 2;
    const at::Tensor rotated = at::cat({ -x.narrow(-1, half, half), x.narrow(-1, 0, half) }, -1);
    return x * cos + rotated * sin;
}

at::Tensor segmentAttention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v,
    const std::vector<std::int64_t>& offsets, double scale)
{
    const std::int64_t rows = q.size(0);
    const std::int64_t heads = q.size(1);
    const std::int64_t dim = q.size(2);
    const bool fused = fusedAttentionAvailable(q);
    const at::Tensor qf = fused ? q : q.to(at::kFloat);
    const at::Tensor kf = fused ? k : k.to(at::kFloat);
    const at::Tensor vf = fused ? v : v.to(at::kFloat);
    auto attend = [&](const at::Tensor& qs, const at::Tensor& ks, const at::Tensor& vs) {
        return fused ? fusedAttention(qs, ks, vs, at::Tensor(), false, scale) : denseAttention(qs, ks, vs, scale);
    };

    // Segment starts grouped by length: the windows of one size become one batched attention.
    std::map<std::int64_t, std::vector<std::int64_t>> startsByLength;
    for (std::size_t i = 0; i + 1 < offsets.size(); ++i) {
        const std::int64_t length = offsets[i + 1] - offsets[i];
        if (length > 0)
            startsByLength[length].push_back(offsets[i]);
    }
    if (startsByLength.size() == 1 && startsByLength.begin()->second.size() == 1) {
        // One segment over all rows: no gather needed. [1, heads, N, d]
        auto toHeads = [](const at::Tensor& t) { return t.transpose(0, 1).unsqueeze(0); };
        return attend(toHeads(qf), toHeads(kf), toHeads(vf)).squeeze(0).transpose(0, 1);
    }

    at::Tensor out = at::empty({ rows, heads, dim }, qf.options());
    const auto longOptions = at::TensorOptions().dtype(at::kLong).device(q.device());
    for (const auto& [length, starts] : startsByLength) {
        const auto count = static_cast<std::int64_t>(starts.size());
        const at::Tensor startTensor = at::tensor(starts, at::TensorOptions().dtype(at::kLong)).to(q.device());
        // [count * length] row ids, segment-major.
        const at::Tensor index = (startTensor.unsqueeze(1) + at::arange(length, longOptions).unsqueeze(0)).reshape(-1);
        auto gather = [&](const at::Tensor& t) {
            return t.index_select(0, index).view({ count, length, heads, dim }).permute({ 0, 2, 1, 3 });
        };
        const at::Tensor result = attend(gather(qf), gather(kf), gather(vf)); // [count, heads, len, d]
        out.index_copy_(0, index, result.permute({ 0, 2, 1, 3 }).reshape({ count * length, heads, dim }));
    }
    return out;
}

void pollStop(const std::atomic<bool>* stop)
{
    if (stop && stop->load(std::memory_order_relaxed))
        throw Cancelled("cancelled");
}

} // namespace vlmprobe::engine
