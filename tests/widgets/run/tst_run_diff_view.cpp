// RunDiffView: both conditions are named with their answers, and only the words that differ are highlighted.

#include "run_diff_view.h"

#include <QTest>
#include <QTextBrowser>
#include <QTextDocument>

using namespace vlmprobe;

namespace {

QTextCharFormat formatAt(QTextBrowser* browser, const QString& needle)
{
    const QTextCursor found = browser->document()->find(needle);
    if (found.isNull())
        return {};
    QTextCursor cursor(browser->document());
    cursor.setPosition(found.selectionStart() + 1);
    return cursor.charFormat();
}

} // namespace

class TestRunDiffView : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void showsBothRunsWithWordDiff();
};

void TestRunDiffView::showsBothRunsWithWordDiff()
{
    Run base;
    base.completion = QStringLiteral("<think>The cube is left of the ball.</think><answer>A</answer>");
    base.parsedOption = QStringLiteral("A");
    base.pCorrect = 0.875;
    Run caption;
    caption.prefill = QStringLiteral("<think>");
    caption.completion = QStringLiteral("The cube is right of the ball.</think><answer>B</answer>");
    caption.parsedOption = QStringLiteral("B");
    caption.pCorrect = 0.12;

    RunDiffView view;
    view.resize(700, 400);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.showRuns(QStringLiteral("Base"), base, QStringLiteral("Wrong-Caption"), caption);

    QCOMPARE(view.leftTitle(), QStringLiteral("Base"));
    QCOMPARE(view.rightTitle(), QStringLiteral("Wrong-Caption"));
    QCOMPARE(view.leftSummary(), QStringLiteral("Answer: A \u00b7 P(correct) = 0.88"));
    QCOMPARE(view.rightSummary(), QStringLiteral("Answer: B \u00b7 P(correct) = 0.12"));
    // The prefill and the completion read as one text on each side.
    QCOMPARE(view.rightText()->toPlainText(), caption.prefill + caption.completion);
    QCOMPARE(view.leftText()->toPlainText(), base.completion);

    QVERIFY(formatAt(view.leftText(), QStringLiteral("left")).background().style() != Qt::NoBrush);
    QVERIFY(formatAt(view.rightText(), QStringLiteral("right")).background().style() != Qt::NoBrush);
    QVERIFY(formatAt(view.leftText(), QStringLiteral("cube")).background().style() == Qt::NoBrush);
    QVERIFY(formatAt(view.rightText(), QStringLiteral("cube")).background().style() == Qt::NoBrush);
    // The last word differs by its answer letter only, and it is one word: highlighted on both sides.
    QVERIFY(formatAt(view.leftText(), QStringLiteral("<answer>A")).background().style() != Qt::NoBrush);
    QVERIFY(formatAt(view.rightText(), QStringLiteral("<answer>B")).background().style() != Qt::NoBrush);
    QVERIFY(!view.diff().truncated);
}

QTEST_MAIN(TestRunDiffView)
#include "tst_run_diff_view.moc"
