#include "backends/run_executor.h"

#include "backends/backend_error.h"
#include "backends/image_attention_mean.h"
#include "backends/letter_scorer.h"
#include "backends/prompt_tokens.h"
#include "backends/stored_image_decoder.h"
#include "judging/answer_extraction.h"

#include "vlmprobe/engine/chat_prompt.h"
#include "vlmprobe/engine/errors.h"
#include "vlmprobe/engine/image_preprocessor.h"
#include "vlmprobe/engine/session.h"
#include "vlmprobe/engine/streaming_decoder.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>

namespace vlmprobe {

namespace {

double elapsedMs(const QElapsedTimer& timer)
{
    return static_cast<double>(timer.nsecsElapsed()) / 1e6;
}

engine::GenerationOptions generationOptions(const engine::Model& model, const DecodeSettings& decode)
{
    engine::GenerationOptions options = engine::GenerationOptions::fromConfig(model.generationConfig());
    if (options.eosTokenIds.empty()) {
        for (const std::int64_t id : model.config().tokens.eos)
            options.eosTokenIds.push_back(static_cast<std::int32_t>(id));
    }
    options.sampling.greedy = decode.greedy;
    options.sampling.temperature = decode.temperature;
    options.sampling.topP = decode.topP;
    options.sampling.topK = decode.topK;
    options.sampling.repetitionPenalty = decode.repetitionPenalty;
    options.sampling.seed = decode.seed;
    options.maxNewTokens = std::max(decode.maxNewTokens, 0);
    options.topAlternatives = std::max(decode.topAlternatives, 0);
    if (decode.attentionReadout)
        options.attentionLayers = { -1 };
    return options;
}

struct ImageInput {
    std::vector<engine::VisionInput> inputs; // empty for a text-only job
    std::int64_t tokens = 0; // merged units: image-pad tokens in the prompt
};

ImageInput prepareImage(const LoadedEngine& engine, const RunJob& job)
{
    ImageInput out;
    if (job.image.bytes.isEmpty())
        return out;
    if (!engine.preprocessor)
        throw BackendError(engine.preprocessorError.toStdString());
    engine::ImagePreprocessor::Options options;
    options.minPixels = job.decode.minPixels;
    options.maxPixels = job.decode.maxPixels;
    const engine::ImagePreprocessor preprocessor(*engine.preprocessor, options);
    const engine::PreprocessedImages batch = preprocessor.run({ decodeStoredImage(job.image.bytes) });
    engine::VisionInput input;
    input.grid = { batch.gridThw[0][0], batch.gridThw[0][1], batch.gridThw[0][2] };
    input.pixelValues = batch.pixelValues;
    out.inputs.push_back(std::move(input));
    out.tokens = batch.tokenCount(0);
    return out;
}

QString cacheKey(const LoadedEngine& engine, const RunJob& job)
{
    QString image = job.image.sha256;
    if (image.isEmpty() && !job.image.bytes.isEmpty())
        image = QString::fromLatin1(QCryptographicHash::hash(job.image.bytes, QCryptographicHash::Sha256).toHex());
    return engine.directory + u'|' + (image.isEmpty() ? QStringLiteral("text") : image) + u'|'
        + QString::number(job.decode.minPixels) + u'|' + QString::number(job.decode.maxPixels);
}

QJsonObject tokenLogprobs(const engine::Tokenizer& tokenizer, const std::vector<engine::TokenEvent>& events,
    const QList<StreamedToken>& streamed)
{
    QJsonArray content;
    for (std::size_t i = 0; i < events.size(); ++i) {
        const engine::TokenEvent& event = events[i];
        QJsonArray top;
        for (const engine::TokenAlternative& alternative : event.alternatives) {
            const std::int32_t id = alternative.id;
            top.append(QJsonObject { { QStringLiteral("id"), id },
                { QStringLiteral("token"), QString::fromStdString(tokenizer.decode({ &id, 1 })) },
                { QStringLiteral("logprob"), static_cast<double>(alternative.logprob) } });
        }
        const QString piece
            = i < static_cast<std::size_t>(streamed.size()) ? streamed[static_cast<qsizetype>(i)].text : QString();
        content.append(QJsonObject { { QStringLiteral("id"), event.id }, { QStringLiteral("token"), piece },
            { QStringLiteral("logprob"), static_cast<double>(event.logprob) },
            { QStringLiteral("top_logprobs"), top } });
    }
    return QJsonObject { { QStringLiteral("content"), content } };
}

} // namespace

RunExecutor::RunExecutor(const LoadedEngine& engine, PrefixCache& cache)
    : m_engine(engine)
    , m_cache(cache)
{
}

Run RunExecutor::execute(const RunJob& job, const std::atomic<bool>* stop, const Callbacks& callbacks)
{
    QElapsedTimer total;
    total.start();
    const engine::Model& model = *m_engine.model;
    const engine::Tokenizer& tokenizer = m_engine.tokenizer;

    Run run;
    run.conditionId = job.condition.id;
    run.modelId = job.modelId;
    run.prefill = job.prompt.prefillText();
    run.prefillMechanism = job.prompt.hasPrefill() ? PrefillMechanism::RawAppend : PrefillMechanism::None;
    run.renderedPrompt = renderedPrompt(job.prompt);
    run.decodeParameters = job.decode.toJson();
    run.seed = static_cast<qint64>(job.decode.seed);
    run.engineVersion = QString::fromLatin1(engine::engineVersion());
    run.determiningHash = job.determiningHash;
    run.createdAt = QDateTime::currentDateTimeUtc();
    QJsonObject timings;
    QJsonObject metadata;
    const auto finish = [&](RunStatus status) {
        run.status = status;
        timings.insert(QStringLiteral("total_ms"), elapsedMs(total));
        run.timings = timings;
        run.metadata = metadata;
        run.finishedAt = QDateTime::currentDateTimeUtc();
        return run;
    };
    if (stop && stop->load())
        return finish(RunStatus::Cancelled);

    if (!job.image.bytes.isEmpty())
        callbacks.stageChanged(RunStage::EncodingImage);
    QElapsedTimer phase;
    phase.start();
    const ImageInput image = prepareImage(m_engine, job);
    timings.insert(QStringLiteral("vision_ms"), elapsedMs(phase));
    const PromptTokens prompt = tokenizePrompt(
        job.prompt, tokenizer, static_cast<std::int32_t>(model.config().tokens.imagePad), image.tokens);
    run.promptTokens = static_cast<qint64>(prompt.ids.size());
    if (prompt.ids.empty())
        throw BackendError("the prompt is empty");

    callbacks.stageChanged(RunStage::Prefill);
    phase.restart();
    const QString key = cacheKey(m_engine, job);
    const auto length = static_cast<std::int64_t>(prompt.ids.size());
    // A reused prefix must include the whole image (a truncated session recomputes its last token, which must
    // not be an image pad) and leave at least one token to append.
    const std::int64_t minimumPrefix = prompt.imageEnd > 0 ? prompt.imageEnd + 1 : 1;
    std::optional<engine::Session> session;
    std::int64_t reused = 0;
    if (const auto hit = m_cache.find(key, prompt.ids, minimumPrefix)) {
        reused = std::min(hit->common, length - 1);
        if (reused >= minimumPrefix) {
            session.emplace(hit->session->fork());
            session->truncate(reused);
        } else {
            reused = 0;
        }
    }
    metadata.insert(QStringLiteral("prefix_reused_tokens"), static_cast<qint64>(reused));
    try {
        if (session) {
            const std::vector<std::int32_t> rest(prompt.ids.begin() + reused, prompt.ids.end());
            session->append(rest, {}, {}, stop);
        } else {
            engine::SessionOptions options;
            options.capacity = length + std::max(job.decode.maxNewTokens, 0) + 16;
            session.emplace(m_engine.model, options);
            session->append(prompt.ids, image.inputs, {}, stop);
        }
    } catch (const engine::Cancelled&) {
        timings.insert(QStringLiteral("prefill_ms"), elapsedMs(phase));
        return finish(RunStatus::Cancelled);
    }
    timings.insert(QStringLiteral("prefill_ms"), elapsedMs(phase));

    callbacks.stageChanged(RunStage::Decoding);
    phase.restart();
    TokenStreamer streamer(tokenizer, callbacks.tokensStreamed);
    bool firstToken = true;
    const engine::GenerationResult result = session->generate(
        generationOptions(model, job.decode),
        [&](const engine::TokenEvent& event) {
            if (firstToken) {
                timings.insert(QStringLiteral("first_token_ms"), elapsedMs(total));
                firstToken = false;
            }
            streamer.push(event);
            return true;
        },
        stop);
    streamer.finish();
    timings.insert(QStringLiteral("decode_ms"), elapsedMs(phase));
    // The finished session becomes the cache's newest entry; scoring only reads it (through forks).
    const engine::Session& finished = m_cache.insert(key, std::move(*session));

    run.completion = QString::fromStdString(streamer.text());
    run.completionTokens = static_cast<qint64>(result.tokens.size());
    run.tokenLogprobs = tokenLogprobs(tokenizer, result.tokens, streamer.tokens());
    metadata.insert(QStringLiteral("stop_reason"), QString::fromLatin1(engine::stopReasonName(result.stopReason)));
    ImageAttentionMean attention;
    for (const StreamedToken& token : streamer.tokens())
        attention.add(token);
    if (!attention.isEmpty())
        metadata.insert(QStringLiteral("image_attention"), attention.toJson());
    const ParsedCompletion parsed = parseCompletion(run.prefill, run.completion, job.prompt.options);
    run.thinkText = parsed.thinkText;
    run.answerText = parsed.answerText;
    run.parsedOption = parsed.option;
    if (result.stopReason == engine::StopReason::Cancelled)
        return finish(RunStatus::Cancelled);
    if (!job.prompt.goldAnswer.isEmpty())
        run.correct = !parsed.option.isEmpty() && parsed.option == job.prompt.goldAnswer;

    if (job.scoreLetters && !job.prompt.options.isEmpty()) {
        callbacks.stageChanged(RunStage::Scoring);
        phase.restart();
        LetterScoringInput input;
        input.generatedFrom = length;
        input.generatedIds = result.ids();
        input.completion = streamer.text();
        input.pieceEnds = streamer.pieceEnds();
        input.prefill = run.prefill.toStdString();
        input.thinkClosed = parsed.thinkClosed;
        input.options = job.prompt.options;
        input.goldAnswer = job.prompt.goldAnswer;
        input.eosIds = model.config().tokens.eos;
        for (const std::int32_t id : generationOptions(model, job.decode).eosTokenIds)
            input.eosIds.push_back(id);
        try {
            const LetterScore score = scoreLetters(finished, tokenizer, input, stop);
            run.optionDistribution = score.optionDistribution;
            run.entropy = score.entropy;
            run.pCorrect = score.pCorrect;
            run.letterMass = score.letterMass;
            metadata.insert(QStringLiteral("letter_position"), score.position);
        } catch (const engine::Cancelled&) {
            timings.insert(QStringLiteral("scoring_ms"), elapsedMs(phase));
            return finish(RunStatus::Cancelled);
        } catch (const BackendError& error) {
            // The run itself is fine; only its letter distribution is unavailable.
            metadata.insert(QStringLiteral("scoring_error"), QString::fromStdString(error.what()));
        }
        timings.insert(QStringLiteral("scoring_ms"), elapsedMs(phase));
    }
    return finish(RunStatus::Done);
}

QString RunExecutor::complete(const CompletionJob& job, const std::atomic<bool>* stop)
{
    std::vector<engine::ChatMessage> messages;
    if (!job.systemPrompt.isEmpty())
        messages.push_back(engine::ChatMessage::makeText(engine::ChatRole::System, job.systemPrompt.toStdString()));
    messages.push_back(engine::ChatMessage::makeText(engine::ChatRole::User, job.userText.toStdString()));
    const std::vector<std::int32_t> ids
        = m_engine.tokenizer.encode(engine::renderChatPrompt(messages, {}, job.prefill.toStdString()));
    engine::SessionOptions options;
    options.capacity = static_cast<std::int64_t>(ids.size()) + std::max(job.decode.maxNewTokens, 0) + 16;
    engine::Session session(m_engine.model, options);
    session.append(ids, {}, {}, stop);
    engine::GenerationOptions generation = generationOptions(*m_engine.model, job.decode);
    generation.topAlternatives = 0;
    generation.attentionLayers.clear();
    const engine::GenerationResult result = session.generate(generation, {}, stop);
    if (result.stopReason == engine::StopReason::Cancelled)
        throw engine::Cancelled("the completion was cancelled");
    const std::vector<std::int32_t> generated = result.ids();
    return QString::fromStdString(m_engine.tokenizer.decode(generated, /*skipSpecial=*/true));
}

} // namespace vlmprobe
