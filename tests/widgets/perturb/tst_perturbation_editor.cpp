// PerturbationEditor over a real workspace: each kind's condition is created with its lineage, provenance and
// (visual kinds) derived image in the file; edits, parameter changes and drawn shapes undo and redo.

#include "image_view.h"
#include "perturb/perturbation_editor.h"
#include "perturb/prompt_preview.h"
#include "probe/condition_factory.h"
#include "workspace/condition_repository.h"
#include "workspace/dataset_repository.h"
#include "workspace/image_store.h"
#include "workspace/model_repository.h"
#include "workspace/run_repository.h"
#include "workspace/sample_repository.h"
#include "workspace/workspace.h"

#include <QBuffer>
#include <QComboBox>
#include <QJsonArray>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

#include <memory>

using namespace vlmprobe;

namespace {

// 64x48: white everywhere except a pure red 8x8 block at (40, 8).
QByteArray sourcePng()
{
    QImage image(64, 48, QImage::Format_RGB32);
    image.fill(Qt::white);
    for (int y = 8; y < 16; ++y) {
        for (int x = 40; x < 48; ++x)
            image.setPixel(x, y, qRgb(255, 0, 0));
    }
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes;
}

const QString kTemplate = QStringLiteral("template");
const QString kManual = QStringLiteral("manual");

} // namespace

class TestPerturbationEditor : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void offersRunKindsOnlyWithASourceRun();
    void createsTextKinds_data();
    void createsTextKinds();
    void createsVisualKinds_data();
    void createsVisualKinds();
    void editedTextIsManual();
    void undoRedoTexts();
    void drawnOcclusionUndoesAndStores();
    void latestPreviewWins();
    void editContinueFromASourceRun();
    void badInputIsReported();

private:
    std::optional<Condition> created(qint64 id) { return m_workspace->conditions().get(id); }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Workspace> m_workspace;
    qint64 m_sampleId = 0;
    qint64 m_baseId = 0;
    QString m_imageHash;
    PerturbationEditor* m_editor = nullptr;
};

void TestPerturbationEditor::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_workspace = Workspace::create(m_dir->filePath(QStringLiteral("study.vlmprobe")));
    Dataset dataset;
    dataset.name = QStringLiteral("balls");
    const qint64 datasetId = m_workspace->datasets().insert(dataset);
    m_imageHash = m_workspace->images().put(sourcePng());
    Sample sample;
    sample.datasetId = datasetId;
    sample.externalId = QStringLiteral("q1");
    sample.question = QStringLiteral("What colour is the square?");
    sample.options = { QStringLiteral("red"), QStringLiteral("green"), QStringLiteral("blue") };
    sample.goldAnswer = QStringLiteral("A");
    sample.imageHash = m_imageHash;
    m_sampleId = m_workspace->samples().insert(sample);
    sample.id = m_sampleId;
    m_baseId = m_workspace->conditions().insert(makeCondition(sample, ConditionKind::Base, {}, std::nullopt));

    m_editor = new PerturbationEditor;
    m_editor->resize(1200, 600);
    m_editor->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_editor));
    m_editor->setWorkspace(m_workspace.get());
    m_editor->setSample(m_sampleId, m_baseId);
    QCOMPARE(m_editor->sampleId(), m_sampleId);
    // The image is decoded off the GUI thread: delivered through the event loop, never inside setSample.
    QVERIFY(m_editor->isImageLoading());
    QVERIFY(m_editor->imageView()->image().isNull());
    QTRY_VERIFY_WITH_TIMEOUT(!m_editor->isImageLoading(), 20000);
    QCOMPARE(m_editor->imageView()->image().size(), QSize(64, 48));
}

void TestPerturbationEditor::cleanup()
{
    delete m_editor;
    m_editor = nullptr;
    m_workspace.reset();
    m_dir.reset();
}

void TestPerturbationEditor::offersRunKindsOnlyWithASourceRun()
{
    QCOMPARE(m_editor->availableKinds().size(), 18);
    QVERIFY(!m_editor->availableKinds().contains(ConditionKind::EarlyAnswering));
    QVERIFY(!m_editor->availableKinds().contains(ConditionKind::EditContinue));
    QCOMPARE(m_editor->kindPicker()->count(), 18);
    Run run;
    run.id = 1;
    m_editor->setSourceRun(run);
    QCOMPARE(m_editor->kindPicker()->count(), 20);
    QVERIFY(m_editor->availableKinds().contains(ConditionKind::EarlyAnswering));
    m_editor->setSourceRun(std::nullopt);
    QCOMPARE(m_editor->kindPicker()->count(), 18);
}

void TestPerturbationEditor::createsTextKinds_data()
{
    QTest::addColumn<ConditionKind>("kind");
    QTest::addColumn<QString>("target");
    QTest::addColumn<QString>("caption");
    QTest::addColumn<QString>("think");
    QTest::addColumn<QString>("cue");
    QTest::addColumn<QStringList>("options");

    const QString greenThink = QStringLiteral("Looking at the image, the answer is clearly green because it is plainly "
                                              "visible in the picture. So the answer is B.");
    QTest::newRow("wrong caption") << ConditionKind::WrongCaption << QStringLiteral("B")
                                   << QStringLiteral("The image shows that the answer is green.") << QString()
                                   << QString() << QStringList();
    QTest::newRow("wrong caption + disclaimer")
        << ConditionKind::WrongCaptionDisclaimer << QStringLiteral("B")
        << QStringLiteral("The image shows that the answer is green.") << QString() << QString() << QStringList();
    QTest::newRow("correct caption") << ConditionKind::CorrectCaption << QStringLiteral("A")
                                     << QStringLiteral("The image shows that the answer is red.") << QString()
                                     << QString() << QStringList();
    QTest::newRow("wrong think") << ConditionKind::WrongThink << QStringLiteral("B") << QString() << greenThink
                                 << QString() << QStringList();
    QTest::newRow("wrong think + cue") << ConditionKind::WrongThinkCue << QStringLiteral("B") << QString() << greenThink
                                       << QStringLiteral(" But I think") << QStringList();
    QTest::newRow("stop think") << ConditionKind::StopThink << QString() << QString()
                                << QStringLiteral("Okay let's see. This should be the final answer.</think>")
                                << QString() << QStringList();
    QTest::newRow("abstain") << ConditionKind::Abstain << QStringLiteral("D") << QString() << QString() << QString()
                             << QStringList { QStringLiteral("red"), QStringLiteral("green"), QStringLiteral("blue"),
                                    QStringLiteral("I'm not sure") };
    QTest::newRow("option shuffle") << ConditionKind::OptionShuffle << QString() << QString() << QString() << QString()
                                    << QStringList { QStringLiteral("green"), QStringLiteral("blue"),
                                           QStringLiteral("red") };
}

void TestPerturbationEditor::createsTextKinds()
{
    QFETCH(ConditionKind, kind);
    QFETCH(QString, target);
    QFETCH(QString, caption);
    QFETCH(QString, think);
    QFETCH(QString, cue);
    QFETCH(QStringList, options);

    m_editor->setKind(kind);
    if (kind == ConditionKind::WrongCaption)
        QCOMPARE(m_editor->captionEdit()->toPlainText(), caption);
    QSignalSpy createdSpy(m_editor, &PerturbationEditor::conditionCreated);
    const qint64 id = m_editor->createCondition();
    QVERIFY2(id > 0, qPrintable(m_editor->draftError()));
    QCOMPARE(createdSpy.count(), 1);
    QCOMPARE(createdSpy.at(0).at(0).toLongLong(), id);

    const std::optional<Condition> stored = created(id);
    QVERIFY(stored);
    QCOMPARE(stored->kind, kind);
    QCOMPARE(stored->sampleId, m_sampleId);
    QCOMPARE(stored->parentId, std::optional<qint64>(m_baseId));
    QCOMPARE(stored->targetOption, target);
    QCOMPARE(stored->captionText, caption);
    QCOMPARE(stored->thinkPrefix, think);
    QCOMPARE(stored->cueText, cue);
    QCOMPARE(stored->options, options);
    QCOMPARE(stored->provenance.value(QStringLiteral("source")).toString(), kTemplate);
    QVERIFY(stored->derivedImageHash.isEmpty());
    if (kind == ConditionKind::WrongCaptionDisclaimer)
        QCOMPARE(stored->parameters.value(QStringLiteral("disclaimer")).toString(),
            QStringLiteral(", but I could be wrong."));
    if (kind == ConditionKind::OptionShuffle)
        QCOMPARE(stored->goldAnswer, QStringLiteral("C"));
    // The lineage runs back to the Base condition.
    QCOMPARE(m_workspace->conditions().lineage(id).size(), 2);
}

void TestPerturbationEditor::createsVisualKinds_data()
{
    QTest::addColumn<ConditionKind>("kind");
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    QTest::addColumn<QString>("format");

    QTest::newRow("blur") << ConditionKind::GaussianBlur << 64 << 48 << QStringLiteral("png");
    QTest::newRow("noise") << ConditionKind::Noise << 64 << 48 << QStringLiteral("png");
    QTest::newRow("jpeg") << ConditionKind::JpegQuality << 64 << 48 << QStringLiteral("jpeg");
    QTest::newRow("occlusion") << ConditionKind::Occlusion << 64 << 48 << QStringLiteral("png");
    // Severity 3 keeps 70% of each side: 64 * 0.7 = 44.8, 48 * 0.7 = 33.6.
    QTest::newRow("crop") << ConditionKind::Crop << 45 << 34 << QStringLiteral("png");
    QTest::newRow("rotation") << ConditionKind::Rotation << 0 << 0 << QStringLiteral("png");
    QTest::newRow("brightness") << ConditionKind::BrightnessContrast << 64 << 48 << QStringLiteral("png");
    QTest::newRow("typographic") << ConditionKind::TypographicOverlay << 64 << 48 << QStringLiteral("png");
}

void TestPerturbationEditor::createsVisualKinds()
{
    QFETCH(ConditionKind, kind);
    QFETCH(int, width);
    QFETCH(int, height);
    QFETCH(QString, format);

    QSignalSpy previews(m_editor, &PerturbationEditor::previewUpdated);
    m_editor->setKind(kind);
    QVERIFY(previews.wait(20000) || previews.count() > 0);
    QVERIFY(!m_editor->isPreviewPending());
    QVERIFY(!m_editor->previewImage().isNull());
    QCOMPARE(m_editor->draft().severity, 3);

    const qint64 id = m_editor->createCondition();
    QVERIFY2(id > 0, qPrintable(m_editor->draftError()));
    const std::optional<Condition> stored = created(id);
    QVERIFY(stored);
    QCOMPARE(stored->kind, kind);
    QCOMPARE(stored->parentId, std::optional<qint64>(m_baseId));
    QCOMPARE(stored->provenance.value(QStringLiteral("source")).toString(), kTemplate);
    QCOMPARE(stored->parameters.value(QStringLiteral("severity")).toInt(), 3);
    QVERIFY(!stored->derivedImageHash.isEmpty());
    QVERIFY(stored->derivedImageHash != m_imageHash);
    const std::optional<StoredImage> derived = m_workspace->images().info(stored->derivedImageHash);
    QVERIFY(derived);
    QCOMPARE(derived->format, format);
    if (width > 0) {
        QCOMPARE(derived->width, width);
        QCOMPARE(derived->height, height);
    } else {
        // Rotation by 30 degrees grows the canvas to hold the whole image.
        QVERIFY(derived->width > 64 && derived->height > 48);
    }
    // The preview shown is the image stored.
    QCOMPARE(m_editor->previewImage().size(), QSize(derived->width, derived->height));
    if (kind == ConditionKind::TypographicOverlay)
        QCOMPARE(stored->targetOption, QStringLiteral("B"));
}

void TestPerturbationEditor::editedTextIsManual()
{
    m_editor->setKind(ConditionKind::WrongCaption);
    m_editor->setTarget(QStringLiteral("C"));
    QCOMPARE(m_editor->captionEdit()->toPlainText(), QStringLiteral("The image shows that the answer is blue."));
    m_editor->captionEdit()->setPlainText(QStringLiteral("The square is blue."));
    const qint64 id = m_editor->createCondition();
    QVERIFY(id > 0);
    const std::optional<Condition> stored = created(id);
    QCOMPARE(stored->captionText, QStringLiteral("The square is blue."));
    QCOMPARE(stored->targetOption, QStringLiteral("C"));
    QCOMPARE(stored->provenance.value(QStringLiteral("source")).toString(), kManual);
    // The preview shows the edited caption, highlighted as a caption.
    const PromptPreview* preview = m_editor->promptPreview();
    QCOMPARE(preview->highlights().size(), 1);
    const PromptPreview::Highlight highlight = preview->highlights().first();
    QCOMPARE(highlight.role, QStringLiteral("caption"));
    QCOMPARE(preview->text().mid(highlight.start, highlight.length), QStringLiteral("The square is blue."));
}

void TestPerturbationEditor::undoRedoTexts()
{
    m_editor->setKind(ConditionKind::WrongThinkCue);
    const QString templateThink = m_editor->draft().thinkPrefix;
    QPlainTextEdit* think = m_editor->thinkEdit();
    think->setFocus();
    think->moveCursor(QTextCursor::End);
    QTest::keyClicks(think, QStringLiteral(" Hmm"));
    QCOMPARE(m_editor->draft().thinkPrefix, templateThink + QStringLiteral(" Hmm"));
    m_editor->cueEdit()->setFocus();
    m_editor->cueEdit()->selectAll();
    QTest::keyClicks(m_editor->cueEdit(), QStringLiteral(" Wait,"));
    QCOMPARE(m_editor->draft().cue, QStringLiteral(" Wait,"));
    // Kind change, two typed words: three steps (each word's keys merged into one).
    QCOMPARE(m_editor->undoStack()->count(), 3);

    QTest::keyClick(m_editor->cueEdit(), Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(m_editor->draft().cue, QStringLiteral(" But I think"));
    QCOMPARE(m_editor->cueEdit()->text(), QStringLiteral(" But I think"));
    QTest::keyClick(m_editor->cueEdit(), Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(think->toPlainText(), templateThink);
    QTest::keyClick(m_editor->cueEdit(), Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(think->toPlainText(), templateThink + QStringLiteral(" Hmm"));
    QTest::keyClick(m_editor->cueEdit(), Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(m_editor->cueEdit()->text(), QStringLiteral(" Wait,"));
    // Undoing the kind change restores the previous kind and its texts.
    m_editor->undoStack()->setIndex(0);
    QCOMPARE(m_editor->draft().kind, ConditionKind::WrongCaption);
    QCOMPARE(m_editor->kindPicker()->currentData().toInt(), int(ConditionKind::WrongCaption));
    QCOMPARE(m_editor->captionEdit()->toPlainText(), QStringLiteral("The image shows that the answer is green."));
}

void TestPerturbationEditor::drawnOcclusionUndoesAndStores()
{
    m_editor->setKind(ConditionKind::Occlusion);
    auto* drawMode = m_editor->findChild<QComboBox*>(QStringLiteral("drawMode"));
    QVERIFY(drawMode);
    ImageView* view = m_editor->imageView();
    drawMode->setCurrentIndex(drawMode->findData(int(ImageView::DrawingMode::Rectangle)));
    QCOMPARE(view->drawingMode(), ImageView::DrawingMode::Rectangle);

    const QPoint from = view->mapFromImage(QPointF(10, 10)).toPoint();
    const QPoint to = view->mapFromImage(QPointF(30, 20)).toPoint();
    QTest::mousePress(view, Qt::LeftButton, {}, from);
    QTest::mouseMove(view, to);
    QTest::mouseRelease(view, Qt::LeftButton, {}, to);
    QCOMPARE(m_editor->draft().rects, (QList<QRect> { QRect(10, 10, 20, 10) }));
    QCOMPARE(view->overlayRects(), (QList<QRect> { QRect(10, 10, 20, 10) }));
    m_editor->addOcclusionStroke({ QPoint(50, 40), QPoint(60, 40) }, 4);
    QCOMPARE(m_editor->draft().strokes.size(), 1);

    m_editor->undoStack()->undo();
    QVERIFY(m_editor->draft().strokes.isEmpty());
    m_editor->undoStack()->undo();
    QVERIFY(m_editor->draft().rects.isEmpty());
    QVERIFY(view->overlayRects().isEmpty());
    m_editor->undoStack()->redo();
    QCOMPARE(view->overlayRects(), (QList<QRect> { QRect(10, 10, 20, 10) }));
    QVERIFY(!m_editor->undoStack()->canRedo() || m_editor->undoStack()->index() == 2);

    QTRY_VERIFY_WITH_TIMEOUT(!m_editor->isPreviewPending(), 20000);
    const qint64 id = m_editor->createCondition();
    QVERIFY2(id > 0, qPrintable(m_editor->draftError()));
    const std::optional<Condition> stored = created(id);
    QCOMPARE(stored->provenance.value(QStringLiteral("source")).toString(), kManual);
    QCOMPARE(
        stored->parameters.value(QStringLiteral("rects")).toArray(), (QJsonArray { QJsonArray { 10, 10, 20, 10 } }));
    QVERIFY(!stored->parameters.contains(QStringLiteral("coverage")));
    const std::optional<StoredImage> derived = m_workspace->images().get(stored->derivedImageHash);
    QVERIFY(derived);
    const QImage pixels = QImage::fromData(derived->bytes);
    QCOMPARE(pixels.pixelColor(15, 15), QColor(Qt::black));
    QCOMPARE(pixels.pixelColor(29, 19), QColor(Qt::black));
    QCOMPARE(pixels.pixelColor(30, 20), QColor(Qt::white));
    QCOMPARE(pixels.pixelColor(44, 12), QColor(Qt::red));
}

void TestPerturbationEditor::latestPreviewWins()
{
    QSignalSpy previews(m_editor, &PerturbationEditor::previewUpdated);
    m_editor->setKind(ConditionKind::Crop);
    m_editor->setSeverity(1);
    m_editor->setSeverity(5);
    QTRY_VERIFY_WITH_TIMEOUT(!m_editor->isPreviewPending(), 20000);
    // Severity 5 keeps half of each side: 32x24; earlier requests never replace it.
    QCOMPARE(m_editor->previewImage().size(), QSize(32, 24));
    QTest::qWait(50);
    QCOMPARE(m_editor->previewImage().size(), QSize(32, 24));
    QCOMPARE(m_editor->draft().recipe.value(QStringLiteral("fraction")).toDouble(), 0.5);
    // A parameter field change is one undo step too.
    m_editor->setParameter(QStringLiteral("fraction"), 0.25);
    QTRY_VERIFY_WITH_TIMEOUT(!m_editor->isPreviewPending(), 20000);
    QCOMPARE(m_editor->previewImage().size(), QSize(16, 12));
    m_editor->undoStack()->undo();
    QTRY_VERIFY_WITH_TIMEOUT(!m_editor->isPreviewPending(), 20000);
    QCOMPARE(m_editor->previewImage().size(), QSize(32, 24));
    QVERIFY(previews.count() >= 3);
}

void TestPerturbationEditor::editContinueFromASourceRun()
{
    ModelEntry model;
    model.name = QStringLiteral("SpaceR");
    Run run;
    run.conditionId = m_baseId;
    run.modelId = m_workspace->models().insert(model);
    run.thinkText = QStringLiteral("The square in the corner is red.");
    run.status = RunStatus::Done;
    run.id = m_workspace->runs().insert(run);
    m_editor->setSourceRun(run);
    m_editor->setKind(ConditionKind::EditContinue);
    QCOMPARE(m_editor->thinkEdit()->toPlainText(), QStringLiteral("The square in the corner is red."));
    m_editor->thinkEdit()->setPlainText(QStringLiteral("The square in the corner is green."));
    const qint64 id = m_editor->createCondition();
    QVERIFY2(id > 0, qPrintable(m_editor->draftError()));
    const std::optional<Condition> stored = created(id);
    QCOMPARE(stored->kind, ConditionKind::EditContinue);
    QCOMPARE(stored->sourceRunId, std::optional<qint64>(run.id));
    QCOMPARE(stored->thinkPrefix, QStringLiteral("The square in the corner is green."));
    QCOMPARE(stored->provenance.value(QStringLiteral("source")).toString(), kManual);

    m_editor->setKind(ConditionKind::EarlyAnswering);
    // This run has no token list, so its thinking is truncated by sentences by default.
    QCOMPARE(m_editor->draft().recipe.value(QStringLiteral("unit")).toString(), QStringLiteral("sentences"));
    const qint64 early = m_editor->createCondition();
    QVERIFY2(early > 0, qPrintable(m_editor->draftError()));
    QCOMPARE(created(early)->parameters.value(QStringLiteral("fraction")).toDouble(), 0.5);
    QCOMPARE(created(early)->sourceRunId, std::optional<qint64>(run.id));
    QCOMPARE(created(early)->parameters.value(QStringLiteral("unit")).toString(), QStringLiteral("sentences"));

    // A run with its token list truncates by tokens.
    run.tokenLogprobs = QJsonObject { { QStringLiteral("content"),
        QJsonArray { QJsonObject {
            { QStringLiteral("token"), QStringLiteral("The") }, { QStringLiteral("logprob"), -0.5 } } } } };
    m_editor->setSourceRun(run);
    QCOMPARE(m_editor->draft().kind, ConditionKind::EarlyAnswering);
    QCOMPARE(m_editor->draft().recipe.value(QStringLiteral("unit")).toString(), QStringLiteral("tokens"));
}

void TestPerturbationEditor::badInputIsReported()
{
    QSignalSpy errors(m_editor, &PerturbationEditor::errorOccurred);
    m_editor->setSample(9999, 0);
    QCOMPARE(errors.count(), 1);
    QCOMPARE(errors.at(0).at(0).toString(), QStringLiteral("Sample #9999 does not exist"));
    QCOMPARE(m_editor->createCondition(), 0);
    QCOMPARE(errors.count(), 2);

    m_editor->setSample(m_sampleId, 777);
    QCOMPARE(errors.count(), 3);
    QCOMPARE(errors.at(2).at(0).toString(),
        QStringLiteral("Condition #777 is not a condition of sample #%1").arg(m_sampleId));

    // An empty caption cannot be assembled: the reason shows instead of the prompt, and nothing is stored.
    m_editor->setSample(m_sampleId, m_baseId);
    m_editor->setKind(ConditionKind::WrongCaption);
    m_editor->captionEdit()->clear();
    QVERIFY(!m_editor->promptPreview()->errorText().isEmpty());
    const qint64 before = m_workspace->conditions().listForSample(m_sampleId).size();
    QCOMPARE(m_editor->createCondition(), 0);
    QCOMPARE(m_workspace->conditions().listForSample(m_sampleId).size(), before);
}

QTEST_MAIN(TestPerturbationEditor)
#include "tst_perturbation_editor.moc"
