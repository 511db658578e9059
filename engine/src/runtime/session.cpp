#include "vlmprobe/engine/session.h"

#include "logits_processor.h"
#include "model_impl.h"
#include "qwen2_5_vl/tensor_ops.h"
#include "torch_errors.h"

#include "vlmprobe/engine/errors.h"

#include <c10/core/InferenceMode.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <limits>

namespace vlmprobe::engine {

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// log-softmax of raw logits in double: [vocab]
std::vector<double> logSoftmax(const std::vector<float>& logits)
{
    const double top = *std::max_element(logits.begin(), logits.end());
    double total = 0.0;
    for (const float z : logits)
        total += std::exp(double(z) - top);
    const double logTotal = top + std::log(total);
    std::vector<double> out(logits.size());
    for (std::size_t i = 0; i < logits.size(); ++i)
        out[i] = double(logits[i]) - logTotal;
    return out;
}

// log(sum exp(z)) over the vocabulary, without materialising the log-probabilities: a decode step needs only a
// few of them, and a full pass over ~152k entries in double costs about a millisecond per token.
double logSumExp(const std::vector<float>& logits)
{
    const float top = *std::max_element(logits.begin(), logits.end());
    double total = 0.0;
    for (const float z : logits)
        total += std::exp(double(z) - double(top));
    return double(top) + std::log(total);
}

template <typename T> std::vector<std::int32_t> topIds(const std::vector<T>& values, int count)
{
    if (count <= 0)
        return {};
    std::vector<std::int32_t> ids(values.size());
    for (std::size_t i = 0; i < ids.size(); ++i)
        ids[i] = static_cast<std::int32_t>(i);
    const auto k = std::min<std::size_t>(static_cast<std::size_t>(std::max(count, 0)), ids.size());
    std::partial_sort(ids.begin(), ids.begin() + static_cast<std::ptrdiff_t>(k), ids.end(), [&](auto a, auto b) {
        return values[static_cast<std::size_t>(a)] > values[static_cast<std::size_t>(b)]
            || (values[static_cast<std::size_t>(a)] == values[static_cast<std::size_t>(b)] && a < b);
    });
    ids.resize(k);
    return ids;
}

void appendPositions(RopePositions& to, const RopePositions& from)
{
    to.t.insert(to.t.end(), from.t.begin(), from.t.end());
    to.h.insert(to.h.end(), from.h.begin(), from.h.end());
    to.w.insert(to.w.end(), from.w.begin(), from.w.end());
    to.nextPosition = from.nextPosition;
}

} // namespace

struct Session::Impl {
    std::shared_ptr<const Model> model;
    const Network* network = nullptr;
    SessionOptions options;
    KvCache cache;
    std::vector<std::int32_t> tokens;
    RopePositions positions;
    std::vector<float> nextLogits;
    std::vector<GridThw> imageGrids; // of every image appended, in sequence order (attention read-out)
    // Tokens at the end of `tokens` that are not in the KV cache yet (the last generated token): run lazily.
    std::size_t pending = 0;
    double lastAppendSeconds = 0.0;

    // Runs the pending tokens (text only) so that the cache covers every token and nextLogits is current.
    void flush(const std::atomic<bool>* stop, TextDecoder::AttentionCapture* capture = nullptr);
    // The network pass over new tokens whose positions are already known; updates cache and nextLogits.
    // `capture` reads the attention of the last row (given to the last prefill chunk only).
    AppendResult run(const std::vector<std::int32_t>& ids, const RopePositions& newPositions,
        const std::vector<VisionInput>& images, const AppendOptions& options, const std::atomic<bool>* stop,
        TextDecoder::AttentionCapture* capture = nullptr);
    // The captured attention split into the images' merged grids; `layerCount` divides the summed layers.
    std::vector<ImageAttention> imageAttention(const at::Tensor& sum, std::size_t layerCount) const;
};

AppendResult Session::Impl::run(const std::vector<std::int32_t>& ids, const RopePositions& newPositions,
    const std::vector<VisionInput>& images, const AppendOptions& appendOptions, const std::atomic<bool>* stop,
    TextDecoder::AttentionCapture* capture)
{
    const Model::Impl& m = model->impl();
    const TextDecoder& text = network->text();
    c10::InferenceMode guard;
    const auto start = Clock::now();
    const auto length = static_cast<std::int64_t>(ids.size());

    at::Tensor embeds = text.embed(ids); // [L, H]
    if (!images.empty()) {
        const at::Tensor features = network->vision().forward(m.pixelTensor(images), m.grids(images), stop);
        std::vector<std::int64_t> rows;
        for (std::size_t i = 0; i < ids.size(); ++i) {
            if (ids[i] == m.config.tokens.imagePad)
                rows.push_back(static_cast<std::int64_t>(i));
        }
        if (static_cast<std::int64_t>(rows.size()) != features.size(0))
            throw InvalidInputError("the ids hold " + std::to_string(rows.size()) + " image tokens but the images give "
                + std::to_string(features.size(0)) + " features");
        const at::Tensor index = at::tensor(rows, at::TensorOptions().dtype(at::kLong)).to(embeds.device());
        embeds = embeds.index_copy(0, index, features.to(embeds.scalar_type()));
    }
    std::vector<std::int64_t> flat;
    flat.reserve(ids.size() * 3);
    for (const auto* axis : { &newPositions.t, &newPositions.h, &newPositions.w })
        flat.insert(flat.end(), axis->begin(), axis->end());
    const at::Tensor positionTensor
        = at::tensor(flat, at::TensorOptions().dtype(at::kLong)).view({ 3, length }).to(embeds.device());

    if (!cache.isAllocated())
        cache = text.makeCache(std::max(options.capacity, length + 256));
    const std::int64_t before = cache.length();
    const std::int64_t chunk = appendOptions.hiddenStates ? length : std::max<std::int64_t>(1, options.prefillChunk);
    AppendResult result;
    std::vector<at::Tensor> logitRows;
    at::Tensor lastLogits;
    try {
        for (std::int64_t offset = 0; offset < length; offset += chunk) {
            pollStop(stop);
            const std::int64_t size = std::min(chunk, length - offset);
            std::vector<at::Tensor> hidden;
            at::Tensor prenorm;
            const at::Tensor out = text.forward(embeds.narrow(0, offset, size), positionTensor.narrow(1, offset, size),
                cache, appendOptions.hiddenStates ? &hidden : nullptr, appendOptions.hiddenStates ? &prenorm : nullptr,
                offset + size == length ? capture : nullptr);
            if (appendOptions.allLogits)
                logitRows.push_back(text.logits(out));
            else if (offset + size == length)
                logitRows.push_back(text.logits(out.narrow(0, size - 1, 1)));
            if (appendOptions.hiddenStates) {
                result.hiddenStates = toFloatArray(at::stack(hidden));
                result.lastLayerPrenorm = toFloatArray(prenorm);
            }
        }
    } catch (...) {
        cache.truncate(before);
        throw;
    }
    const at::Tensor logits = logitRows.size() == 1 ? logitRows.front() : at::cat(logitRows, 0);
    result.logits = toFloatArray(logits);
    const std::int64_t vocab = result.logits.dim(1);
    const float* last = result.logits.values.data() + (result.logits.dim(0) - 1) * vocab;
    nextLogits.assign(last, last + vocab);
    result.seconds = secondsSince(start);
    return result;
}

std::vector<ImageAttention> Session::Impl::imageAttention(const at::Tensor& sum, std::size_t layerCount) const
{
    std::vector<ImageAttention> out;
    if (!sum.defined() || layerCount == 0)
        return out;
    const at::Tensor mean = (sum / double(layerCount)).to(at::kCPU).contiguous();
    const float* values = mean.data_ptr<float>();
    const auto pad = static_cast<std::int32_t>(model->impl().config.tokens.imagePad);
    const std::int64_t merge = model->impl().config.vision.spatialMergeSize;
    const std::int64_t rows = std::min<std::int64_t>(mean.size(0), static_cast<std::int64_t>(tokens.size()));
    std::size_t image = 0;
    for (std::int64_t i = 0; i < rows && image < imageGrids.size();) {
        if (tokens[static_cast<std::size_t>(i)] != pad) {
            ++i;
            continue;
        }
        std::int64_t end = i;
        while (end < rows && tokens[static_cast<std::size_t>(end)] == pad)
            ++end;
        const GridThw& grid = imageGrids[image++];
        ImageAttention a;
        a.rows = static_cast<int>(grid.t * grid.h / merge);
        a.columns = static_cast<int>(grid.w / merge);
        // A run that does not fill its grid (a truncated sequence) reports nothing rather than a wrong map.
        if (std::int64_t(a.rows) * a.columns == end - i) {
            a.mass.assign(values + i, values + end);
            out.push_back(std::move(a));
        }
        i = end;
    }
    return out;
}

void Session::Impl::flush(const std::atomic<bool>* stop, TextDecoder::AttentionCapture* capture)
{
    if (pending == 0)
        return;
    const std::size_t first = tokens.size() - pending;
    const std::vector<std::int32_t> ids(tokens.begin() + static_cast<std::ptrdiff_t>(first), tokens.end());
    RopePositions slice;
    slice.t.assign(positions.t.begin() + static_cast<std::ptrdiff_t>(first), positions.t.end());
    slice.h.assign(positions.h.begin() + static_cast<std::ptrdiff_t>(first), positions.h.end());
    slice.w.assign(positions.w.begin() + static_cast<std::ptrdiff_t>(first), positions.w.end());
    run(ids, slice, {}, {}, stop, capture);
    pending = 0;
}

Session::Session(std::shared_ptr<const Model> model, const SessionOptions& options)
    : m_impl(std::make_unique<Impl>())
{
    if (!model)
        throw InvalidInputError("a session needs a loaded model");
    m_impl->network = model->impl().network.get();
    m_impl->model = std::move(model);
    m_impl->options = options;
}

Session::Session(std::unique_ptr<Impl> impl)
    : m_impl(std::move(impl))
{
}

Session::~Session() = default;
Session::Session(Session&&) noexcept = default;
Session& Session::operator=(Session&&) noexcept = default;

Session Session::fork() const
{
    return translateTorchErrors("forking a session", [&] {
        c10::InferenceMode guard;
        auto copy = std::make_unique<Impl>();
        copy->model = m_impl->model;
        copy->network = m_impl->network;
        copy->options = m_impl->options;
        if (m_impl->cache.isAllocated())
            copy->cache
                = m_impl->cache.clone(std::max<std::int64_t>(m_impl->options.capacity - m_impl->cache.length(), 256));
        copy->tokens = m_impl->tokens;
        copy->positions = m_impl->positions;
        copy->nextLogits = m_impl->nextLogits;
        copy->imageGrids = m_impl->imageGrids;
        copy->pending = m_impl->pending;
        return Session(std::move(copy));
    });
}

AppendResult Session::append(const std::vector<std::int32_t>& ids, const std::vector<VisionInput>& images,
    const AppendOptions& options, const std::atomic<bool>* stop)
{
    if (ids.empty())
        throw InvalidInputError("nothing to append: the id list is empty");
    return translateTorchErrors("prefill", [&] {
        m_impl->flush(stop);
        const Model::Impl& m = m_impl->model->impl();
        const RopePositions newPositions
            = computeRopePositions(ids, m.grids(images), static_cast<std::int32_t>(m.config.tokens.imagePad),
                m.config.vision.spatialMergeSize, m_impl->positions.nextPosition);
        AppendResult result = m_impl->run(ids, newPositions, images, options, stop);
        const std::vector<GridThw> grids = m.grids(images);
        m_impl->imageGrids.insert(m_impl->imageGrids.end(), grids.begin(), grids.end());
        m_impl->tokens.insert(m_impl->tokens.end(), ids.begin(), ids.end());
        appendPositions(m_impl->positions, newPositions);
        m_impl->lastAppendSeconds = result.seconds;
        return result;
    });
}

void Session::truncate(std::int64_t length)
{
    if (length < 0 || length > this->length())
        throw InvalidInputError(
            "cannot truncate a sequence of " + std::to_string(this->length()) + " tokens to " + std::to_string(length));
    translateTorchErrors("truncate", [&] {
        Impl& s = *m_impl;
        const std::int64_t cached = static_cast<std::int64_t>(s.tokens.size() - s.pending);
        if (length <= cached) {
            s.pending = 0;
            s.cache.truncate(length);
        } else {
            s.pending = static_cast<std::size_t>(length - cached);
        }
        const auto n = static_cast<std::size_t>(length);
        s.tokens.resize(n);
        s.positions.t.resize(n);
        s.positions.h.resize(n);
        s.positions.w.resize(n);
        std::int64_t next = 0;
        for (std::size_t i = 0; i < n; ++i)
            next = std::max({ next, s.positions.t[i] + 1, s.positions.h[i] + 1, s.positions.w[i] + 1 });
        s.positions.nextPosition = next;
        s.nextLogits.clear();
        if (s.pending == 0 && n > 0) {
            // Recompute the logits after the new last token by running it again.
            s.cache.truncate(length - 1);
            s.pending = 1;
        }
        s.flush(nullptr);
    });
}

GenerationResult Session::generate(
    const GenerationOptions& options, const TokenCallback& onToken, const std::atomic<bool>* stop)
{
    if (m_impl->tokens.empty())
        throw InvalidInputError("generate needs a prompt: append at least one token first");
    if (options.maxNewTokens < 0)
        throw InvalidInputError("max_new_tokens must not be negative");
    LogitsProcessor processor(options.sampling);
    GenerationResult result;
    result.prefillSeconds = m_impl->lastAppendSeconds;
    // Attention read-out: the chosen layers, resolved; the query that produced the first token is the prompt's
    // last row, so that token is run once more (its logits come out the same) with the read-out on.
    const auto layerCount = static_cast<int>(m_impl->network->text().config().numHiddenLayers);
    std::vector<std::size_t> readLayers;
    for (const int layer : options.attentionLayers) {
        const int resolved = layer < 0 ? layerCount + layer : layer;
        if (resolved < 0 || resolved >= layerCount)
            throw InvalidInputError("attention layer " + std::to_string(layer) + " is outside the model's "
                + std::to_string(layerCount) + " layers");
        readLayers.push_back(static_cast<std::size_t>(resolved));
    }
    if (!readLayers.empty() && m_impl->pending == 0) {
        m_impl->cache.truncate(static_cast<std::int64_t>(m_impl->tokens.size()) - 1);
        m_impl->pending = 1;
    }
    const auto start = Clock::now();
    try {
        for (int step = 0; step < options.maxNewTokens; ++step) {
            pollStop(stop);
            TextDecoder::AttentionCapture capture { readLayers, {} };
            std::vector<ImageAttention> attention;
            translateTorchErrors("decode", [&] {
                c10::InferenceMode guard;
                m_impl->flush(stop, readLayers.empty() ? nullptr : &capture);
                attention = m_impl->imageAttention(capture.sum, readLayers.size());
            });
            const std::vector<float>& raw = m_impl->nextLogits;
            std::vector<float> scores = raw;
            processor.process(scores, m_impl->tokens);
            TokenEvent event;
            event.imageAttention = std::move(attention);
            event.id = processor.choose(scores);
            event.index = step;
            // log-softmax is monotonic: the most likely ids by logit are the most likely by log-probability.
            const double logTotal = logSumExp(raw);
            event.logprob = static_cast<float>(double(raw[static_cast<std::size_t>(event.id)]) - logTotal);
            for (const std::int32_t id : topIds(raw, options.topAlternatives))
                event.alternatives.push_back(
                    { id, static_cast<float>(double(raw[static_cast<std::size_t>(id)]) - logTotal) });

            // The token joins the sequence now; its network pass runs lazily before the next step.
            m_impl->tokens.push_back(event.id);
            const std::int64_t next = m_impl->positions.nextPosition;
            m_impl->positions.t.push_back(next);
            m_impl->positions.h.push_back(next);
            m_impl->positions.w.push_back(next);
            m_impl->positions.nextPosition = next + 1;
            m_impl->pending += 1;

            if (step == 0)
                result.firstTokenSeconds = secondsSince(start);
            result.tokens.push_back(event);
            const bool keepGoing = !onToken || onToken(result.tokens.back());
            if (std::find(options.eosTokenIds.begin(), options.eosTokenIds.end(), event.id)
                != options.eosTokenIds.end()) {
                result.stopReason = StopReason::Eos;
                break;
            }
            if (!keepGoing) {
                result.stopReason = StopReason::Callback;
                break;
            }
            result.stopReason = StopReason::MaxTokens;
        }
    } catch (const Cancelled&) {
        result.stopReason = StopReason::Cancelled;
    }
    result.decodeSeconds = secondsSince(start);
    return result;
}

std::vector<TokenScore> Session::scoreContinuation(
    const std::vector<std::int32_t>& continuation, int topK, const std::atomic<bool>* stop)
{
    if (m_impl->tokens.empty())
        throw InvalidInputError("scoring needs a prefix: append at least one token first");
    if (continuation.empty())
        return {};
    translateTorchErrors("scoring", [&] { m_impl->flush(stop); });
    const std::vector<float> first = m_impl->nextLogits;
    AppendOptions options;
    options.allLogits = true;
    const AppendResult appended = append(continuation, {}, options, stop);
    const std::int64_t vocab = appended.logits.dim(1);
    std::vector<TokenScore> scores;
    for (std::size_t i = 0; i < continuation.size(); ++i) {
        std::vector<float> row;
        if (i == 0) {
            row = first;
        } else {
            const float* values = appended.logits.row(static_cast<std::int64_t>(i - 1));
            row.assign(values, values + vocab);
        }
        const std::vector<double> logprobs = logSoftmax(row);
        TokenScore score;
        score.id = continuation[i];
        if (score.id < 0 || static_cast<std::size_t>(score.id) >= logprobs.size())
            throw InvalidInputError("token id " + std::to_string(score.id) + " is outside the vocabulary");
        const double own = logprobs[static_cast<std::size_t>(score.id)];
        score.logprob = static_cast<float>(own);
        for (std::size_t j = 0; j < logprobs.size(); ++j) {
            if (logprobs[j] > own || (logprobs[j] == own && static_cast<std::int32_t>(j) < score.id))
                ++score.rank;
        }
        for (const std::int32_t id : topIds(logprobs, topK))
            score.top.emplace_back(id, static_cast<float>(logprobs[static_cast<std::size_t>(id)]));
        scores.push_back(std::move(score));
    }
    return scores;
}

LetterDistribution Session::letterDistribution(const std::vector<std::int32_t>& letterIds) const
{
    if (letterIds.empty())
        throw InvalidInputError("the option-letter list is empty");
    if (m_impl->pending > 0)
        m_impl->flush(nullptr);
    const std::vector<float>& logits = m_impl->nextLogits;
    if (logits.empty())
        throw InvalidInputError("no next-token logits: append at least one token first");
    const std::vector<double> logprobs = logSoftmax(logits);
    LetterDistribution out;
    out.letterIds = letterIds;
    double top = -std::numeric_limits<double>::infinity();
    for (const std::int32_t id : letterIds) {
        if (id < 0 || static_cast<std::size_t>(id) >= logits.size())
            throw InvalidInputError("option-letter token id " + std::to_string(id) + " is outside the vocabulary");
        top = std::max(top, logprobs[static_cast<std::size_t>(id)]);
    }
    double total = 0.0;
    for (const std::int32_t id : letterIds) {
        const double p = std::exp(logprobs[static_cast<std::size_t>(id)]);
        out.rawMass += p;
        out.probabilities.push_back(std::exp(logprobs[static_cast<std::size_t>(id)] - top));
        total += out.probabilities.back();
    }
    for (std::size_t k = 0; k < out.probabilities.size(); ++k) {
        double& p = out.probabilities[k];
        p /= total;
        if (p > 0.0)
            out.entropy -= p * std::log(p);
        if (p > out.probabilities[static_cast<std::size_t>(out.argmax)])
            out.argmax = static_cast<int>(k);
    }
    out.normalizedEntropy = letterIds.size() > 1 ? out.entropy / std::log(double(letterIds.size())) : 0.0;
    return out;
}

const std::vector<float>& Session::nextLogits() const
{
    if (m_impl->pending > 0)
        m_impl->flush(nullptr);
    return m_impl->nextLogits;
}

const std::vector<std::int32_t>& Session::tokens() const
{
    return m_impl->tokens;
}
const RopePositions& Session::positions() const
{
    return m_impl->positions;
}
std::int64_t Session::length() const
{
    return static_cast<std::int64_t>(m_impl->tokens.size());
}
std::int64_t Session::ropeDelta() const
{
    return m_impl->positions.nextPosition - length();
}
const Model& Session::model() const
{
    return *m_impl->model;
}

} // namespace vlmprobe::engine
