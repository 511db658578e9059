#include "condition_kind_labels.h"

#include <QCoreApplication>

namespace vlmprobe {

namespace {

struct KindLabels {
    const char* title;
    const char* badge;
    ConditionFamily family;
};

KindLabels labelsOf(ConditionKind kind)
{
    switch (kind) {
    case ConditionKind::Base:
        return { QT_TRANSLATE_NOOP("ConditionKind", "Base"), QT_TRANSLATE_NOOP("ConditionKind", "base"),
            ConditionFamily::Base };
    case ConditionKind::StopThink:
        return { QT_TRANSLATE_NOOP("ConditionKind", "Stop-Think"), QT_TRANSLATE_NOOP("ConditionKind", "stop"),
            ConditionFamily::Text };
    case ConditionKind::WrongThink:
        return { QT_TRANSLATE_NOOP("ConditionKind", "Wrong-Think"), QT_TRANSLATE_NOOP("ConditionKind", "WT"),
            ConditionFamily::Text };
    case ConditionKind::WrongThinkCue:
        return { QT_TRANSLATE_NOOP("ConditionKind", "Wrong-Think + cue"), QT_TRANSLATE_NOOP("ConditionKind", "WT+cue"),
            ConditionFamily::Text };
    case ConditionKind::WrongCaption:
        return { QT_TRANSLATE_NOOP("ConditionKind", "Wrong-Caption"), QT_TRANSLATE_NOOP("ConditionKind", "WC"),
            ConditionFamily::Text };
    case ConditionKind::WrongCaptionDisclaimer:
        return { QT_TRANSLATE_NOOP("ConditionKind", "Wrong-Caption + disclaimer"),
            QT_TRANSLATE_NOOP("ConditionKind", "WC+disc"), ConditionFamily::Text };
    case ConditionKind::CorrectCaption:
        return { QT_TRANSLATE_NOOP("ConditionKind", "Correct-Caption"), QT_TRANSLATE_NOOP("ConditionKind", "CC"),
            ConditionFamily::Text };
    case ConditionKind::CorrectThink:
        return { QT_TRANSLATE_NOOP("ConditionKind", "Correct-Think"), QT_TRANSLATE_NOOP("ConditionKind", "CT"),
            ConditionFamily::Text };
    case ConditionKind::Abstain:
        return { QT_TRANSLATE_NOOP("ConditionKind", "Abstain"), QT_TRANSLATE_NOOP("ConditionKind", "abstain"),
            ConditionFamily::Text };
    case ConditionKind::EarlyAnswering:
        return { QT_TRANSLATE_NOOP("ConditionKind", "Early answering"), QT_TRANSLATE_NOOP("ConditionKind", "early"),
            ConditionFamily::Reuse };
    case ConditionKind::EditContinue:
        return { QT_TRANSLATE_NOOP("ConditionKind", "Edit and continue"), QT_TRANSLATE_NOOP("ConditionKind", "edit"),
            ConditionFamily::Reuse };
    case ConditionKind::OptionShuffle:
        return { QT_TRANSLATE_NOOP("ConditionKind", "Option shuffle"), QT_TRANSLATE_NOOP("ConditionKind", "shuffle"),
            ConditionFamily::Text };
    case ConditionKind::GaussianBlur:
        return { QT_TRANSLATE_NOOP("ConditionKind", "Gaussian blur"), QT_TRANSLATE_NOOP("ConditionKind", "blur"),
            ConditionFamily::Visual };
    case ConditionKind::Noise:
        return { QT_TRANSLATE_NOOP("ConditionKind", "Noise"), QT_TRANSLATE_NOOP("ConditionKind", "noise"),
            ConditionFamily::Visual };
    case ConditionKind::JpegQuality:
        return { QT_TRANSLATE_NOOP("ConditionKind", "JPEG quality"), QT_TRANSLATE_NOOP("ConditionKind", "jpeg"),
            ConditionFamily::Visual };
    case ConditionKind::Occlusion:
        return { QT_TRANSLATE_NOOP("ConditionKind", "Occlusion"), QT_TRANSLATE_NOOP("ConditionKind", "occl"),
            ConditionFamily::Visual };
    case ConditionKind::Crop:
        return { QT_TRANSLATE_NOOP("ConditionKind", "Crop"), QT_TRANSLATE_NOOP("ConditionKind", "crop"),
            ConditionFamily::Visual };
    case ConditionKind::Rotation:
        return { QT_TRANSLATE_NOOP("ConditionKind", "Rotation"), QT_TRANSLATE_NOOP("ConditionKind", "rot"),
            ConditionFamily::Visual };
    case ConditionKind::BrightnessContrast:
        return { QT_TRANSLATE_NOOP("ConditionKind", "Brightness / contrast"), QT_TRANSLATE_NOOP("ConditionKind", "b/c"),
            ConditionFamily::Visual };
    case ConditionKind::TypographicOverlay:
        return { QT_TRANSLATE_NOOP("ConditionKind", "Typographic overlay"),
            QT_TRANSLATE_NOOP("ConditionKind", "text-in-img"), ConditionFamily::Visual };
    }
    return { "?", "?", ConditionFamily::Text };
}

} // namespace

QString conditionKindTitle(ConditionKind kind)
{
    return QCoreApplication::translate("ConditionKind", labelsOf(kind).title);
}

QString conditionKindBadge(ConditionKind kind)
{
    return QCoreApplication::translate("ConditionKind", labelsOf(kind).badge);
}

ConditionFamily conditionFamily(ConditionKind kind)
{
    return labelsOf(kind).family;
}

QString conditionDisplayName(const Condition& condition)
{
    return condition.label.isEmpty() ? conditionKindTitle(condition.kind) : condition.label;
}

} // namespace vlmprobe
