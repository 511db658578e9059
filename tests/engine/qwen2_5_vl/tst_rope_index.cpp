// M-RoPE position ids against qwen25vl.md §4.4's worked example, hand-derived cases and the goldens.

#include "golden_case.h"

#include "vlmprobe/engine/errors.h"
#include "vlmprobe/engine/rope_index.h"

#include <QJsonArray>
#include <QTest>

using namespace vlmprobe;
using Ints = std::vector<std::int64_t>;

namespace {

constexpr std::int32_t kImagePad = 151655;

Ints concat(std::initializer_list<Ints> parts)
{
    Ints out;
    for (const Ints& p : parts)
        out.insert(out.end(), p.begin(), p.end());
    return out;
}

Ints range(std::int64_t from, std::int64_t to)
{
    Ints out;
    for (std::int64_t i = from; i < to; ++i)
        out.push_back(i);
    return out;
}

} // namespace

class TestRopeIndex : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void specExample()
    {
        std::vector<std::int32_t> ids { 151644, 8948, 198, 2610, 525, 264, 10950, 17847, 13, 151645, 198, 151644, 872,
            198, 151652 };
        ids.insert(ids.end(), 6, kImagePad);
        for (const std::int32_t id : { 151653, 100, 101, 151645, 198, 151644, 77091, 198 })
            ids.push_back(id);
        QCOMPARE(ids.size(), std::size_t(29));
        const engine::RopePositions p = engine::computeRopePositions(ids, { { 1, 4, 6 } }, kImagePad, 2);
        QCOMPARE(p.t, concat({ range(0, 15), Ints(6, 15), range(18, 26) }));
        QCOMPARE(p.h, concat({ range(0, 15), Ints { 15, 15, 15, 16, 16, 16 }, range(18, 26) }));
        QCOMPARE(p.w, concat({ range(0, 15), Ints { 15, 16, 17, 15, 16, 17 }, range(18, 26) }));
        QCOMPARE(p.nextPosition - static_cast<std::int64_t>(ids.size()), std::int64_t(-3));
    }

    void textOnly()
    {
        const engine::RopePositions p = engine::computeRopePositions({ 1, 2, 3, 4 }, {}, kImagePad, 2);
        QCOMPARE(p.t, range(0, 4));
        QCOMPARE(p.h, range(0, 4));
        QCOMPARE(p.w, range(0, 4));
        QCOMPARE(p.nextPosition, std::int64_t(4));
    }

    void imageAtStartAndTwoImages()
    {
        // Image (1,4,4): 2x2 units at base 0, then text at 2; image (1,2,8): 1x4 units at base 3, text at 7.
        std::vector<std::int32_t> ids(4, kImagePad);
        ids.push_back(7);
        ids.insert(ids.end(), 4, kImagePad);
        ids.push_back(8);
        const engine::RopePositions p = engine::computeRopePositions(ids, { { 1, 4, 4 }, { 1, 2, 8 } }, kImagePad, 2);
        QCOMPARE(p.t, (Ints { 0, 0, 0, 0, 2, 3, 3, 3, 3, 7 }));
        QCOMPARE(p.h, (Ints { 0, 0, 1, 1, 2, 3, 3, 3, 3, 7 }));
        QCOMPARE(p.w, (Ints { 0, 1, 0, 1, 2, 3, 4, 5, 6, 7 }));
        QCOMPARE(p.nextPosition, std::int64_t(8));
    }

    void chunksContinue()
    {
        // Positions of a prefix never depend on what follows; a continuation picks up at nextPosition.
        std::vector<std::int32_t> ids { 5, kImagePad, kImagePad, kImagePad, kImagePad, 6, 7 };
        const engine::RopePositions whole = engine::computeRopePositions(ids, { { 1, 4, 4 } }, kImagePad, 2);
        const std::vector<std::int32_t> head(ids.begin(), ids.begin() + 5);
        const std::vector<std::int32_t> tail(ids.begin() + 5, ids.end());
        const engine::RopePositions a = engine::computeRopePositions(head, { { 1, 4, 4 } }, kImagePad, 2);
        const engine::RopePositions b = engine::computeRopePositions(tail, {}, kImagePad, 2, a.nextPosition);
        QCOMPARE(concat({ a.t, b.t }), whole.t);
        QCOMPARE(concat({ a.w, b.w }), whole.w);
        QCOMPARE(b.nextPosition, whole.nextPosition);
    }

    void expandIds()
    {
        const auto out
            = engine::expandImageTokenIds({ 1, kImagePad, 2, kImagePad }, { { 1, 4, 4 }, { 1, 2, 4 } }, kImagePad, 2);
        QCOMPARE(out,
            (std::vector<std::int32_t> { 1, kImagePad, kImagePad, kImagePad, kImagePad, 2, kImagePad, kImagePad }));
    }

    void mismatches()
    {
        // Too few, too many image tokens; more images than runs.
        QVERIFY_THROWS_EXCEPTION(engine::InvalidInputError,
            engine::computeRopePositions({ kImagePad, kImagePad }, { { 1, 4, 4 } }, kImagePad, 2));
        QVERIFY_THROWS_EXCEPTION(engine::InvalidInputError,
            engine::computeRopePositions(std::vector<std::int32_t>(5, kImagePad), { { 1, 4, 4 } }, kImagePad, 2));
        QVERIFY_THROWS_EXCEPTION(
            engine::InvalidInputError, engine::computeRopePositions({ 1, 2 }, { { 1, 4, 4 } }, kImagePad, 2));
        QVERIFY_THROWS_EXCEPTION(engine::InvalidInputError,
            engine::expandImageTokenIds({ 1, kImagePad, kImagePad }, { { 1, 4, 4 } }, kImagePad, 2));
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
        const std::vector<std::int32_t> ids = c.inputIds();
        QCOMPARE(engine::expandImageTokenIds(c.promptSpecIds(), c.grids(), 506, 2), ids);
        const engine::RopePositions p = engine::computeRopePositions(ids, c.grids(), 506, 2);
        const QJsonArray rows = c.json.value(QStringLiteral("position_ids")).toArray();
        QCOMPARE(p.t, test::jsonInts(rows.at(0)));
        QCOMPARE(p.h, test::jsonInts(rows.at(1)));
        QCOMPARE(p.w, test::jsonInts(rows.at(2)));
        const auto delta = static_cast<std::int64_t>(c.json.value(QStringLiteral("rope_deltas")).toDouble());
        QCOMPARE(p.nextPosition - static_cast<std::int64_t>(ids.size()), delta);
    }
};

QTEST_GUILESS_MAIN(TestRopeIndex)
#include "tst_rope_index.moc"
