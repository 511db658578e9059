// diffWords: a changed word is removed on one side and added on the other, whitespace travels with its word,
// each side concatenates back to its text, and the cell cap bounds the work.

#include "word_diff.h"

#include <QTest>

using namespace vlmprobe;
using Kind = WordDiffSegment::Kind;

namespace {

QString joined(const QList<WordDiffSegment>& segments)
{
    QString text;
    for (const WordDiffSegment& segment : segments)
        text += segment.text;
    return text;
}

} // namespace

class TestWordDiff : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void changedWord();
    void insertionAndDeletion();
    void identicalAndEmpty();
    void capFallsBackToWholeMiddle();
};

void TestWordDiff::changedWord()
{
    const WordDiff diff
        = diffWords(QStringLiteral("the cube is left of the ball"), QStringLiteral("the cube is right of the ball"));
    const QList<WordDiffSegment> left { { Kind::Same, QStringLiteral("the cube is ") },
        { Kind::Removed, QStringLiteral("left ") }, { Kind::Same, QStringLiteral("of the ball") } };
    const QList<WordDiffSegment> right { { Kind::Same, QStringLiteral("the cube is ") },
        { Kind::Added, QStringLiteral("right ") }, { Kind::Same, QStringLiteral("of the ball") } };
    QCOMPARE(diff.left, left);
    QCOMPARE(diff.right, right);
    QVERIFY(!diff.truncated);
}

void TestWordDiff::insertionAndDeletion()
{
    // "so" is only on the left, "wait, " only on the right; "B" vs "C" changes.
    const QString a = QStringLiteral("I see two so B");
    const QString b = QStringLiteral("wait, I see two C");
    const WordDiff diff = diffWords(a, b);
    const QList<WordDiffSegment> left { { Kind::Same, QStringLiteral("I see two ") },
        { Kind::Removed, QStringLiteral("so B") } };
    const QList<WordDiffSegment> right { { Kind::Added, QStringLiteral("wait, ") },
        { Kind::Same, QStringLiteral("I see two ") }, { Kind::Added, QStringLiteral("C") } };
    QCOMPARE(diff.left, left);
    QCOMPARE(diff.right, right);
    QCOMPARE(joined(diff.left), a);
    QCOMPARE(joined(diff.right), b);
}

void TestWordDiff::identicalAndEmpty()
{
    const WordDiff same = diffWords(QStringLiteral(" a b\nc"), QStringLiteral(" a b\nc"));
    QCOMPARE(same.left.size(), 1);
    QCOMPARE(same.left.first().kind, Kind::Same);
    QCOMPARE(same.left.first().text, QStringLiteral(" a b\nc"));
    const WordDiff fromEmpty = diffWords(QString(), QStringLiteral("new text"));
    QVERIFY(fromEmpty.left.isEmpty());
    QCOMPARE(fromEmpty.right.size(), 1);
    QCOMPARE(fromEmpty.right.first().kind, Kind::Added);
    // A line break instead of a space is not a change: words compare without their whitespace.
    const WordDiff wrapped = diffWords(QStringLiteral("a b"), QStringLiteral("a\nb"));
    QCOMPARE(wrapped.left.size(), 1);
    QCOMPARE(wrapped.left.first().kind, Kind::Same);
}

void TestWordDiff::capFallsBackToWholeMiddle()
{
    // Middles of 3 and 3 words need (3+1)*(3+1) = 16 cells; a cap of 15 falls back.
    const QString a = QStringLiteral("start x y z end");
    const QString b = QStringLiteral("start y z w end");
    const WordDiff exact = diffWords(a, b, 16);
    QVERIFY(!exact.truncated);
    QCOMPARE(exact.left.at(1), (WordDiffSegment { Kind::Removed, QStringLiteral("x ") }));
    const WordDiff capped = diffWords(a, b, 15);
    QVERIFY(capped.truncated);
    const QList<WordDiffSegment> left { { Kind::Same, QStringLiteral("start ") },
        { Kind::Removed, QStringLiteral("x y z ") }, { Kind::Same, QStringLiteral("end") } };
    QCOMPARE(capped.left, left);
    QCOMPARE(joined(capped.right), b);
}

QTEST_APPLESS_MAIN(TestWordDiff)
#include "tst_word_diff.moc"
