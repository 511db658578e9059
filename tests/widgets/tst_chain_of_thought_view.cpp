// ChainOfThoughtView: the injected prefill is formatted apart from the generated text (and the two read as one
// continuous text), and without a run the view explains itself instead of showing an empty box.

#include "chain_of_thought_view.h"

#include <QTest>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTextDocument>

using namespace vlmprobe;

namespace {

// The character format at the first occurrence of `needle` in the view's document.
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

} // namespace

class TestChainOfThoughtView : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void explainsEmptyState();
    void setsPrefillApart();
    void withoutPrefillShowsOnlyGeneratedText();
};

void TestChainOfThoughtView::explainsEmptyState()
{
    ChainOfThoughtView view;
    QVERIFY(view.isShowingEmptyState());
    QVERIFY(!view.emptyStateText().isEmpty());
    const QString explanation = QStringLiteral("No runs yet for this condition.");
    view.showEmptyState(explanation);
    QVERIFY(view.isShowingEmptyState());
    QCOMPARE(view.emptyStateText(), explanation);
    QVERIFY(view.displayedText().isEmpty());
}

void TestChainOfThoughtView::setsPrefillApart()
{
    ChainOfThoughtView view;
    view.resize(500, 300);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const QString prefill = QStringLiteral("<think>The red cube is left of the ball, so");
    const QString completion = QStringLiteral(" wait, it is right of it.</think><answer>B</answer>");
    view.showRun(prefill, completion);
    QVERIFY(!view.isShowingEmptyState());
    QVERIFY(view.emptyStateText().isEmpty());
    QCOMPARE(view.prefill(), prefill);
    QCOMPARE(view.completion(), completion);
    // One continuous text, exactly as the model saw and continued it.
    QVERIFY(view.displayedText().contains(prefill + completion));

    const QTextCharFormat prefillFormat = formatAt(view, QStringLiteral("red cube"));
    const QTextCharFormat generatedFormat = formatAt(view, QStringLiteral("wait, it is"));
    QVERIFY(prefillFormat.fontItalic());
    QVERIFY(!generatedFormat.fontItalic());
    QVERIFY(prefillFormat.background().style() != Qt::NoBrush);
    QVERIFY(generatedFormat.background().style() == Qt::NoBrush);
    // Text colour from the palette in both parts.
    QCOMPARE(prefillFormat.foreground().color(), view.palette().color(QPalette::Text));
    QCOMPARE(generatedFormat.foreground().color(), view.palette().color(QPalette::Text));
}

void TestChainOfThoughtView::withoutPrefillShowsOnlyGeneratedText()
{
    ChainOfThoughtView view;
    view.showRun(QString(), QStringLiteral("<think>Three circles.</think><answer>C</answer>"));
    QCOMPARE(view.displayedText(), QStringLiteral("<think>Three circles.</think><answer>C</answer>"));
    QVERIFY(!formatAt(view, QStringLiteral("Three")).fontItalic());
    view.showEmptyState(QStringLiteral("gone"));
    QVERIFY(view.displayedText().isEmpty());
    QVERIFY(view.prefill().isEmpty());
}

QTEST_MAIN(TestChainOfThoughtView)
#include "tst_chain_of_thought_view.moc"
