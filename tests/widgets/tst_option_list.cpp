// OptionList: one row per option in order, the gold row marked in words and tinted from the palette (light and
// dark palettes both), any number of options.

#include "option_list.h"

#include <QLabel>
#include <QTest>

#include <algorithm>
#include <cstdlib>

using namespace vlmprobe;

namespace {

QList<QWidget*> rows(const OptionList& list)
{
    QList<QWidget*> result;
    for (QWidget* child : list.findChildren<QWidget*>(QStringLiteral("optionRow"), Qt::FindDirectChildrenOnly))
        result << child;
    std::sort(result.begin(), result.end(), [](QWidget* a, QWidget* b) { return a->y() < b->y(); });
    return result;
}

QString childText(QWidget* row, const QString& name)
{
    const auto* label = row->findChild<QLabel*>(name);
    return label ? label->text() : QString();
}

QPalette darkPalette()
{
    QPalette palette;
    palette.setColor(QPalette::Window, QColor(0x20, 0x22, 0x26));
    palette.setColor(QPalette::WindowText, QColor(0xe0, 0xe0, 0xe0));
    palette.setColor(QPalette::Base, QColor(0x18, 0x1a, 0x1e));
    palette.setColor(QPalette::Text, QColor(0xe0, 0xe0, 0xe0));
    palette.setColor(QPalette::Highlight, QColor(0x3d, 0x8e, 0xe0));
    return palette;
}

} // namespace

class TestOptionList : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void showsOptionsInOrder_data();
    void showsOptionsInOrder();
    void goldTintFollowsPalette();
};

void TestOptionList::showsOptionsInOrder_data()
{
    QTest::addColumn<QStringList>("texts");
    QTest::addColumn<int>("gold");
    QTest::newRow("two options") << QStringList { QStringLiteral("Yes"), QStringLiteral("No") } << 1;
    QTest::newRow("six options") << QStringList { QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("3"),
        QStringLiteral("4"), QStringLiteral("5"), QStringLiteral("I'm not sure") }
                                 << 5;
    QTest::newRow("no gold") << QStringList { QStringLiteral("left"), QStringLiteral("right") } << -1;
    QTest::newRow("empty") << QStringList {} << -1;
}

void TestOptionList::showsOptionsInOrder()
{
    QFETCH(QStringList, texts);
    QFETCH(int, gold);
    OptionList list;
    QList<OptionList::Option> options;
    for (int i = 0; i < texts.size(); ++i)
        options.append({ QString(QChar(u'A' + i)), texts[i], i == gold });
    list.setOptions(options);
    list.resize(400, 300);
    list.show();
    QVERIFY(QTest::qWaitForWindowExposed(&list));

    const QList<QWidget*> shown = rows(list);
    QCOMPARE(shown.size(), texts.size());
    for (int i = 0; i < shown.size(); ++i) {
        QCOMPARE(childText(shown[i], QStringLiteral("optionLetter")), QString(QChar(u'A' + i)));
        QCOMPARE(childText(shown[i], QStringLiteral("optionText")), texts[i]);
        QCOMPARE(shown[i]->property("gold").toBool(), i == gold);
        // The gold answer is marked in words, not by colour alone.
        QCOMPARE(!childText(shown[i], QStringLiteral("goldMark")).isEmpty(), i == gold);
    }
    QCOMPARE(list.findChildren<QLabel*>(QStringLiteral("goldMark")).size(), gold >= 0 ? 1 : 0);

    // Replacing the options replaces the rows.
    list.setOptions({ { QStringLiteral("A"), QStringLiteral("only"), true } });
    QCOMPARE(rows(list).size(), 1);
    list.clear();
    QCOMPARE(rows(list).size(), 0);
}

void TestOptionList::goldTintFollowsPalette()
{
    for (const QPalette& palette : { QPalette(), darkPalette() }) {
        OptionList list;
        list.setPalette(palette);
        list.setOptions({ { QStringLiteral("A"), QStringLiteral("red"), false },
            { QStringLiteral("B"), QStringLiteral("blue"), true } });
        list.resize(300, 100);
        list.show();
        QVERIFY(QTest::qWaitForWindowExposed(&list));
        const QList<QWidget*> shown = rows(list);
        QCOMPARE(shown.size(), 2);
        QWidget* goldRow = shown[1];
        QVERIFY(goldRow->autoFillBackground());
        const QColor tint = goldRow->palette().color(QPalette::Window);
        const QColor base = palette.color(QPalette::Base);
        const QColor highlight = palette.color(QPalette::Highlight);
        // Between the base and the highlight colour, closer to the base: text on it keeps the palette's contrast.
        QVERIFY(tint != base);
        QVERIFY(std::abs(tint.lightness() - base.lightness()) < std::abs(highlight.lightness() - base.lightness()) + 1);
        QCOMPARE(goldRow->findChild<QLabel*>(QStringLiteral("optionText"))->palette().color(QPalette::WindowText),
            palette.color(QPalette::WindowText));
        // The grabbed gold row really shows the tint.
        const QImage grabbed = goldRow->grab().toImage();
        QCOMPARE(QColor(grabbed.pixel(1, 1)).rgb(), tint.rgb());
    }
}

QTEST_MAIN(TestOptionList)
#include "tst_option_list.moc"
