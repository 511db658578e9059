#include "records.h"

#include <array>
#include <utility>

namespace vlmprobe {

namespace {

template <typename Enum, std::size_t N>
QString nameOf(const std::array<std::pair<Enum, const char*>, N>& table, Enum value)
{
    for (const auto& [entry, name] : table) {
        if (entry == value)
            return QLatin1String(name);
    }
    return {};
}

template <typename Enum, std::size_t N>
std::optional<Enum> valueOf(const std::array<std::pair<Enum, const char*>, N>& table, const QString& name)
{
    for (const auto& [entry, entryName] : table) {
        if (name == QLatin1String(entryName))
            return entry;
    }
    return std::nullopt;
}

constexpr std::array<std::pair<ConditionKind, const char*>, 20> kConditionKinds { {
    { ConditionKind::Base, "base" },
    { ConditionKind::StopThink, "stop-think" },
    { ConditionKind::WrongThink, "wrong-think" },
    { ConditionKind::WrongThinkCue, "wrong-think-cue" },
    { ConditionKind::WrongCaption, "wrong-caption" },
    { ConditionKind::WrongCaptionDisclaimer, "wrong-caption-disclaimer" },
    { ConditionKind::CorrectCaption, "correct-caption" },
    { ConditionKind::CorrectThink, "correct-think" },
    { ConditionKind::Abstain, "abstain" },
    { ConditionKind::EarlyAnswering, "early-answering" },
    { ConditionKind::EditContinue, "edit-continue" },
    { ConditionKind::OptionShuffle, "option-shuffle" },
    { ConditionKind::GaussianBlur, "gaussian-blur" },
    { ConditionKind::Noise, "noise" },
    { ConditionKind::JpegQuality, "jpeg-quality" },
    { ConditionKind::Occlusion, "occlusion" },
    { ConditionKind::Crop, "crop" },
    { ConditionKind::Rotation, "rotation" },
    { ConditionKind::BrightnessContrast, "brightness-contrast" },
    { ConditionKind::TypographicOverlay, "typographic-overlay" },
} };

constexpr std::array<std::pair<BackendKind, const char*>, 2> kBackendKinds { {
    { BackendKind::Local, "local" },
    { BackendKind::OpenAiCompatible, "openai-compatible" },
} };

constexpr std::array<std::pair<RunStatus, const char*>, 5> kRunStatuses { {
    { RunStatus::Queued, "queued" },
    { RunStatus::Running, "running" },
    { RunStatus::Done, "done" },
    { RunStatus::Failed, "failed" },
    { RunStatus::Cancelled, "cancelled" },
} };

constexpr std::array<std::pair<PrefillMechanism, const char*>, 5> kPrefillMechanisms { {
    { PrefillMechanism::None, "none" },
    { PrefillMechanism::RawAppend, "raw-append" },
    { PrefillMechanism::ContinueFinalMessage, "continue-final-message" },
    { PrefillMechanism::RawCompletion, "raw-completion" },
    { PrefillMechanism::Unsupported, "unsupported" },
} };

constexpr std::array<std::pair<JudgeKind, const char*>, 3> kJudgeKinds { {
    { JudgeKind::Rule, "rule" },
    { JudgeKind::Llm, "llm" },
    { JudgeKind::Human, "human" },
} };

constexpr std::array<std::pair<Verdict, const char*>, 3> kVerdicts { {
    { Verdict::Consistent, "consistent" },
    { Verdict::Inconsistent, "inconsistent" },
    { Verdict::NoConclusion, "no-conclusion" },
} };

constexpr std::array<std::pair<TargetKind, const char*>, 3> kTargetKinds { {
    { TargetKind::Sample, "sample" },
    { TargetKind::Condition, "condition" },
    { TargetKind::Run, "run" },
} };

} // namespace

QString conditionKindName(ConditionKind kind)
{
    return nameOf(kConditionKinds, kind);
}
std::optional<ConditionKind> conditionKindFromName(const QString& name)
{
    return valueOf(kConditionKinds, name);
}

QList<ConditionKind> allConditionKinds()
{
    QList<ConditionKind> kinds;
    kinds.reserve(static_cast<qsizetype>(kConditionKinds.size()));
    for (const auto& entry : kConditionKinds)
        kinds.append(entry.first);
    return kinds;
}

QString backendKindName(BackendKind kind)
{
    return nameOf(kBackendKinds, kind);
}
std::optional<BackendKind> backendKindFromName(const QString& name)
{
    return valueOf(kBackendKinds, name);
}
QString runStatusName(RunStatus status)
{
    return nameOf(kRunStatuses, status);
}
std::optional<RunStatus> runStatusFromName(const QString& name)
{
    return valueOf(kRunStatuses, name);
}

QString prefillMechanismName(PrefillMechanism mechanism)
{
    return nameOf(kPrefillMechanisms, mechanism);
}
std::optional<PrefillMechanism> prefillMechanismFromName(const QString& name)
{
    return valueOf(kPrefillMechanisms, name);
}

QString judgeKindName(JudgeKind kind)
{
    return nameOf(kJudgeKinds, kind);
}
std::optional<JudgeKind> judgeKindFromName(const QString& name)
{
    return valueOf(kJudgeKinds, name);
}
QString verdictName(Verdict verdict)
{
    return nameOf(kVerdicts, verdict);
}
std::optional<Verdict> verdictFromName(const QString& name)
{
    return valueOf(kVerdicts, name);
}
QString targetKindName(TargetKind kind)
{
    return nameOf(kTargetKinds, kind);
}
std::optional<TargetKind> targetKindFromName(const QString& name)
{
    return valueOf(kTargetKinds, name);
}

QString optionLetter(int index)
{
    if (index < 0)
        return {};
    // A..Z, then AA, AB, ... (spreadsheet style) for the rare benchmark with more than 26 options.
    QString letters;
    int n = index;
    do {
        letters.prepend(QChar(u'A' + n % 26));
        n = n / 26 - 1;
    } while (n >= 0);
    return letters;
}

} // namespace vlmprobe
