#pragma once
// SampleTextPanel: the texts of one sample as one condition presents them: a title line, the condition, its
// caption, the hint, the question, the options with the gold answer marked, and the prefill the condition injects.
// A condition's option list and gold letter replace the sample's when set (Abstain, OptionShuffle).
// GUI thread only.

#include "workspace/records.h"

#include <QWidget>

class QLabel;

namespace vlmprobe {

class OptionList;

class SampleTextPanel : public QWidget {
    Q_OBJECT
public:
    explicit SampleTextPanel(QWidget* parent = nullptr);

    // `condition` may be nullptr (the sample as stored, no caption, no prefill).
    void showSample(const Sample& sample, const QString& datasetName, const Condition* condition);
    void clear();

    QString titleText() const;
    QString conditionText() const;
    // Empty when the condition adds no caption (the placeholder shown then is not returned).
    QString captionText() const { return m_caption; }
    QString questionText() const;
    QString prefillText() const { return m_prefill; }
    OptionList* optionList() const { return m_options; }

private:
    // Adds a bold header and a text label below it; returns the text label (and the header through `headerOut`).
    QLabel* addSection(const QString& title, const QString& objectName, QLabel** headerOut = nullptr);

    QLabel* m_title = nullptr;
    QLabel* m_condition = nullptr;
    QLabel* m_captionLabel = nullptr;
    QLabel* m_hintHeader = nullptr;
    QLabel* m_hintLabel = nullptr;
    QLabel* m_questionLabel = nullptr;
    QLabel* m_prefillHeader = nullptr;
    QLabel* m_prefillLabel = nullptr;
    OptionList* m_options = nullptr;
    QString m_caption;
    QString m_prefill;
};

} // namespace vlmprobe
