// SampleInspector over the demo workspace plus stored runs: the texts as each condition presents them, the
// stored image at its stored size, the lineage tree, runs with their prefill set apart, and the explained empty
// state. Expected values come from the repositories' records, read independently of the inspector.

#include "chain_of_thought_view.h"
#include "condition_badge_delegate.h"
#include "condition_tree_model.h"
#include "data/demo_workspace.h"
#include "image_panel.h"
#include "image_view.h"
#include "option_list.h"
#include "run_list_model.h"
#include "sample_inspector.h"
#include "sample_text_panel.h"
#include "workspace/condition_repository.h"
#include "workspace/image_store.h"
#include "workspace/model_repository.h"
#include "workspace/run_repository.h"
#include "workspace/sample_repository.h"
#include "workspace/workspace.h"

#include <QLabel>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace vlmprobe;

namespace {

std::optional<Condition> conditionOfKind(const QList<Condition>& conditions, ConditionKind kind)
{
    for (const Condition& condition : conditions) {
        if (condition.kind == kind)
            return condition;
    }
    return std::nullopt;
}

} // namespace

class TestSampleInspector : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();
    void showsSampleTextsAndImage();
    void conditionChangesPresentation();
    void showsLineageWithBadges();
    void showsRunsWithPrefillApart();
    void explainsMissingRuns();
    void keepsConditionKindAcrossSamples();
    void decodesEachImageOnce();
    void clearsForNoSample();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Workspace> m_workspace;
    QList<qint64> m_sampleIds;
    qint64 m_runConditionId = 0;
    Run m_newestRun;
    SampleInspector* m_inspector = nullptr;
};

void TestSampleInspector::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const QString path = m_dir.filePath(QStringLiteral("demo.vlmprobe"));
    writeDemoWorkspace(path, 4, 11);
    m_workspace = Workspace::open(path);
    for (const SampleRow& row : m_workspace->samples().page(SampleQuery {}))
        m_sampleIds << row.id;
    QCOMPARE(m_sampleIds.size(), 4);

    // Two runs of one model on the first sample's Wrong-Think condition.
    ModelEntry model;
    model.name = QStringLiteral("Vision-R1-7B");
    model.location = QStringLiteral("/models/vision-r1");
    model.id = m_workspace->models().insert(model);
    const std::optional<Condition> wrongThink
        = conditionOfKind(m_workspace->conditions().listForSample(m_sampleIds[0]), ConditionKind::WrongThink);
    QVERIFY(wrongThink);
    m_runConditionId = wrongThink->id;
    for (int i = 0; i < 2; ++i) {
        Run run;
        run.conditionId = m_runConditionId;
        run.modelId = model.id;
        run.prefill = wrongThink->thinkPrefix;
        run.prefillMechanism = PrefillMechanism::RawAppend;
        run.completion = QStringLiteral(" Hmm, looking again (attempt %1).</think><answer>A</answer>").arg(i);
        run.parsedOption = QStringLiteral("A");
        run.status = RunStatus::Done;
        run.createdAt = QDateTime::currentDateTimeUtc().addSecs(i);
        run.id = m_workspace->runs().insert(run);
        m_newestRun = run;
    }
}

void TestSampleInspector::init()
{
    m_inspector = new SampleInspector;
    m_inspector->resize(1000, 800);
    m_inspector->setWorkspace(m_workspace.get());
    m_inspector->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_inspector));
}

void TestSampleInspector::cleanup()
{
    delete m_inspector;
    m_inspector = nullptr;
}

void TestSampleInspector::cleanupTestCase()
{
    m_workspace.reset();
}

void TestSampleInspector::showsSampleTextsAndImage()
{
    const Sample sample = *m_workspace->samples().get(m_sampleIds[1]);
    m_inspector->showSample(sample.id);
    QCOMPARE(m_inspector->sampleId(), sample.id);

    SampleTextPanel* text = m_inspector->textPanel();
    QCOMPARE(text->questionText(), sample.question);
    QCOMPARE(text->findChild<QLabel*>(QStringLiteral("questionText"))->text(), sample.question);
    QVERIFY(text->titleText().contains(sample.externalId));

    const QList<OptionList::Option>& options = text->optionList()->options();
    QCOMPARE(options.size(), sample.options.size());
    int goldRows = 0;
    for (int i = 0; i < options.size(); ++i) {
        QCOMPARE(options[i].text, sample.options[i]);
        QCOMPARE(options[i].letter, optionLetter(i));
        QCOMPARE(options[i].gold, optionLetter(i) == sample.goldAnswer);
        goldRows += options[i].gold;
    }
    QCOMPARE(goldRows, 1);
    const QList<QLabel*> goldMarks = text->findChildren<QLabel*>(QStringLiteral("goldMark"));
    QCOMPARE(goldMarks.size(), 1);
    QCOMPARE(goldMarks.first()->parentWidget()->findChild<QLabel*>(QStringLiteral("optionLetter"))->text(),
        sample.goldAnswer);

    const StoredImage stored = *m_workspace->images().info(sample.imageHash);
    ImagePanel* panel = m_inspector->imagePanel();
    QTRY_VERIFY(!panel->isLoading());
    QVERIFY(panel->view()->hasImage());
    QCOMPARE(panel->view()->image().size(), QSize(stored.width, stored.height));
    const QImage decoded = QImage::fromData(m_workspace->images().get(sample.imageHash)->bytes);
    QCOMPARE(
        panel->view()->image().convertToFormat(QImage::Format_RGB32), decoded.convertToFormat(QImage::Format_RGB32));
}

void TestSampleInspector::conditionChangesPresentation()
{
    const qint64 sampleId = m_sampleIds[2];
    const QList<Condition> conditions = m_workspace->conditions().listForSample(sampleId);
    m_inspector->showSample(sampleId);
    // The Base condition is selected first; it adds no caption.
    const std::optional<Condition> base = conditionOfKind(conditions, ConditionKind::Base);
    QCOMPARE(m_inspector->currentConditionId(), base->id);
    QVERIFY(m_inspector->textPanel()->captionText().isEmpty());

    const std::optional<Condition> wrongCaption = conditionOfKind(conditions, ConditionKind::WrongCaption);
    QVERIFY(wrongCaption && !wrongCaption->captionText.isEmpty());
    m_inspector->selectCondition(wrongCaption->id);
    QCOMPARE(m_inspector->currentConditionId(), wrongCaption->id);
    QCOMPARE(m_inspector->textPanel()->captionText(), wrongCaption->captionText);
    QCOMPARE(
        m_inspector->textPanel()->findChild<QLabel*>(QStringLiteral("captionText"))->text(), wrongCaption->captionText);
    QVERIFY(m_inspector->textPanel()->conditionText().contains(
        QStringLiteral("points at option %1").arg(wrongCaption->targetOption)));

    const std::optional<Condition> wrongThink = conditionOfKind(conditions, ConditionKind::WrongThink);
    m_inspector->selectCondition(wrongThink->id);
    QVERIFY(m_inspector->textPanel()->captionText().isEmpty());
    QCOMPARE(m_inspector->textPanel()->prefillText(), wrongThink->thinkPrefix + wrongThink->cueText);
    QVERIFY(!m_inspector->textPanel()->findChild<QLabel*>(QStringLiteral("prefillText"))->isHidden());
}

void TestSampleInspector::showsLineageWithBadges()
{
    m_inspector->showSample(m_sampleIds[0]);
    const QList<Condition> conditions = m_workspace->conditions().listForSample(m_sampleIds[0]);
    ConditionTreeModel* model = m_inspector->conditionModel();
    QCOMPARE(model->rowCount(), 1);
    QCOMPARE(model->rowCount(model->index(0, 0)), int(conditions.size()) - 1);
    QVERIFY(m_inspector->conditionView()->isExpanded(model->index(0, 0)));
    QVERIFY(qobject_cast<ConditionBadgeDelegate*>(
        m_inspector->conditionView()->itemDelegateForColumn(int(ConditionTreeModel::Column::Kind))));
}

void TestSampleInspector::showsRunsWithPrefillApart()
{
    m_inspector->showSample(m_sampleIds[0]);
    m_inspector->selectCondition(m_runConditionId);
    QCOMPARE(m_inspector->runModel()->rowCount(), 2);
    QVERIFY(!m_inspector->runView()->isHidden());
    // The newest run is shown first.
    QCOMPARE(m_inspector->runModel()->run(m_inspector->runView()->currentIndex().row())->id, m_newestRun.id);
    ChainOfThoughtView* view = m_inspector->chainOfThoughtView();
    QVERIFY(!view->isShowingEmptyState());
    QCOMPARE(view->prefill(), m_newestRun.prefill);
    QCOMPARE(view->completion(), m_newestRun.completion);
    QVERIFY(view->displayedText().contains(m_newestRun.prefill + m_newestRun.completion));
    QCOMPARE(m_inspector->runModel()->index(0, int(RunListModel::Column::Model)).data().toString(),
        QStringLiteral("Vision-R1-7B"));

    m_inspector->runView()->setCurrentIndex(m_inspector->runModel()->index(1, 0));
    QVERIFY(view->completion().contains(QStringLiteral("attempt 0")));
}

void TestSampleInspector::explainsMissingRuns()
{
    m_inspector->showSample(m_sampleIds[3]);
    ChainOfThoughtView* view = m_inspector->chainOfThoughtView();
    QVERIFY(view->isShowingEmptyState());
    QCOMPARE(view->emptyStateText(),
        QStringLiteral("No runs yet for this condition. Runs appear here once a model has answered it."));
    QCOMPARE(m_inspector->runModel()->rowCount(), 0);
    QVERIFY(m_inspector->runView()->isHidden());
}

void TestSampleInspector::keepsConditionKindAcrossSamples()
{
    m_inspector->showSample(m_sampleIds[1]);
    const std::optional<Condition> stopThink
        = conditionOfKind(m_workspace->conditions().listForSample(m_sampleIds[1]), ConditionKind::StopThink);
    m_inspector->selectCondition(stopThink->id);
    m_inspector->showSample(m_sampleIds[2]);
    const std::optional<Condition> next
        = conditionOfKind(m_workspace->conditions().listForSample(m_sampleIds[2]), ConditionKind::StopThink);
    QCOMPARE(m_inspector->currentConditionId(), next->id);
}

void TestSampleInspector::decodesEachImageOnce()
{
    ImagePanel* panel = m_inspector->imagePanel();
    QSignalSpy shown(panel, &ImagePanel::imageShown);
    m_inspector->showSample(m_sampleIds[0]);
    QTRY_COMPARE(shown.count(), 1);
    // Text conditions share the sample's image: switching between them decodes nothing.
    for (const Condition& condition : m_workspace->conditions().listForSample(m_sampleIds[0]))
        m_inspector->selectCondition(condition.id);
    QTest::qWait(50);
    QCOMPARE(shown.count(), 1);
    // Quick stepping: only the latest sample's image ends up on screen.
    m_inspector->showSample(m_sampleIds[1]);
    m_inspector->showSample(m_sampleIds[2]);
    m_inspector->showSample(m_sampleIds[3]);
    QTRY_VERIFY(!panel->isLoading());
    const Sample last = *m_workspace->samples().get(m_sampleIds[3]);
    QCOMPARE(panel->currentKey(), last.imageHash);
    QCOMPARE(panel->view()->image().convertToFormat(QImage::Format_RGB32),
        QImage::fromData(m_workspace->images().get(last.imageHash)->bytes).convertToFormat(QImage::Format_RGB32));
}

void TestSampleInspector::clearsForNoSample()
{
    m_inspector->showSample(m_sampleIds[0]);
    m_inspector->showSample(0);
    QCOMPARE(m_inspector->sampleId(), 0);
    QCOMPARE(m_inspector->conditionModel()->rowCount(), 0);
    QVERIFY(m_inspector->textPanel()->questionText().isEmpty());
    QVERIFY(!m_inspector->imagePanel()->view()->hasImage());

    m_inspector->showSample(987654);
    QCOMPARE(m_inspector->sampleId(), 0);
    QCOMPARE(m_inspector->imagePanel()->view()->placeholderText(), QStringLiteral("This sample no longer exists."));
}

QTEST_MAIN(TestSampleInspector)
#include "tst_sample_inspector.moc"
