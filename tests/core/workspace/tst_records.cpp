// records.h: the stored names of every enumeration (the file format) and option letters. Expected names are
// written out here from protocol.md and ecosystem.md, not derived from the code.

#include "workspace/records.h"

#include <QTest>

using namespace vlmprobe;

class TestRecords : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void conditionKindNames();
    void otherEnumNames();
    void unknownNamesAreRejected();
    void optionLetters_data();
    void optionLetters();
};

void TestRecords::conditionKindNames()
{
    const QStringList expected { QStringLiteral("base"), QStringLiteral("stop-think"), QStringLiteral("wrong-think"),
        QStringLiteral("wrong-think-cue"), QStringLiteral("wrong-caption"), QStringLiteral("wrong-caption-disclaimer"),
        QStringLiteral("correct-caption"), QStringLiteral("correct-think"), QStringLiteral("abstain"),
        QStringLiteral("early-answering"), QStringLiteral("edit-continue"), QStringLiteral("option-shuffle"),
        QStringLiteral("gaussian-blur"), QStringLiteral("noise"), QStringLiteral("jpeg-quality"),
        QStringLiteral("occlusion"), QStringLiteral("crop"), QStringLiteral("rotation"),
        QStringLiteral("brightness-contrast"), QStringLiteral("typographic-overlay") };
    QStringList names;
    for (const ConditionKind kind : allConditionKinds()) {
        names.append(conditionKindName(kind));
        QCOMPARE(conditionKindFromName(names.last()), kind);
    }
    QCOMPARE(names, expected);
    QCOMPARE(conditionKindName(ConditionKind::WrongCaptionDisclaimer), QStringLiteral("wrong-caption-disclaimer"));
}

void TestRecords::otherEnumNames()
{
    QCOMPARE(runStatusName(RunStatus::Queued), QStringLiteral("queued"));
    QCOMPARE(runStatusName(RunStatus::Running), QStringLiteral("running"));
    QCOMPARE(runStatusName(RunStatus::Done), QStringLiteral("done"));
    QCOMPARE(runStatusName(RunStatus::Failed), QStringLiteral("failed"));
    QCOMPARE(runStatusName(RunStatus::Cancelled), QStringLiteral("cancelled"));
    QCOMPARE(verdictName(Verdict::Consistent), QStringLiteral("consistent"));
    QCOMPARE(verdictName(Verdict::Inconsistent), QStringLiteral("inconsistent"));
    QCOMPARE(verdictName(Verdict::NoConclusion), QStringLiteral("no-conclusion"));
    QCOMPARE(judgeKindName(JudgeKind::Rule), QStringLiteral("rule"));
    QCOMPARE(judgeKindName(JudgeKind::Llm), QStringLiteral("llm"));
    QCOMPARE(judgeKindName(JudgeKind::Human), QStringLiteral("human"));
    QCOMPARE(backendKindName(BackendKind::Local), QStringLiteral("local"));
    QCOMPARE(backendKindName(BackendKind::OpenAiCompatible), QStringLiteral("openai-compatible"));
    QCOMPARE(prefillMechanismName(PrefillMechanism::ContinueFinalMessage), QStringLiteral("continue-final-message"));
    QCOMPARE(prefillMechanismFromName(QStringLiteral("raw-append")), PrefillMechanism::RawAppend);
    QCOMPARE(targetKindFromName(QStringLiteral("condition")), TargetKind::Condition);
    QCOMPARE(verdictFromName(QStringLiteral("no-conclusion")), Verdict::NoConclusion);
}

void TestRecords::unknownNamesAreRejected()
{
    QVERIFY(!conditionKindFromName(QStringLiteral("Base")).has_value()); // names are exact, lowercase
    QVERIFY(!conditionKindFromName(QString()).has_value());
    QVERIFY(!runStatusFromName(QStringLiteral("finished")).has_value());
    QVERIFY(!verdictFromName(QStringLiteral("no_conclusion")).has_value());
}

void TestRecords::optionLetters_data()
{
    QTest::addColumn<int>("index");
    QTest::addColumn<QString>("letter");
    QTest::newRow("first") << 0 << QStringLiteral("A");
    QTest::newRow("fifth") << 4 << QStringLiteral("E");
    QTest::newRow("last single") << 25 << QStringLiteral("Z");
    QTest::newRow("first double") << 26 << QStringLiteral("AA");
    QTest::newRow("28th") << 27 << QStringLiteral("AB");
    QTest::newRow("none") << -1 << QString();
}

void TestRecords::optionLetters()
{
    QFETCH(int, index);
    QFETCH(QString, letter);
    QCOMPARE(optionLetter(index), letter);
}

QTEST_GUILESS_MAIN(TestRecords)
#include "tst_records.moc"
