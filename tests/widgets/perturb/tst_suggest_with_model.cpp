// "Suggest with model" in the perturbation editor with the real engine: a tiny random checkpoint
// (`vlmprobe-engine make-tiny`) writes the caption. The text filled in is checked against the same completion asked
// of the backend directly, and the stored condition's provenance against the literal prompt, model and seed.

#include "backends/local_backend.h"
#include "perturb/perturbation_editor.h"
#include "probe/condition_factory.h"
#include "probe/suggestion_prompt.h"
#include "workspace/condition_repository.h"
#include "workspace/dataset_repository.h"
#include "workspace/sample_repository.h"
#include "workspace/workspace.h"

#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

#include <memory>

using namespace vlmprobe;
using namespace Qt::StringLiterals;

namespace {

constexpr int kWaitMs = 180'000; // the shared build machine is slow

} // namespace

class TestSuggestWithModel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void buttonNeedsAModel();
    void suggestionFillsTheCaption();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Workspace> m_workspace;
    std::unique_ptr<LocalBackend> m_backend;
    Sample m_sample;
    qint64 m_baseId = 0;
};

void TestSuggestWithModel::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const QString model = m_dir.filePath(u"tiny"_s);
    QProcess tool;
    tool.start(QStringLiteral(VLMPROBE_ENGINE_TOOL), { u"make-tiny"_s, u"--out"_s, model, u"--seed"_s, u"1"_s });
    QVERIFY(tool.waitForFinished(kWaitMs));
    QVERIFY2(tool.exitCode() == 0, tool.readAllStandardError().constData());
    m_backend = std::make_unique<LocalBackend>();
    QSignalSpy loaded(m_backend.get(), &LocalBackend::modelLoaded);
    m_backend->loadModel({ model, u"cpu"_s, u"auto"_s, 2 });
    QVERIFY(loaded.wait(kWaitMs));

    m_workspace = Workspace::create(m_dir.filePath(u"study.vlmprobe"_s));
    Dataset dataset;
    dataset.name = u"balls"_s;
    m_sample.datasetId = m_workspace->datasets().insert(dataset);
    m_sample.externalId = u"q1"_s;
    m_sample.question = u"What colour is the square?"_s;
    m_sample.options = { u"red"_s, u"green"_s, u"blue"_s };
    m_sample.goldAnswer = u"A"_s;
    m_sample.id = m_workspace->samples().insert(m_sample);
    m_baseId = m_workspace->conditions().insert(makeCondition(m_sample, ConditionKind::Base, {}, std::nullopt));
}

void TestSuggestWithModel::cleanupTestCase()
{
    m_backend.reset();
    m_workspace.reset();
}

void TestSuggestWithModel::buttonNeedsAModel()
{
    PerturbationEditor editor;
    editor.setWorkspace(m_workspace.get());
    editor.setSample(m_sample.id, m_baseId);
    editor.setKind(ConditionKind::WrongCaption);
    QVERIFY(!editor.suggestButton()->isEnabled());
    QCOMPARE(editor.suggestButton()->toolTip(), u"Load a model first"_s);
    LocalBackend unloaded;
    editor.setBackend(&unloaded, u"none"_s);
    QVERIFY(!editor.suggestButton()->isEnabled());
    QCOMPARE(editor.suggestButton()->toolTip(), u"Load a model first"_s);
    editor.setBackend(m_backend.get(), u"tiny"_s);
    QVERIFY(editor.suggestButton()->isEnabled());
    // Only caption and think kinds get suggestions.
    editor.setKind(ConditionKind::GaussianBlur);
    QVERIFY(!editor.suggestButton()->isEnabled());
    editor.setBackend(nullptr, QString());
}

void TestSuggestWithModel::suggestionFillsTheCaption()
{
    PerturbationEditor editor;
    editor.setWorkspace(m_workspace.get());
    editor.setSample(m_sample.id, m_baseId);
    editor.setBackend(m_backend.get(), u"tiny"_s);
    editor.setKind(ConditionKind::WrongCaption);
    editor.setTarget(u"C"_s);
    const QString templateCaption = editor.captionEdit()->toPlainText();
    QCOMPARE(templateCaption, u"The image shows that the answer is blue."_s);
    const int undoSteps = editor.undoStack()->count();

    QSignalSpy done(&editor, &PerturbationEditor::suggestionFinished);
    QSignalSpy errors(&editor, &PerturbationEditor::errorOccurred);
    QTest::mouseClick(editor.suggestButton(), Qt::LeftButton);
    QVERIFY(editor.isSuggestionPending());
    QVERIFY(!editor.suggestButton()->isEnabled());
    QVERIFY(done.wait(kWaitMs));
    QCOMPARE(errors.count(), 0);
    QVERIFY(!editor.isSuggestionPending());

    // The same request asked of the backend directly.
    const QString prompt = suggestionPrompt(ConditionKind::WrongCaption, m_sample, u"C"_s);
    QVERIFY(prompt.contains(u"option C (blue)"_s));
    CompletionJob job;
    job.requestId = 77;
    job.userText = prompt;
    job.decode.greedy = false;
    job.decode.temperature = 0.7;
    job.decode.topP = 0.9;
    job.decode.seed = 0;
    job.decode.maxNewTokens = 96;
    QSignalSpy direct(m_backend.get(), &LocalBackend::completionFinished);
    m_backend->submitCompletion(job);
    QVERIFY(direct.wait(kWaitMs));
    QCOMPARE(direct.last().at(0).toLongLong(), 77);
    const QString expected = cleanSuggestion(direct.last().at(1).toString());
    QVERIFY(!expected.isEmpty());
    QCOMPARE(editor.captionEdit()->toPlainText(), expected);
    QCOMPARE(editor.draft().caption, expected);
    QCOMPARE(editor.undoStack()->count(), undoSteps + 1);

    const qint64 id = editor.createCondition();
    QVERIFY2(id > 0, qPrintable(editor.draftError()));
    const Condition stored = *m_workspace->conditions().get(id);
    QCOMPARE(stored.captionText, expected);
    QCOMPARE(stored.targetOption, u"C"_s);
    QCOMPARE(stored.provenance.value(u"source"_s).toString(), u"generated"_s);
    QCOMPARE(stored.provenance.value(u"model"_s).toString(), u"tiny"_s);
    QCOMPARE(stored.provenance.value(u"prompt"_s).toString(), prompt);
    QCOMPARE(stored.provenance.value(u"seed"_s).toInteger(), 0);

    // The suggestion is one undo step; undone, the template caption (and its provenance) is back.
    editor.undoStack()->undo();
    QCOMPARE(editor.captionEdit()->toPlainText(), templateCaption);
    QCOMPARE(editor.currentCondition()->provenance.value(u"source"_s).toString(), u"template"_s);
    editor.undoStack()->redo();
    QCOMPARE(editor.captionEdit()->toPlainText(), expected);
    // An edited suggestion is the researcher's own text.
    editor.captionEdit()->setPlainText(expected + u" Clearly."_s);
    QCOMPARE(editor.currentCondition()->provenance.value(u"source"_s).toString(), u"manual"_s);
    editor.setBackend(nullptr, QString());
}

QTEST_MAIN(TestSuggestWithModel)
#include "tst_suggest_with_model.moc"
