#include "probe/condition_factory.h"

#include "probe/condition_templates.h"
#include "probe/probe_error.h"
#include "probe/visual_perturbation.h"

#include <QJsonArray>
#include <QJsonValue>

#include <cmath>

namespace vlmprobe {

namespace {

const QString kSource = QStringLiteral("source");
const QString kTemplate = QStringLiteral("template");

class Builder {
public:
    Builder(const Sample& sample, ConditionKind kind, const QJsonObject& parameters)
        : m_sample(sample)
        , m_kind(kind)
        , m_parameters(parameters)
    {
    }

    [[noreturn]] void fail(const QString& what) const
    {
        throw ProbeError(QStringLiteral("cannot make a %1 condition for sample %2: %3")
                             .arg(conditionKindName(m_kind), QString::number(m_sample.id), what));
    }

    bool has(const QString& key) const { return m_parameters.contains(key) && !m_parameters.value(key).isNull(); }

    QString string(const QString& key, const QString& fallback) const
    {
        if (!has(key))
            return fallback;
        if (!m_parameters.value(key).isString())
            fail(QStringLiteral("parameter \"%1\" must be a string").arg(key));
        return m_parameters.value(key).toString();
    }

    double number(const QString& key) const
    {
        const QJsonValue value = m_parameters.value(key);
        if (!value.isDouble() || !std::isfinite(value.toDouble()))
            fail(QStringLiteral("parameter \"%1\" must be a number").arg(key));
        return value.toDouble();
    }

    qint64 integer(const QString& key) const
    {
        const double value = number(key);
        if (value != std::floor(value) || std::abs(value) > 9.0e15)
            fail(QStringLiteral("parameter \"%1\" must be a whole number").arg(key));
        return static_cast<qint64>(value);
    }

    int goldIndex() const
    {
        const int gold = letterIndex(m_sample.goldAnswer);
        if (gold < 0)
            fail(QStringLiteral("the sample has no valid gold letter (\"%1\")").arg(m_sample.goldAnswer));
        return gold;
    }

    int letterIndex(const QString& letter) const
    {
        if (letter.size() != 1 || letter.at(0) < u'A' || letter.at(0) > u'Z')
            return -1;
        const int index = letter.at(0).unicode() - u'A';
        return index < m_sample.options.size() ? index : -1;
    }

    // Wrong kinds point away from gold; Correct kinds at it.
    int target(bool correct) const
    {
        const int gold = goldIndex();
        if (!has(QStringLiteral("target"))) {
            if (correct)
                return gold;
            if (m_sample.options.size() < 2)
                fail(QStringLiteral("a misleading text needs a second option"));
            return gold == 0 ? 1 : 0;
        }
        const QString letter = string(QStringLiteral("target"), {});
        const int index = letterIndex(letter);
        if (index < 0)
            fail(QStringLiteral("target \"%1\" is not one of the %2 option letters")
                     .arg(letter)
                     .arg(m_sample.options.size()));
        if (correct && index != gold)
            fail(QStringLiteral("a correct control must point at the gold option %1, not %2")
                     .arg(m_sample.goldAnswer, letter));
        if (!correct && index == gold)
            fail(QStringLiteral("target %1 is the gold option").arg(letter));
        return index;
    }

    // The template-filled (or manual) text pointing at option index; records provenance.
    QString text(const QList<ConditionTemplate>& templates, int index, Condition& condition) const
    {
        if (has(QStringLiteral("text"))) {
            condition.provenance = { { kSource, QStringLiteral("manual") } };
            return string(QStringLiteral("text"), {});
        }
        const QString id = string(kTemplate, templates.first().id);
        const std::optional<ConditionTemplate> chosen = findTemplate(templates, id);
        if (!chosen) {
            QStringList known;
            for (const ConditionTemplate& candidate : templates)
                known.append(candidate.id);
            fail(QStringLiteral("unknown template \"%1\" (known: %2)").arg(id, known.join(QStringLiteral(", "))));
        }
        condition.provenance = { { kSource, kTemplate }, { kTemplate, id } };
        return fillTemplate(chosen->text, optionLetter(index), m_sample.options.at(index));
    }

    void setTemplateProvenance(Condition& condition, const QString& id) const
    {
        condition.provenance = { { kSource, kTemplate }, { kTemplate, id } };
    }

    std::optional<qint64> sourceRun(bool required) const
    {
        if (!has(QStringLiteral("sourceRun"))) {
            if (required)
                fail(QStringLiteral("parameter \"sourceRun\" (the run whose thinking is reused) is missing"));
            return std::nullopt;
        }
        const qint64 id = integer(QStringLiteral("sourceRun"));
        if (id <= 0)
            fail(QStringLiteral("parameter \"sourceRun\" must be a stored run id"));
        return id;
    }

    void shuffle(Condition& condition) const
    {
        const qsizetype count = m_sample.options.size();
        const int gold = goldIndex();
        QList<int> order;
        if (has(QStringLiteral("order"))) {
            const QJsonArray array = m_parameters.value(QStringLiteral("order")).toArray();
            QList<bool> seen(count, false);
            for (const QJsonValue& value : array) {
                const double index = value.toDouble(-1.0);
                if (!value.isDouble() || index != std::floor(index) || index < 0 || index >= count
                    || seen.at(static_cast<qsizetype>(index)))
                    fail(QStringLiteral("\"order\" must list each option index 0..%1 once").arg(count - 1));
                seen[static_cast<qsizetype>(index)] = true;
                order.append(static_cast<int>(index));
            }
            if (order.size() != count)
                fail(QStringLiteral("\"order\" must list each option index 0..%1 once").arg(count - 1));
            condition.provenance = { { kSource, QStringLiteral("manual") } };
        } else {
            const qint64 rotate = has(QStringLiteral("rotate")) ? integer(QStringLiteral("rotate")) : 1;
            for (qsizetype i = 0; i < count; ++i)
                order.append(static_cast<int>(((i + rotate) % count + count) % count));
            condition.parameters.insert(QStringLiteral("rotate"), rotate);
            setTemplateProvenance(condition, QStringLiteral("rotate"));
        }
        for (qsizetype i = 0; i < count; ++i) {
            condition.options.append(m_sample.options.at(order.at(i)));
            if (order.at(i) == gold)
                condition.goldAnswer = optionLetter(static_cast<int>(i));
        }
    }

    void visual(Condition& condition) const
    {
        QJsonObject recipe;
        if (has(QStringLiteral("severity"))) {
            const qint64 severity = integer(QStringLiteral("severity"));
            if (severity < 1 || severity > 5)
                fail(QStringLiteral("severity %1 is outside 1..5").arg(severity));
            recipe = recipeForSeverity(m_kind, static_cast<int>(severity));
            setTemplateProvenance(condition, QStringLiteral("severity"));
        } else {
            condition.provenance = { { kSource, QStringLiteral("manual") } };
        }
        for (auto it = m_parameters.begin(); it != m_parameters.end(); ++it)
            recipe.insert(it.key(), it.value());
        if (m_kind == ConditionKind::TypographicOverlay) {
            if (!recipe.contains(QStringLiteral("text"))) {
                const int index = target(false);
                condition.targetOption = optionLetter(index);
                recipe.insert(QStringLiteral("text"), m_sample.options.at(index));
            } else if (has(QStringLiteral("target"))) {
                condition.targetOption = optionLetter(target(false));
            }
        }
        condition.parameters = recipe;
    }

    Condition build(std::optional<qint64> parentId) const
    {
        Condition condition;
        condition.sampleId = m_sample.id;
        condition.kind = m_kind;
        condition.parentId = parentId;
        condition.parameters = m_parameters;
        switch (m_kind) {
        case ConditionKind::Base:
            setTemplateProvenance(condition, QStringLiteral("base"));
            break;
        case ConditionKind::WrongCaption:
        case ConditionKind::WrongCaptionDisclaimer:
        case ConditionKind::CorrectCaption: {
            const int index = target(m_kind == ConditionKind::CorrectCaption);
            condition.targetOption = optionLetter(index);
            condition.captionText = text(captionTemplates(), index, condition);
            if (m_kind == ConditionKind::WrongCaptionDisclaimer)
                condition.parameters.insert(QStringLiteral("disclaimer"),
                    string(QStringLiteral("disclaimer"), QStringLiteral(", but I could be wrong.")));
            break;
        }
        case ConditionKind::WrongThink:
        case ConditionKind::WrongThinkCue:
        case ConditionKind::CorrectThink: {
            const int index = target(m_kind == ConditionKind::CorrectThink);
            condition.targetOption = optionLetter(index);
            condition.thinkPrefix = text(thinkPrefixTemplates(), index, condition);
            if (m_kind == ConditionKind::WrongThinkCue)
                condition.cueText = string(QStringLiteral("cue"), QStringLiteral(" But I think"));
            break;
        }
        case ConditionKind::StopThink:
            condition.thinkPrefix = string(
                QStringLiteral("text"), QStringLiteral("Okay let's see. This should be the final answer.</think>"));
            if (has(QStringLiteral("text")))
                condition.provenance = { { kSource, QStringLiteral("manual") } };
            else
                setTemplateProvenance(condition, QStringLiteral("stop-think"));
            break;
        case ConditionKind::Abstain:
            condition.options = m_sample.options;
            condition.options.append(string(QStringLiteral("abstainText"), QStringLiteral("I'm not sure")));
            condition.targetOption = optionLetter(static_cast<int>(condition.options.size()) - 1);
            setTemplateProvenance(condition, QStringLiteral("abstain"));
            break;
        case ConditionKind::OptionShuffle:
            shuffle(condition);
            break;
        case ConditionKind::EarlyAnswering: {
            condition.sourceRunId = sourceRun(true);
            const double fraction = number(QStringLiteral("fraction"));
            if (fraction < 0.0 || fraction > 1.0)
                fail(QStringLiteral("fraction %1 is outside 0..1").arg(fraction));
            const QString unit = string(QStringLiteral("unit"), QStringLiteral("tokens"));
            if (unit != QLatin1String("tokens") && unit != QLatin1String("sentences"))
                fail(QStringLiteral("unit \"%1\" is neither \"tokens\" nor \"sentences\"").arg(unit));
            condition.parameters.insert(QStringLiteral("unit"), unit);
            setTemplateProvenance(condition, QStringLiteral("early-answering"));
            break;
        }
        case ConditionKind::EditContinue:
            condition.sourceRunId = sourceRun(false);
            condition.thinkPrefix = string(QStringLiteral("editedThink"), {});
            if (condition.thinkPrefix.isEmpty())
                fail(QStringLiteral("parameter \"editedThink\" (the edited thinking) is missing or empty"));
            condition.provenance = { { kSource, QStringLiteral("manual") } };
            break;
        default:
            if (!isVisualKind(m_kind))
                fail(QStringLiteral("unknown kind"));
            visual(condition);
            break;
        }
        return condition;
    }

private:
    const Sample& m_sample;
    ConditionKind m_kind;
    QJsonObject m_parameters;
};

} // namespace

Condition makeCondition(
    const Sample& sample, ConditionKind kind, const QJsonObject& parameters, std::optional<qint64> parentId)
{
    return Builder(sample, kind, parameters).build(parentId);
}

} // namespace vlmprobe
