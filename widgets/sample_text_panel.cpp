#include "sample_text_panel.h"

#include "condition_kind_labels.h"
#include "option_list.h"

#include <QLabel>
#include <QVBoxLayout>

namespace vlmprobe {

namespace {

QLabel* makeTextLabel(QWidget* parent, const QString& objectName)
{
    auto* label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    return label;
}

} // namespace

SampleTextPanel::SampleTextPanel(QWidget* parent)
    : QWidget(parent)
    , m_options(new OptionList(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 4, 8, 8);
    layout->setSpacing(4);

    m_title = makeTextLabel(this, QStringLiteral("sampleTitle"));
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    layout->addWidget(m_title);

    m_condition = makeTextLabel(this, QStringLiteral("conditionSummary"));
    m_condition->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(m_condition);

    m_captionLabel = addSection(tr("Caption"), QStringLiteral("captionText"));
    m_hintLabel = addSection(tr("Hint"), QStringLiteral("hintText"), &m_hintHeader);
    m_questionLabel = addSection(tr("Question"), QStringLiteral("questionText"));
    QFont questionFont = m_questionLabel->font();
    questionFont.setPointSizeF(questionFont.pointSizeF() * 1.15);
    m_questionLabel->setFont(questionFont);

    auto* optionsHeader = new QLabel(tr("Options"), this);
    optionsHeader->setObjectName(QStringLiteral("optionsHeader"));
    QFont headerFont = optionsHeader->font();
    headerFont.setBold(true);
    headerFont.setPointSizeF(headerFont.pointSizeF() * 0.9);
    optionsHeader->setFont(headerFont);
    optionsHeader->setForegroundRole(QPalette::PlaceholderText);
    layout->addSpacing(6);
    layout->addWidget(optionsHeader);
    m_options->setObjectName(QStringLiteral("optionList"));
    layout->addWidget(m_options);

    m_prefillLabel = addSection(tr("Injected prefill"), QStringLiteral("prefillText"), &m_prefillHeader);
    QFont prefillFont = m_prefillLabel->font();
    prefillFont.setItalic(true);
    m_prefillLabel->setFont(prefillFont);
    layout->addStretch(1);
    clear();
}

QLabel* SampleTextPanel::addSection(const QString& title, const QString& objectName, QLabel** headerOut)
{
    auto* header = new QLabel(title, this);
    header->setObjectName(objectName + QStringLiteral("Header"));
    QFont headerFont = header->font();
    headerFont.setBold(true);
    headerFont.setPointSizeF(headerFont.pointSizeF() * 0.9);
    header->setFont(headerFont);
    header->setForegroundRole(QPalette::PlaceholderText);
    auto* label = makeTextLabel(this, objectName);
    auto* layout = static_cast<QVBoxLayout*>(this->layout());
    layout->addSpacing(6);
    layout->addWidget(header);
    layout->addWidget(label);
    if (headerOut)
        *headerOut = header;
    return label;
}

void SampleTextPanel::showSample(const Sample& sample, const QString& datasetName, const Condition* condition)
{
    QStringList title { tr("Sample %1").arg(sample.id) };
    if (!datasetName.isEmpty())
        title << datasetName;
    if (!sample.externalId.isEmpty())
        title << tr("id %1").arg(sample.externalId);
    if (!sample.category.isEmpty())
        title << sample.category;
    m_title->setText(title.join(QStringLiteral(" \u00b7 ")));

    if (condition) {
        QString summary = tr("Condition: %1").arg(conditionDisplayName(*condition));
        if (!condition->targetOption.isEmpty())
            summary += tr(" \u2014 points at option %1").arg(condition->targetOption);
        m_condition->setText(summary);
    } else {
        m_condition->setText(tr("Condition: none selected"));
    }

    m_caption = condition ? condition->captionText : QString();
    if (m_caption.isEmpty()) {
        m_captionLabel->setText(tr("This condition adds no caption."));
        m_captionLabel->setForegroundRole(QPalette::PlaceholderText);
    } else {
        m_captionLabel->setText(m_caption);
        m_captionLabel->setForegroundRole(QPalette::WindowText);
    }

    m_hintLabel->setText(sample.hint);
    m_hintLabel->setVisible(!sample.hint.isEmpty());
    m_hintHeader->setVisible(!sample.hint.isEmpty());

    m_questionLabel->setText(sample.question);

    const QStringList optionTexts = condition && !condition->options.isEmpty() ? condition->options : sample.options;
    const QString gold = condition && !condition->goldAnswer.isEmpty() ? condition->goldAnswer : sample.goldAnswer;
    QList<OptionList::Option> options;
    for (int i = 0; i < optionTexts.size(); ++i) {
        const QString letter = optionLetter(i);
        options.append({ letter, optionTexts[i], letter == gold });
    }
    m_options->setOptions(options);

    m_prefill = condition ? condition->thinkPrefix + condition->cueText : QString();
    m_prefillLabel->setText(m_prefill);
    m_prefillLabel->setVisible(!m_prefill.isEmpty());
    m_prefillHeader->setVisible(!m_prefill.isEmpty());
}

void SampleTextPanel::clear()
{
    m_title->setText(tr("No sample selected"));
    m_condition->clear();
    m_caption.clear();
    m_captionLabel->clear();
    m_hintLabel->clear();
    m_hintLabel->hide();
    m_hintHeader->hide();
    m_questionLabel->clear();
    m_options->clear();
    m_prefill.clear();
    m_prefillLabel->clear();
    m_prefillLabel->hide();
    m_prefillHeader->hide();
}

QString SampleTextPanel::titleText() const
{
    return m_title->text();
}

QString SampleTextPanel::conditionText() const
{
    return m_condition->text();
}

QString SampleTextPanel::questionText() const
{
    return m_questionLabel->text();
}

} // namespace vlmprobe
