// ChainOfThoughtView streaming and heat-map: batches appended while streaming give exactly the text a finished run
// shows, the prefill stays formatted apart, and in heat-map mode each token is tinted by its probability with its
// alternatives in a tooltip.

#include "chain_of_thought_view.h"

#include <QTest>
#include <QTextBrowser>
#include <QTextDocument>

#include <cmath>

using namespace vlmprobe;

namespace {

QTextCharFormat formatAt(const ChainOfThoughtView& view, const QString& needle)
{
    const auto* browser = view.findChild<QTextBrowser*>(QStringLiteral("chainOfThoughtText"));
    const QTextCursor found = browser->document()->find(needle);
    if (found.isNull())
        return {};
    QTextCursor cursor(browser->document());
    cursor.setPosition(found.selectionStart() + 1);
    return cursor.charFormat();
}

StreamedToken token(int index, const QString& text, float logprob, QList<QPair<QString, float>> alternatives = {})
{
    StreamedToken result;
    result.index = index;
    result.text = text;
    result.logprob = logprob;
    result.alternatives = std::move(alternatives);
    return result;
}

} // namespace

class TestChainOfThoughtStreaming : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void streamedEqualsFinished();
    void heatMapTintsByProbability();
    void appendOutsideStreamingIsIgnored();
};

void TestChainOfThoughtStreaming::streamedEqualsFinished()
{
    const QString prefill = QStringLiteral("<think>The caption says the cube is red, so");
    const QList<StreamedToken> first { token(0, QStringLiteral(" wait"), -0.1f), token(1, QStringLiteral(","), -0.2f) };
    const QList<StreamedToken> second { token(2, QStringLiteral(" it is blue"), -1.0f),
        token(3, QStringLiteral("</think><answer>B</answer>"), -0.01f) };

    ChainOfThoughtView streamed;
    streamed.resize(500, 300);
    streamed.show();
    QVERIFY(QTest::qWaitForWindowExposed(&streamed));
    streamed.beginStreaming(prefill);
    QVERIFY(streamed.isStreaming());
    QVERIFY(!streamed.isShowingEmptyState());
    streamed.appendTokens(first);
    QCOMPARE(streamed.completion(), QStringLiteral(" wait,"));
    QVERIFY(streamed.displayedText().endsWith(prefill + QStringLiteral(" wait,")));
    streamed.appendTokens(second);
    streamed.finishStreaming();
    QVERIFY(!streamed.isStreaming());

    const QString completion = QStringLiteral(" wait, it is blue</think><answer>B</answer>");
    QCOMPARE(streamed.completion(), completion);
    QCOMPARE(streamed.tokens().size(), 4);
    ChainOfThoughtView finished;
    finished.showRun(prefill, completion);
    QCOMPARE(streamed.displayedText(), finished.displayedText());
    QVERIFY(formatAt(streamed, QStringLiteral("caption says")).fontItalic());
    QVERIFY(!formatAt(streamed, QStringLiteral("blue")).fontItalic());
}

void TestChainOfThoughtStreaming::heatMapTintsByProbability()
{
    ChainOfThoughtView view;
    view.setHeatMapEnabled(true);
    view.beginStreaming(QString());
    // p = 1 for "sure", p = exp(-2.302585) = 0.1 for "maybe".
    view.appendTokens({ token(0, QStringLiteral("sure "), 0.0f),
        token(1, QStringLiteral("maybe"), -2.302585f,
            { { QStringLiteral("maybe"), -2.302585f }, { QStringLiteral("no"), -0.2231436f } }) });
    view.finishStreaming();
    const QColor base = view.palette().color(QPalette::Base);
    const QTextCharFormat sure = formatAt(view, QStringLiteral("sure"));
    const QTextCharFormat maybe = formatAt(view, QStringLiteral("maybe"));
    // Probability 1 keeps the base colour; 0.1 mixes 0.75 * 0.9 = 67.5 % of the red tint (0xe0, 0x40, 0x30).
    QCOMPARE(sure.background().color().rgb(), base.rgb());
    const QColor expected = QColor::fromRgbF(static_cast<float>(base.redF() * 0.325 + (0xe0 / 255.0) * 0.675),
        static_cast<float>(base.greenF() * 0.325 + (0x40 / 255.0) * 0.675),
        static_cast<float>(base.blueF() * 0.325 + (0x30 / 255.0) * 0.675));
    QCOMPARE(maybe.background().color().rgb(), expected.rgb());
    QCOMPARE(maybe.toolTip(), QStringLiteral("p = 0.100\n\u201cmaybe\u201d 0.100\n\u201cno\u201d 0.800"));

    // Switching the mode off renders the same text plain.
    view.setHeatMapEnabled(false);
    QCOMPARE(view.displayedText(), QStringLiteral("sure maybe"));
    QCOMPARE(formatAt(view, QStringLiteral("maybe")).background().style(), Qt::NoBrush);
    // A finished run with its tokens shows the heat-map too.
    view.setHeatMapEnabled(true);
    view.showRun(QString(), QStringLiteral("sure maybe"), view.tokens());
    QVERIFY(formatAt(view, QStringLiteral("maybe")).background().style() != Qt::NoBrush);
}

void TestChainOfThoughtStreaming::appendOutsideStreamingIsIgnored()
{
    ChainOfThoughtView view;
    view.showRun(QString(), QStringLiteral("done"));
    view.appendTokens({ token(0, QStringLiteral(" late"), 0.0f) });
    QCOMPARE(view.completion(), QStringLiteral("done"));
    QCOMPARE(view.displayedText(), QStringLiteral("done"));
}

QTEST_MAIN(TestChainOfThoughtStreaming)
#include "tst_chain_of_thought_streaming.moc"
