// DemoStudyGenerator: reproducibility, option layout, and the ground truth checked against the rendered pixels by an
// independent OpenCV detector (shape_detector.h) that reads only the PNG, the question and the option texts.

#include "data/demo_study_generator.h"

#include "shape_detector.h"

#include <QRegularExpression>
#include <QSet>
#include <QTest>

#include <cmath>
#include <map>
#include <optional>
#include <set>

using namespace vlmprobe;
using vlmprobe::test::DetectedShape;
using vlmprobe::test::Detection;
using vlmprobe::test::ShapeDetector;

namespace {

constexpr int kSampleCount = 80;

struct NamedObject {
    QString colour;
    QString kind;
};

std::vector<const DetectedShape*> find(
    const Detection& detection, const std::optional<QString>& colour, const QString& kind)
{
    std::vector<const DetectedShape*> found;
    for (const DetectedShape& shape : detection.shapes) {
        if (shape.kind == kind && (!colour || shape.colour == *colour))
            found.push_back(&shape);
    }
    return found;
}

int optionWithText(const DemoSample& sample, const QString& text)
{
    int found = -1;
    for (std::size_t i = 0; i < sample.options.size(); ++i) {
        if (sample.options[i].text.compare(text, Qt::CaseInsensitive) == 0) {
            if (found != -1)
                return -2; // ambiguous: two options with the same text
            found = static_cast<int>(i);
        }
    }
    return found;
}

QString relationWord(const QString& phrase)
{
    if (phrase == QLatin1String("to the left of"))
        return QStringLiteral("Left");
    if (phrase == QLatin1String("to the right of"))
        return QStringLiteral("Right");
    if (phrase == QLatin1String("above"))
        return QStringLiteral("Above");
    return QStringLiteral("Below");
}

// The option a caption or think text asserts, read from its wording alone; -1 when it asserts none, -2 when it
// asserts several.
int claimedOption(const DemoSample& sample, const QString& text)
{
    std::set<int> claimed;
    switch (sample.type) {
    case DemoQuestionType::Counting: {
        static const QRegularExpression pattern(
            QStringLiteral("there (?:is|are) (no|\\d+) (\\w+) (circle|square|triangle)s?\\b"),
            QRegularExpression::CaseInsensitiveOption);
        for (auto it = pattern.globalMatch(text); it.hasNext();) {
            const QRegularExpressionMatch match = it.next();
            const QString number = match.captured(1) == QLatin1String("no") ? QStringLiteral("0") : match.captured(1);
            claimed.insert(optionWithText(sample, number));
        }
        break;
    }
    case DemoQuestionType::SpatialRelation: {
        static const QRegularExpression pattern(
            QStringLiteral("(the \\w+ \\w+) is (to the left of|to the right of|above|below) (the \\w+ \\w+)"),
            QRegularExpression::CaseInsensitiveOption);
        for (auto it = pattern.globalMatch(text); it.hasNext();) {
            const QRegularExpressionMatch match = it.next();
            if (!sample.question.contains(match.captured(1) + QLatin1Char(' '), Qt::CaseInsensitive)
                || !sample.question.contains(match.captured(3) + QLatin1Char('?'), Qt::CaseInsensitive))
                return -2;
            claimed.insert(optionWithText(sample, relationWord(match.captured(2))));
        }
        break;
    }
    case DemoQuestionType::RelativeSize: {
        static const QRegularExpression larger(QStringLiteral("(the \\w+ \\w+) is larger than (the \\w+ \\w+)"),
            QRegularExpression::CaseInsensitiveOption);
        static const QRegularExpression same(QStringLiteral("the \\w+ \\w+ and the \\w+ \\w+ are the same size"),
            QRegularExpression::CaseInsensitiveOption);
        for (auto it = larger.globalMatch(text); it.hasNext();)
            claimed.insert(optionWithText(sample, it.next().captured(1)));
        if (same.match(text).hasMatch())
            claimed.insert(optionWithText(sample, QStringLiteral("They are the same size")));
        break;
    }
    case DemoQuestionType::ColourAttribute: {
        static const QRegularExpression pattern(
            QStringLiteral("the (?:circle|square|triangle) is (\\w+)"), QRegularExpression::CaseInsensitiveOption);
        for (auto it = pattern.globalMatch(text); it.hasNext();)
            claimed.insert(optionWithText(sample, it.next().captured(1)));
        break;
    }
    }
    if (claimed.empty())
        return -1;
    return claimed.size() == 1 ? *claimed.begin() : -2;
}

// Answers the question from the detected shapes; returns the option index whose text is the answer, or a
// negative number with a reason in `why`.
int oracleAnswer(const DemoSample& sample, const Detection& detection, QString& why)
{
    switch (sample.type) {
    case DemoQuestionType::Counting: {
        static const QRegularExpression pattern(
            QStringLiteral("^How many (\\w+) (circle|square|triangle)s are there in the image\\?$"));
        const QRegularExpressionMatch match = pattern.match(sample.question);
        if (!match.hasMatch()) {
            why = QStringLiteral("unparsed question");
            return -1;
        }
        const auto count = find(detection, match.captured(1), match.captured(2)).size();
        return optionWithText(sample, QString::number(count));
    }
    case DemoQuestionType::SpatialRelation: {
        static const QRegularExpression pattern(QStringLiteral(
            "^(?:Is|Where is) the (\\w+) (circle|square|triangle) .*the (\\w+) (circle|square|triangle)\\?$"));
        const QRegularExpressionMatch match = pattern.match(sample.question);
        if (!match.hasMatch()) {
            why = QStringLiteral("unparsed question");
            return -1;
        }
        const auto first = find(detection, match.captured(1), match.captured(2));
        const auto second = find(detection, match.captured(3), match.captured(4));
        if (first.size() != 1 || second.size() != 1) {
            why = QStringLiteral("named objects found %1 and %2 times").arg(first.size()).arg(second.size());
            return -1;
        }
        const double dx = first[0]->centreX - second[0]->centreX;
        const double dy = first[0]->centreY - second[0]->centreY; // image y points down
        // The relation must be clear-cut: one axis dominates by a wide margin.
        if (std::max(std::abs(dx), std::abs(dy)) < 2.0 * std::min(std::abs(dx), std::abs(dy))) {
            why = QStringLiteral("ambiguous relation dx=%1 dy=%2").arg(dx).arg(dy);
            return -1;
        }
        const QString relation = std::abs(dx) > std::abs(dy)
            ? (dx < 0 ? QStringLiteral("Left") : QStringLiteral("Right"))
            : (dy < 0 ? QStringLiteral("Above") : QStringLiteral("Below"));
        return optionWithText(sample, relation);
    }
    case DemoQuestionType::RelativeSize: {
        static const QRegularExpression pattern(QStringLiteral(
            "^Which is larger: the (\\w+) (circle|square|triangle) or the (\\w+) (circle|square|triangle)\\?$"));
        const QRegularExpressionMatch match = pattern.match(sample.question);
        if (!match.hasMatch()) {
            why = QStringLiteral("unparsed question");
            return -1;
        }
        const auto first = find(detection, match.captured(1), match.captured(2));
        const auto second = find(detection, match.captured(3), match.captured(4));
        if (first.size() != 1 || second.size() != 1) {
            why = QStringLiteral("named objects found %1 and %2 times").arg(first.size()).arg(second.size());
            return -1;
        }
        const double ratio = first[0]->area / second[0]->area;
        if (ratio < 1.5 && ratio > 1.0 / 1.5) {
            why = QStringLiteral("sizes too close: ratio %1").arg(ratio);
            return -1;
        }
        const int larger = ratio > 1.0 ? 1 : 3;
        return optionWithText(
            sample, QStringLiteral("The ") + match.captured(larger) + QLatin1Char(' ') + match.captured(larger + 1));
    }
    case DemoQuestionType::ColourAttribute: {
        static const QRegularExpression pattern(QStringLiteral("^What colour is the (circle|square|triangle)\\?$"));
        const QRegularExpressionMatch match = pattern.match(sample.question);
        if (!match.hasMatch()) {
            why = QStringLiteral("unparsed question");
            return -1;
        }
        const auto found = find(detection, std::nullopt, match.captured(1));
        if (found.size() != 1) {
            why = QStringLiteral("the shape was found %1 times").arg(found.size());
            return -1;
        }
        return optionWithText(sample, found[0]->colour);
    }
    }
    why = QStringLiteral("unknown type");
    return -1;
}

bool sameSample(const DemoSample& a, const DemoSample& b)
{
    if (a.png != b.png || a.question != b.question || a.goldOption != b.goldOption
        || a.options.size() != b.options.size() || a.correctCaption.text != b.correctCaption.text
        || a.wrongCaption.text != b.wrongCaption.text || a.correctThink.text != b.correctThink.text
        || a.wrongThink.text != b.wrongThink.text || a.wrongCaption.targetOption != b.wrongCaption.targetOption
        || a.wrongThink.targetOption != b.wrongThink.targetOption || a.externalId != b.externalId)
        return false;
    for (std::size_t i = 0; i < a.options.size(); ++i) {
        if (a.options[i].text != b.options[i].text || a.options[i].claim != b.options[i].claim)
            return false;
    }
    return true;
}

} // namespace

class TestDemoStudyGenerator : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void sameSeedGivesIdenticalSamples();
    void differentSeedGivesDifferentSamples();
    void sampleDoesNotDependOnCount();
    void rejectsNegativeIndex();
    void optionLayout();
    void groundTruthMatchesPixels_data();
    void groundTruthMatchesPixels();
    void textsPointAtTheirTargets_data();
    void textsPointAtTheirTargets();
};

void TestDemoStudyGenerator::sameSeedGivesIdenticalSamples()
{
    const auto first = DemoStudyGenerator(123).samples(24);
    const auto second = DemoStudyGenerator(123).samples(24);
    QCOMPARE(first.size(), second.size());
    for (std::size_t i = 0; i < first.size(); ++i)
        QVERIFY2(sameSample(first[i], second[i]), qPrintable(first[i].externalId));
}

void TestDemoStudyGenerator::differentSeedGivesDifferentSamples()
{
    const auto first = DemoStudyGenerator(123).samples(24);
    const auto second = DemoStudyGenerator(124).samples(24);
    int differentImages = 0;
    int differentTexts = 0;
    for (std::size_t i = 0; i < first.size(); ++i) {
        QCOMPARE(first[i].type, second[i].type); // the type cycles by index, whatever the seed
        differentImages += first[i].png != second[i].png ? 1 : 0;
        differentTexts += first[i].correctCaption.text != second[i].correctCaption.text ? 1 : 0;
    }
    QCOMPARE(differentImages, 24);
    QVERIFY2(differentTexts >= 18, qPrintable(QString::number(differentTexts)));
}

void TestDemoStudyGenerator::sampleDoesNotDependOnCount()
{
    const DemoStudyGenerator generator(9);
    const auto batch = generator.samples(12);
    QVERIFY(sameSample(generator.sample(11), batch[11]));
    QVERIFY(sameSample(generator.sample(3), batch[3]));
    QCOMPARE(batch[0].externalId, QStringLiteral("demo-0001"));
    QCOMPARE(batch[11].externalId, QStringLiteral("demo-0012"));
}

void TestDemoStudyGenerator::rejectsNegativeIndex()
{
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, DemoStudyGenerator(1).sample(-1));
}

void TestDemoStudyGenerator::optionLayout()
{
    const auto samples = DemoStudyGenerator(2026).samples(kSampleCount);
    std::map<DemoQuestionType, std::set<std::size_t>> countsByType;
    std::set<std::size_t> counts;
    std::set<int> goldPositions;
    std::map<DemoQuestionType, QSet<QString>> categories;
    for (const DemoSample& sample : samples) {
        QVERIFY(sample.options.size() >= 2 && sample.options.size() <= 5);
        QVERIFY(sample.goldOption >= 0 && sample.goldOption < static_cast<int>(sample.options.size()));
        QSet<QString> texts;
        for (const DemoOption& option : sample.options)
            texts.insert(option.text);
        QCOMPARE(texts.size(), static_cast<qsizetype>(sample.options.size()));
        counts.insert(sample.options.size());
        countsByType[sample.type].insert(sample.options.size());
        goldPositions.insert(sample.goldOption);
        categories[sample.type].insert(demoCategory(sample.type));
    }
    QCOMPARE(counts, (std::set<std::size_t> { 2, 3, 4, 5 }));
    QCOMPARE(countsByType[DemoQuestionType::Counting], (std::set<std::size_t> { 3, 4, 5 }));
    QCOMPARE(countsByType[DemoQuestionType::SpatialRelation], (std::set<std::size_t> { 2, 3, 4 }));
    QCOMPARE(countsByType[DemoQuestionType::RelativeSize], (std::set<std::size_t> { 2, 3 }));
    QCOMPARE(countsByType[DemoQuestionType::ColourAttribute], (std::set<std::size_t> { 3, 4, 5 }));
    QCOMPARE(goldPositions, (std::set<int> { 0, 1, 2, 3, 4 }));
    QCOMPARE(categories.size(), std::size_t { 4 });
    QSet<QString> distinct;
    for (const auto& entry : categories)
        distinct.unite(entry.second);
    QCOMPARE(distinct.size(), 4);
}

void TestDemoStudyGenerator::groundTruthMatchesPixels_data()
{
    QTest::addColumn<uint>("seed");
    QTest::newRow("seed 1") << 1U;
    QTest::newRow("seed 2026") << 2026U;
    QTest::newRow("seed 4294967295") << 4294967295U;
}

void TestDemoStudyGenerator::groundTruthMatchesPixels()
{
    QFETCH(uint, seed);
    std::map<DemoQuestionType, int> checked;
    for (const DemoSample& sample : DemoStudyGenerator(seed).samples(kSampleCount)) {
        const QString where = sample.externalId + QStringLiteral(": ") + sample.question;
        QVERIFY2(sample.png.startsWith("\x89PNG\r\n\x1a\n"), qPrintable(where));
        const Detection detection = ShapeDetector::detect(sample.png);
        QVERIFY2(detection.error.isEmpty(), qPrintable(where + QStringLiteral(" -> ") + detection.error));
        QCOMPARE(detection.width, 384);
        QCOMPARE(detection.height, 288);
        // Every drawn shape is seen as one separate, recognisable shape.
        QCOMPARE(detection.shapes.size(), sample.scene.shapes.size());
        for (const DetectedShape& shape : detection.shapes) {
            QVERIFY2(shape.kind != QLatin1String("unknown"),
                qPrintable(where
                    + QStringLiteral(" -> %1 shape, %2 vertices, fill %3")
                          .arg(shape.colour)
                          .arg(shape.vertices)
                          .arg(shape.fillRatio)));
        }
        QString why;
        const int answer = oracleAnswer(sample, detection, why);
        QVERIFY2(answer >= 0, qPrintable(where + QStringLiteral(" -> ") + why));
        QVERIFY2(answer == sample.goldOption,
            qPrintable(where
                + QStringLiteral(" -> pixels say %1, gold is %2")
                      .arg(demoOptionLetter(answer), demoOptionLetter(sample.goldOption))));
        ++checked[sample.type];
    }
    for (const DemoQuestionType type : kDemoQuestionTypes)
        QCOMPARE(checked[type], kSampleCount / 4);
}

void TestDemoStudyGenerator::textsPointAtTheirTargets_data()
{
    groundTruthMatchesPixels_data();
}

void TestDemoStudyGenerator::textsPointAtTheirTargets()
{
    QFETCH(uint, seed);
    static const QRegularExpression letterPattern(QStringLiteral("so the answer is ([A-Z])\\.$"));
    for (const DemoSample& sample : DemoStudyGenerator(seed).samples(kSampleCount)) {
        const QString where = sample.externalId + QStringLiteral(": ") + sample.question;
        QCOMPARE(sample.correctCaption.targetOption, sample.goldOption);
        QCOMPARE(sample.correctThink.targetOption, sample.goldOption);
        QVERIFY2(sample.wrongCaption.targetOption != sample.goldOption, qPrintable(where));
        QVERIFY2(sample.wrongThink.targetOption != sample.goldOption, qPrintable(where));

        for (const DemoText* text : { &sample.correctCaption, &sample.wrongCaption }) {
            QVERIFY2(text->targetOption >= 0 && text->targetOption < static_cast<int>(sample.options.size()),
                qPrintable(where));
            QVERIFY2(claimedOption(sample, text->text) == text->targetOption, qPrintable(where + text->text));
            QVERIFY2(!text->text.contains(QLatin1String("answer")), qPrintable(text->text));
            QVERIFY2(!text->text.contains(QLatin1String("<think>")), qPrintable(text->text));
        }
        for (const DemoText* text : { &sample.correctThink, &sample.wrongThink }) {
            QVERIFY2(text->targetOption >= 0 && text->targetOption < static_cast<int>(sample.options.size()),
                qPrintable(where));
            QVERIFY2(claimedOption(sample, text->text) == text->targetOption, qPrintable(where + text->text));
            const QRegularExpressionMatch letter = letterPattern.match(text->text);
            QVERIFY2(letter.hasMatch(), qPrintable(text->text));
            QCOMPARE(letter.captured(1), demoOptionLetter(text->targetOption));
            QVERIFY2(!text->text.contains(QLatin1String("think>")), qPrintable(text->text));
        }
    }
}

QTEST_GUILESS_MAIN(TestDemoStudyGenerator)
#include "tst_demo_study_generator.moc"
