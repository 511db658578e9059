#pragma once
// OptionBars: the answer-letter distribution of one run as horizontal bars (QCustomPlot), one bar per option in
// letter order from the top, labelled "A. text". The gold option's bar is green, the chosen (parsed) option's bar
// is outlined, and a wrong choice is orange, so right and wrong answers read at a glance. Below the plot one line:
// "H = 0.41 nats (0.30 norm.) · P(correct) = 0.72 · letter mass 0.93".
//
// Entropy H comes from the run when stored, else it is computed from the distribution (protocol.md: −Σ p ln p);
// the normalised entropy is H / ln |L| with |L| the number of letters in the distribution. GUI thread only.

#include "workspace/records.h"

#include <QWidget>

class QCustomPlot;
class QLabel;

namespace vlmprobe {

class OptionBars : public QWidget {
    Q_OBJECT
public:
    explicit OptionBars(QWidget* parent = nullptr);

    // `options` are the option texts in letter order (the condition's when it overrides them), `goldAnswer` the
    // gold letter. A run without a distribution shows an explanation instead of bars.
    void showRun(const Run& run, const QStringList& options, const QString& goldAnswer);
    void clear(const QString& explanation = QString());

    // What the plot shows, read back from its bar plottables: one entry per bar in letter order.
    int barCount() const;
    QList<double> values() const;
    QStringList labels() const;
    QString goldLetter() const { return m_gold; }
    QString chosenLetter() const { return m_chosen; }
    QString summaryText() const;
    QCustomPlot* plot() const { return m_plot; }

    // The summary line for a distribution (exposed for the run diff and tests).
    static QString summaryLine(const Run& run);

private:
    QCustomPlot* m_plot = nullptr;
    QLabel* m_summary = nullptr;
    QStringList m_letters;
    QStringList m_labels;
    QString m_gold;
    QString m_chosen;
};

} // namespace vlmprobe
