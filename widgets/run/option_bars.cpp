// qcustomplot.h predates QT_NO_KEYWORDS and QT_NO_FOREACH (it declares `signals:` and uses `foreach` in inline
// code), so both are lifted for this one file, before the first Qt header. The code below still writes Q_SIGNALS.
#undef QT_NO_KEYWORDS
#undef QT_NO_FOREACH

#include "option_bars.h"

#include <qcustomplot.h>

#include <QLabel>
#include <QVBoxLayout>

#include <cmath>

namespace vlmprobe {

namespace {

enum BarKind { Other, Gold, Wrong, Count };

double entropyOf(const QJsonObject& distribution)
{
    double entropy = 0.0;
    for (auto it = distribution.begin(); it != distribution.end(); ++it) {
        const double p = it.value().toDouble();
        if (p > 0.0)
            entropy -= p * std::log(p);
    }
    return entropy;
}

} // namespace

OptionBars::OptionBars(QWidget* parent)
    : QWidget(parent)
    , m_plot(new QCustomPlot(this))
    , m_summary(new QLabel(this))
{
    m_plot->setObjectName(QStringLiteral("optionPlot"));
    m_summary->setObjectName(QStringLiteral("optionSummary"));
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setWordWrap(true);

    // Bars are grouped by role (other / gold / wrong choice) so each role has one brush; the chosen bar gets a
    // thick outline on whichever plottable holds it.
    const QList<QColor> fills { QColor(0x9e, 0xb3, 0xc8), QColor(0x4c, 0xaf, 0x50), QColor(0xf0, 0x8c, 0x28) };
    for (int kind = 0; kind < BarKind::Count; ++kind) {
        auto* bars = new QCPBars(m_plot->yAxis, m_plot->xAxis);
        bars->setBrush(fills[kind]);
        bars->setPen(Qt::NoPen);
        bars->setWidth(0.7);
    }
    m_plot->xAxis->setRange(0.0, 1.0);
    m_plot->xAxis->setLabel(tr("probability"));
    m_plot->yAxis->grid()->setVisible(false);
    m_plot->setMinimumHeight(fontMetrics().height() * 6);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot, 1);
    layout->addWidget(m_summary);
    clear();
}

QString OptionBars::summaryLine(const Run& run)
{
    if (run.optionDistribution.isEmpty())
        return tr("No answer-letter distribution for this run.");
    const double entropy = run.entropy ? *run.entropy : entropyOf(run.optionDistribution);
    const qsizetype letters = run.optionDistribution.size();
    const QString normalised = letters > 1 ? QString::number(entropy / std::log(static_cast<double>(letters)), 'f', 2)
                                           : QStringLiteral("n/a");
    QString line = tr("H = %1 nats (%2 norm.)").arg(QString::number(entropy, 'f', 2), normalised);
    if (run.pCorrect)
        line += tr(" \u00b7 P(correct) = %1").arg(QString::number(*run.pCorrect, 'f', 2));
    if (run.letterMass)
        line += tr(" \u00b7 letter mass %1").arg(QString::number(*run.letterMass, 'f', 2));
    return line;
}

void OptionBars::showRun(const Run& run, const QStringList& options, const QString& goldAnswer)
{
    if (run.optionDistribution.isEmpty()) {
        clear(summaryLine(run));
        return;
    }
    m_letters.clear();
    m_labels.clear();
    m_gold = goldAnswer;
    m_chosen = run.parsedOption;
    // Letter order from the options; letters the distribution has beyond them (should not happen) are appended.
    for (int i = 0; i < options.size(); ++i)
        m_letters.append(optionLetter(i));
    for (auto it = run.optionDistribution.begin(); it != run.optionDistribution.end(); ++it) {
        if (!m_letters.contains(it.key()))
            m_letters.append(it.key());
    }

    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    const int count = static_cast<int>(m_letters.size());
    QList<QCPBars*> bars;
    for (int kind = 0; kind < BarKind::Count; ++kind) {
        auto* plottable = qobject_cast<QCPBars*>(m_plot->plottable(kind));
        plottable->data()->clear();
        plottable->setPen(Qt::NoPen);
        bars.append(plottable);
    }
    for (int i = 0; i < count; ++i) {
        const QString& letter = m_letters[i];
        const QString text = i < options.size() ? options[i] : QString();
        const QString label = text.isEmpty() ? letter : tr("%1. %2").arg(letter, text);
        m_labels.append(label);
        // The first option sits at the top.
        const double key = count - 1 - i;
        ticker->addTick(key, fontMetrics().elidedText(label, Qt::ElideRight, fontMetrics().averageCharWidth() * 28));
        const BarKind kind = letter == m_gold ? Gold : (letter == m_chosen ? Wrong : Other);
        bars[kind]->addData(key, run.optionDistribution.value(letter).toDouble());
        if (letter == m_chosen)
            bars[kind]->setPen(QPen(palette().color(QPalette::WindowText), 2.0));
    }
    m_plot->yAxis->setTicker(ticker);
    m_plot->yAxis->setRange(-0.6, count - 0.4);
    m_plot->replot();
    m_summary->setText(summaryLine(run));
}

void OptionBars::clear(const QString& explanation)
{
    m_letters.clear();
    m_labels.clear();
    m_gold.clear();
    m_chosen.clear();
    for (int kind = 0; kind < BarKind::Count; ++kind)
        qobject_cast<QCPBars*>(m_plot->plottable(kind))->data()->clear();
    m_plot->replot();
    m_summary->setText(explanation.isEmpty() ? tr("Run a model to see its answer-letter distribution.") : explanation);
}

int OptionBars::barCount() const
{
    int count = 0;
    for (int kind = 0; kind < BarKind::Count; ++kind)
        count += qobject_cast<QCPBars*>(m_plot->plottable(kind))->data()->size();
    return count;
}

QList<double> OptionBars::values() const
{
    // Keys run from count - 1 (first letter) down to 0.
    const int count = static_cast<int>(m_letters.size());
    QList<double> result(count, 0.0);
    for (int kind = 0; kind < BarKind::Count; ++kind) {
        const auto* bars = qobject_cast<QCPBars*>(m_plot->plottable(kind));
        for (auto it = bars->data()->constBegin(); it != bars->data()->constEnd(); ++it) {
            const int index = count - 1 - static_cast<int>(std::lround(it->key));
            if (index >= 0 && index < count)
                result[index] = it->value;
        }
    }
    return result;
}

QStringList OptionBars::labels() const
{
    return m_labels;
}

QString OptionBars::summaryText() const
{
    return m_summary->text();
}

} // namespace vlmprobe
