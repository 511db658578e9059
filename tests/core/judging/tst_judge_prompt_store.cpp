// The judge prompt template kept in a workspace file: the default while unset, a round trip through the file, and
// the one-line refusal of a template without a placeholder.

#include "judging/judge_error.h"
#include "judging/judge_prompt_store.h"
#include "judging/llm_judge_prompt.h"
#include "workspace/workspace.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

using namespace vlmprobe;
using namespace Qt::StringLiterals;

class TestJudgePromptStore : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void unsetGivesTheDefault();
    void roundTripThroughTheFile();
    void missingPlaceholderIsRefused_data();
    void missingPlaceholderIsRefused();

private:
    QString newPath() { return QDir(m_dir.path()).filePath(u"ws%1.vlmprobe"_s.arg(++m_count)); }

    QTemporaryDir m_dir;
    int m_count = 0;
};

void TestJudgePromptStore::unsetGivesTheDefault()
{
    const auto workspace = Workspace::create(newPath());
    QVERIFY(workspace->info(u"llm_judge_prompt"_s).isNull());
    QCOMPARE(judgePromptTemplate(*workspace), defaultLlmJudgePrompt());
}

void TestJudgePromptStore::roundTripThroughTheFile()
{
    const QString path = newPath();
    const QString templ = u"Q: {question}\nO: {options}\nT: {think}\nA: {answer}\nVERDICT?"_s;
    {
        const auto workspace = Workspace::create(path);
        setJudgePromptTemplate(*workspace, templ);
        QCOMPARE(judgePromptTemplate(*workspace), templ);
    }
    const auto reopened = Workspace::open(path, Workspace::OpenMode::ReadOnly);
    QCOMPARE(reopened->info(u"llm_judge_prompt"_s), templ);
    QCOMPARE(judgePromptTemplate(*reopened), templ);
}

void TestJudgePromptStore::missingPlaceholderIsRefused_data()
{
    QTest::addColumn<QString>("templ");
    QTest::addColumn<QString>("message");
    QTest::newRow("no think") << u"{question} {options} {answer}"_s
                              << u"the judge prompt lacks the placeholder(s) {think}"_s;
    QTest::newRow("misspelt") << u"{question} {option} {think} {Answer}"_s
                              << u"the judge prompt lacks the placeholder(s) {options}, {answer}"_s;
    QTest::newRow("empty") << QString()
                           << u"the judge prompt lacks the placeholder(s) {question}, {options}, {think}, {answer}"_s;
}

void TestJudgePromptStore::missingPlaceholderIsRefused()
{
    QFETCH(QString, templ);
    QFETCH(QString, message);
    const auto workspace = Workspace::create(newPath());
    const QString kept = u"{question}|{options}|{think}|{answer}"_s;
    setJudgePromptTemplate(*workspace, kept);
    try {
        setJudgePromptTemplate(*workspace, templ);
        QFAIL("an invalid template was accepted");
    } catch (const JudgeError& error) {
        QCOMPARE(error.message(), message);
    }
    QCOMPARE(judgePromptTemplate(*workspace), kept);
}

QTEST_GUILESS_MAIN(TestJudgePromptStore)
#include "tst_judge_prompt_store.moc"
