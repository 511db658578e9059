// Window partition and rotary ids of the vision tower against qwen25vl.md §3's worked vectors and the goldens.

#include "golden_case.h"

#include "vlmprobe/engine/errors.h"
#include "vlmprobe/engine/vision_windows.h"

#include <QJsonArray>
#include <QTest>

#include <algorithm>
#include <numeric>

using namespace vlmprobe;
using engine::GridThw;

using Ints = std::vector<std::int64_t>;
Q_DECLARE_METATYPE(Ints)
Q_DECLARE_METATYPE(std::vector<engine::GridThw>)

class TestVisionWindows : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void specVectors_data()
    {
        QTest::addColumn<std::vector<GridThw>>("grids");
        QTest::addColumn<Ints>("windowIndex");
        QTest::addColumn<Ints>("cuWindowSeqlens");
        QTest::addColumn<Ints>("cuSeqlens");
        QTest::newRow("grid 1x12x20") << std::vector<GridThw> { { 1, 12, 20 } }
                                      << Ints { 0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23, 30, 31, 32, 33, 4, 5, 6, 7,
                                             14, 15, 16, 17, 24, 25, 26, 27, 34, 35, 36, 37, 8, 9, 18, 19, 28, 29, 38,
                                             39, 40, 41, 42, 43, 50, 51, 52, 53, 44, 45, 46, 47, 54, 55, 56, 57, 48, 49,
                                             58, 59 }
                                      << Ints { 0, 64, 128, 160, 192, 224, 240 } << Ints { 0, 240 };
        QTest::newRow("grid 1x16x16 (exact multiple)")
            << std::vector<GridThw> { { 1, 16, 16 } } << Ints {} << Ints { 0, 64, 128, 192, 256 } << Ints { 0, 256 };
        QTest::newRow("two images") << std::vector<GridThw> { { 1, 4, 6 }, { 1, 12, 20 } } << Ints {}
                                    << Ints { 0, 24, 88, 152, 184, 216, 248, 264 } << Ints { 0, 24, 264 };
    }

    void specVectors()
    {
        QFETCH(std::vector<GridThw>, grids);
        QFETCH(Ints, windowIndex);
        QFETCH(Ints, cuWindowSeqlens);
        QFETCH(Ints, cuSeqlens);
        const engine::WindowPartition p = engine::partitionWindows(grids, 2, 4);
        if (!windowIndex.empty())
            QCOMPARE(p.windowIndex, windowIndex);
        QCOMPARE(p.cuWindowSeqlens, cuWindowSeqlens);
        QCOMPARE(p.cuSeqlens, cuSeqlens);
        // A permutation of all merged units, which argsort inverts.
        Ints sorted = p.windowIndex;
        std::sort(sorted.begin(), sorted.end());
        Ints identity(sorted.size());
        std::iota(identity.begin(), identity.end(), 0);
        QCOMPARE(sorted, identity);
        QCOMPARE(p.cuWindowSeqlens.back() / 4, static_cast<std::int64_t>(p.windowIndex.size()));
    }

    void exactMultipleHasRepeatedRawOffsets()
    {
        const engine::WindowPartition p = engine::partitionWindows({ { 1, 16, 16 } }, 2, 4);
        QVERIFY(p.cuWindowSeqlensRaw.size() > p.cuWindowSeqlens.size());
        QCOMPARE(p.cuWindowSeqlensRaw.back(), std::int64_t(256));
    }

    void rotaryIds()
    {
        const auto ids = engine::rotaryPatchIds({ { 1, 4, 6 } }, 2);
        const std::vector<std::array<std::int64_t, 2>> expected { { 0, 0 }, { 0, 1 }, { 1, 0 }, { 1, 1 }, { 0, 2 },
            { 0, 3 }, { 1, 2 }, { 1, 3 }, { 0, 4 }, { 0, 5 }, { 1, 4 }, { 1, 5 }, { 2, 0 }, { 2, 1 }, { 3, 0 },
            { 3, 1 }, { 2, 2 }, { 2, 3 }, { 3, 2 }, { 3, 3 }, { 2, 4 }, { 2, 5 }, { 3, 4 }, { 3, 5 } };
        QVERIFY(ids == expected);
    }

    void goldenCases_data()
    {
        QTest::addColumn<QString>("checkpoint");
        QTest::addColumn<QString>("name");
        for (const QString& checkpoint : test::goldenCheckpoints()) {
            for (const QString& name : test::goldenCaseNames())
                QTest::newRow(qPrintable(checkpoint + QLatin1Char('/') + name)) << checkpoint << name;
        }
    }

    void goldenCases()
    {
        QFETCH(QString, checkpoint);
        QFETCH(QString, name);
        const test::GoldenCase c = test::loadGoldenCase(checkpoint, name);
        const auto grids = c.grids();
        if (grids.empty())
            QSKIP("text only: no vision indices");
        const QJsonObject vision = c.json.value(QStringLiteral("vision")).toObject();
        const engine::WindowPartition p = engine::partitionWindows(grids, 2, 4);
        QCOMPARE(p.windowIndex, test::jsonInts(vision.value(QStringLiteral("window_index"))));
        QCOMPARE(p.cuWindowSeqlensRaw, test::jsonInts(vision.value(QStringLiteral("cu_window_seqlens_raw"))));
        QCOMPARE(p.cuWindowSeqlens, test::jsonInts(vision.value(QStringLiteral("cu_window_seqlens"))));
        QCOMPARE(p.cuSeqlens, test::jsonInts(vision.value(QStringLiteral("cu_seqlens"))));
        const auto ids = engine::rotaryPatchIds(grids, 2);
        const QJsonArray first = vision.value(QStringLiteral("rotary_hw_ids_first16")).toArray();
        for (int i = 0; i < first.size(); ++i) {
            const Ints expected = test::jsonInts(first.at(i));
            QCOMPARE(ids.at(static_cast<std::size_t>(i))[0], expected.at(0));
            QCOMPARE(ids.at(static_cast<std::size_t>(i))[1], expected.at(1));
        }
    }

    void badGrids()
    {
        QVERIFY_THROWS_EXCEPTION(engine::InvalidInputError, engine::partitionWindows({ { 1, 5, 4 } }, 2, 4));
        QVERIFY_THROWS_EXCEPTION(engine::InvalidInputError, engine::partitionWindows({ { 0, 4, 4 } }, 2, 4));
        QVERIFY_THROWS_EXCEPTION(engine::InvalidInputError, engine::partitionWindows({ { 1, 4, 4 } }, 2, 0));
    }
};

QTEST_GUILESS_MAIN(TestVisionWindows)
#include "tst_vision_windows.moc"
