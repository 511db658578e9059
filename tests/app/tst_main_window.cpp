// MainWindow end to end on a demo workspace in a temporary folder: open, select, inspect (texts, gold mark,
// caption, image at its stored size), filter and search against the repository's own counts, keyboard, a failed
// open that leaves the current workspace alone, remembered settings, and a screenshot that must not be blank.

#include "app_info.h"
#include "chain_of_thought_view.h"
#include "data/demo_workspace.h"
#include "image_panel.h"
#include "image_view.h"
#include "main_window.h"
#include "option_list.h"
#include "recent_files.h"
#include "sample_browser.h"
#include "sample_inspector.h"
#include "sample_table_model.h"
#include "sample_text_panel.h"
#include "workspace/condition_repository.h"
#include "workspace/image_store.h"
#include "workspace/model_repository.h"
#include "workspace/run_repository.h"
#include "workspace/sample_repository.h"
#include "workspace/workspace.h"

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QIcon>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QSettings>
#include <QSplitter>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace vlmprobe;

namespace {

constexpr int kDemoSamples = 12;

int distinctColours(const QImage& image)
{
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 3) {
        for (int x = 0; x < image.width(); x += 3)
            colours.insert(image.pixel(x, y));
    }
    return static_cast<int>(colours.size());
}

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void opensWorkspaceAndInspectsSample();
    void filterAndSearchFollowTheRepository();
    void keyboardNavigation();
    void grabsScreenshot();
    void failedOpenKeepsCurrentWorkspace();
    void createsEmptyWorkspace();
    void remembersLayoutAndWorkspace();
    void writesDemoOnFirstStart();
    void demoDoesNotReplaceAChosenWorkspace();
    void hasApplicationIcon();

private:
    void openDemo(MainWindow& window);

    QTemporaryDir m_dir;
    QString m_demoPath;
    std::unique_ptr<MainWindow> m_window;
};

void TestMainWindow::initTestCase()
{
    // Settings and the default demo location go to the test-mode folders, never to the user's own.
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("vlmprobe-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_main_window"));
    QSettings().clear();
    QVERIFY(m_dir.isValid());
    m_demoPath = m_dir.filePath(QStringLiteral("demo.vlmprobe"));
    writeDemoWorkspace(m_demoPath, kDemoSamples, 5);
}

void TestMainWindow::init()
{
    m_window = std::make_unique<MainWindow>();
    m_window->resize(1400, 880);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestMainWindow::cleanup()
{
    m_window.reset();
}

void TestMainWindow::openDemo(MainWindow& window)
{
    QString error;
    QVERIFY2(window.openWorkspace(m_demoPath, &error), qPrintable(error));
    QVERIFY(window.workspace());
}

void TestMainWindow::opensWorkspaceAndInspectsSample()
{
    openDemo(*m_window);
    SampleBrowser* browser = m_window->browser();
    SampleInspector* inspector = m_window->inspector();
    QCOMPARE(browser->model()->totalCount(), m_window->workspace()->samples().count(SampleQuery {}));
    QCOMPARE(browser->model()->totalCount(), qint64(kDemoSamples));
    QVERIFY(m_window->windowTitle().contains(QStringLiteral("demo.vlmprobe")));

    const qint64 sampleId = browser->model()->sampleId(3);
    browser->selectSample(sampleId);
    QCOMPARE(inspector->sampleId(), sampleId);

    // Expected values straight from the repositories.
    Workspace& workspace = *m_window->workspace();
    const Sample sample = *workspace.samples().get(sampleId);
    SampleTextPanel* text = inspector->textPanel();
    QCOMPARE(text->findChild<QLabel*>(QStringLiteral("questionText"))->text(), sample.question);
    const QList<QLabel*> optionTexts = text->findChildren<QLabel*>(QStringLiteral("optionText"));
    QCOMPARE(optionTexts.size(), sample.options.size());
    QStringList shownOptions;
    for (const QLabel* label : optionTexts)
        shownOptions << label->text();
    shownOptions.sort();
    QStringList storedOptions = sample.options;
    storedOptions.sort();
    QCOMPARE(shownOptions, storedOptions);
    const QList<QLabel*> goldMarks = text->findChildren<QLabel*>(QStringLiteral("goldMark"));
    QCOMPARE(goldMarks.size(), 1);
    // Rows built for a visible panel are shown from the event loop.
    QTRY_VERIFY(goldMarks.first()->isVisible());
    const int goldIndex = int(sample.goldAnswer.at(0).unicode() - u'A');
    QCOMPARE(goldMarks.first()->parentWidget()->findChild<QLabel*>(QStringLiteral("optionText"))->text(),
        sample.options.at(goldIndex));

    Condition caption;
    for (const Condition& condition : workspace.conditions().listForSample(sampleId)) {
        if (condition.kind == ConditionKind::WrongCaption)
            caption = condition;
    }
    QVERIFY(caption.id != 0);
    inspector->selectCondition(caption.id);
    const QLabel* captionLabel = text->findChild<QLabel*>(QStringLiteral("captionText"));
    QCOMPARE(captionLabel->text(), caption.captionText);
    QVERIFY(captionLabel->isVisible());

    const StoredImage stored = *workspace.images().info(sample.imageHash);
    ImagePanel* panel = inspector->imagePanel();
    QTRY_VERIFY(!panel->isLoading());
    QVERIFY(!panel->view()->image().isNull());
    QCOMPARE(panel->view()->image().size(), QSize(stored.width, stored.height));
    QCOMPARE(panel->findChild<QLabel*>(QStringLiteral("imageSizeLabel"))->text(),
        QStringLiteral("%1 \u00d7 %2 px").arg(stored.width).arg(stored.height));
}

void TestMainWindow::filterAndSearchFollowTheRepository()
{
    openDemo(*m_window);
    SampleBrowser* browser = m_window->browser();
    SampleRepository& samples = m_window->workspace()->samples();
    const QStringList categories = samples.categories();
    QVERIFY(!categories.isEmpty());

    for (const QString& category : categories) {
        browser->categoryFilter()->setCurrentIndex(browser->categoryFilter()->findText(category));
        SampleQuery query;
        query.category = category;
        QCOMPARE(browser->model()->totalCount(), samples.count(query));
        QCOMPARE(browser->model()->rowCount(), int(samples.count(query)));
    }
    browser->categoryFilter()->setCurrentIndex(0);

    // A word of one question, typed into the search box: the count follows after the debounce.
    const QString word = samples.get(browser->model()->sampleId(0))->question.split(QLatin1Char(' ')).value(2);
    QVERIFY(!word.isEmpty());
    SampleQuery query;
    query.text = word;
    const qint64 expected = samples.count(query);
    QVERIFY(expected >= 1);
    QTest::keyClicks(browser->searchField(), word);
    QTRY_COMPARE(browser->model()->totalCount(), expected);
    QTRY_VERIFY(
        m_window->findChild<QLabel*>(QStringLiteral("workspaceStatus"))
            ->text()
            .startsWith(expected == 1 ? QStringLiteral("1 sample") : QStringLiteral("%1 samples").arg(expected)));
}

void TestMainWindow::keyboardNavigation()
{
    openDemo(*m_window);
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    SampleBrowser* browser = m_window->browser();
    browser->tableView()->setFocus();
    const SampleTableModel* model = browser->model();
    QCOMPARE(browser->currentSampleId(), model->sampleId(0));

    QTest::keyClick(m_window.get(), Qt::Key_J);
    QCOMPARE(browser->currentSampleId(), model->sampleId(1));
    QTest::keyClick(m_window.get(), Qt::Key_Down, Qt::AltModifier);
    QCOMPARE(browser->currentSampleId(), model->sampleId(2));
    QTest::keyClick(m_window.get(), Qt::Key_K);
    QCOMPARE(browser->currentSampleId(), model->sampleId(1));
    QTest::keyClick(m_window.get(), Qt::Key_Up, Qt::AltModifier);
    QCOMPARE(browser->currentSampleId(), model->sampleId(0));
    QCOMPARE(m_window->inspector()->sampleId(), model->sampleId(0));

    QTest::keyClick(m_window.get(), Qt::Key_F, Qt::ControlModifier);
    QTRY_VERIFY(browser->searchField()->hasFocus());
    // Letters typed into the search go to the search, not to the J/K shortcuts.
    QTest::keyClicks(browser->searchField(), QStringLiteral("jk"));
    QCOMPARE(browser->searchField()->text(), QStringLiteral("jk"));
    QCOMPARE(browser->currentSampleId(), model->sampleId(0));
    QTest::keyClick(browser->searchField(), Qt::Key_Escape);
    QVERIFY(browser->searchField()->text().isEmpty());
    QCOMPARE(model->totalCount(), qint64(kDemoSamples));
}

void TestMainWindow::grabsScreenshot()
{
    // A copy of the demo with one stored run, so the picture shows the chain-of-thought pane at work.
    const QString path = m_dir.filePath(QStringLiteral("screenshot.vlmprobe"));
    QVERIFY(QFile::copy(m_demoPath, path));
    qint64 sampleId = 0;
    qint64 conditionId = 0;
    {
        auto workspace = Workspace::open(path);
        SampleQuery query;
        query.limit = 2;
        sampleId = workspace->samples().page(query).last().id;
        const Sample sample = *workspace->samples().get(sampleId);
        Condition wrongThink;
        for (const Condition& condition : workspace->conditions().listForSample(sampleId)) {
            if (condition.kind == ConditionKind::WrongThink)
                wrongThink = condition;
        }
        QVERIFY(wrongThink.id != 0);
        conditionId = wrongThink.id;
        ModelEntry model;
        model.name = QStringLiteral("Qwen2.5-VL-7B-Instruct");
        model.location = QStringLiteral("checkpoints/qwen2.5-vl-7b");
        Run run;
        run.conditionId = conditionId;
        run.modelId = workspace->models().insert(model);
        run.prefill = wrongThink.thinkPrefix + wrongThink.cueText;
        run.prefillMechanism = PrefillMechanism::RawAppend;
        run.completion = QStringLiteral(" Wait, let me look at the image again before answering. Checking the shapes "
                                        "one by one, the claim above does not hold.</think><answer>%1</answer>")
                             .arg(sample.goldAnswer);
        run.parsedOption = sample.goldAnswer;
        run.correct = true;
        run.status = RunStatus::Done;
        run.finishedAt = QDateTime::currentDateTimeUtc();
        workspace->runs().insert(run);
    }

    QString error;
    QVERIFY2(m_window->openWorkspace(path, &error), qPrintable(error));
    m_window->browser()->selectSample(sampleId);
    m_window->inspector()->selectCondition(conditionId);
    QTRY_VERIFY(!m_window->inspector()->imagePanel()->isLoading());
    QVERIFY(m_window->inspector()->imagePanel()->view()->hasImage());
    QVERIFY(!m_window->inspector()->chainOfThoughtView()->isShowingEmptyState());
    // Let the rows built for the new selection show before the picture is taken.
    QTest::qWait(50);

    const QImage shot = m_window->grab().toImage();
    QVERIFY(!shot.isNull());
    QCOMPARE(shot.size(), m_window->size() * m_window->devicePixelRatioF());
    const QString shotPath = m_dir.filePath(QStringLiteral("main_window.png"));
    QVERIFY(shot.save(shotPath));
    const QString screenshotDir = qEnvironmentVariable("VLMPROBE_SCREENSHOT_DIR");
    if (!screenshotDir.isEmpty()) {
        QDir().mkpath(screenshotDir);
        QVERIFY(shot.save(QDir(screenshotDir).filePath(QStringLiteral("main_window.png"))));
    }

    // Not blank: the saved file reads back with many colours (text, the scene's shapes, the widgets).
    const QImage reread(shotPath);
    QCOMPARE(reread.size(), shot.size());
    QVERIFY2(distinctColours(reread) > 100, qPrintable(QString::number(distinctColours(reread))));
    // The image pane itself shows the scene, not the empty background.
    ImageView* view = m_window->inspector()->imagePanel()->view();
    const QImage pane = view->grab().toImage();
    QVERIFY(distinctColours(pane) > 10);

    // Under a dark palette the whole window turns dark and the texts stay readable: nothing hard-codes colours.
    const QPalette original = QApplication::palette();
    QPalette dark;
    dark.setColor(QPalette::Window, QColor(0x23, 0x26, 0x2b));
    dark.setColor(QPalette::WindowText, QColor(0xe6, 0xe6, 0xe6));
    dark.setColor(QPalette::Base, QColor(0x1b, 0x1d, 0x21));
    dark.setColor(QPalette::AlternateBase, QColor(0x26, 0x29, 0x2e));
    dark.setColor(QPalette::Text, QColor(0xe6, 0xe6, 0xe6));
    dark.setColor(QPalette::Button, QColor(0x2d, 0x30, 0x36));
    dark.setColor(QPalette::ButtonText, QColor(0xe6, 0xe6, 0xe6));
    dark.setColor(QPalette::Highlight, QColor(0x3d, 0x8e, 0xe0));
    dark.setColor(QPalette::HighlightedText, QColor(0xff, 0xff, 0xff));
    dark.setColor(QPalette::PlaceholderText, QColor(0x9a, 0x9e, 0xa6));
    QApplication::setPalette(dark);
    QTest::qWait(50);
    const QImage darkShot = m_window->grab().toImage();
    if (!screenshotDir.isEmpty())
        QVERIFY(darkShot.save(QDir(screenshotDir).filePath(QStringLiteral("main_window_dark.png"))));
    // The browser (no scene image in it) is dark overall...
    const QImage browserShot = m_window->browser()->grab().toImage();
    double lightness = 0.0;
    int samples = 0;
    for (int y = 0; y < browserShot.height(); y += 4) {
        for (int x = 0; x < browserShot.width(); x += 4, ++samples)
            lightness += QColor(browserShot.pixel(x, y)).lightnessF();
    }
    lightness /= samples;
    // ... and the question is drawn in the palette's light text colour.
    QLabel* question = m_window->inspector()->textPanel()->findChild<QLabel*>(QStringLiteral("questionText"));
    const QImage questionShot = question->grab().toImage();
    int lightPixels = 0;
    for (int y = 0; y < questionShot.height(); ++y) {
        for (int x = 0; x < questionShot.width(); ++x)
            lightPixels += QColor(questionShot.pixel(x, y)).lightnessF() > 0.7;
    }
    QApplication::setPalette(original);
    QVERIFY2(lightness < 0.3, qPrintable(QString::number(lightness)));
    QVERIFY(lightPixels > 20);
}

void TestMainWindow::failedOpenKeepsCurrentWorkspace()
{
    openDemo(*m_window);
    const QString before = m_window->workspace()->path();
    const qint64 selected = m_window->browser()->currentSampleId();

    const QString garbage = m_dir.filePath(QStringLiteral("garbage.vlmprobe"));
    QFile file(garbage);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray(4096, 'x'));
    file.close();

    for (const QString& bad : { garbage, m_dir.filePath(QStringLiteral("missing.vlmprobe")) }) {
        QString error;
        QVERIFY(!m_window->openWorkspace(bad, &error));
        QVERIFY(!error.isEmpty());
        QVERIFY(!error.contains(QLatin1Char('\n')));
        QCOMPARE(m_window->workspace()->path(), before);
        QCOMPARE(m_window->browser()->currentSampleId(), selected);
        QCOMPARE(m_window->browser()->model()->totalCount(), qint64(kDemoSamples));
    }

    QVERIFY(!m_window->openWorkspaceInteractively(garbage));
    QMessageBox* box = m_window->findChild<QMessageBox*>(QStringLiteral("errorBox"));
    QVERIFY(box);
    QTRY_VERIFY(box->isVisible());
    QVERIFY(!box->text().isEmpty());
    QVERIFY(!box->text().contains(QLatin1Char('\n')));
    box->accept();
    QCOMPARE(m_window->workspace()->path(), before);
}

void TestMainWindow::createsEmptyWorkspace()
{
    openDemo(*m_window);
    const QString path = m_dir.filePath(QStringLiteral("new.vlmprobe"));
    QString error;
    QVERIFY2(m_window->createWorkspace(path, &error), qPrintable(error));
    QCOMPARE(m_window->workspace()->path(), QFileInfo(path).absoluteFilePath());
    QCOMPARE(m_window->browser()->model()->totalCount(), 0);
    QCOMPARE(m_window->inspector()->sampleId(), 0);
    // Creating over an existing file is refused and changes nothing.
    QVERIFY(!m_window->createWorkspace(m_demoPath, &error));
    QVERIFY(!error.isEmpty());
    QCOMPARE(m_window->workspace()->path(), QFileInfo(path).absoluteFilePath());
}

void TestMainWindow::remembersLayoutAndWorkspace()
{
    openDemo(*m_window);
    QCOMPARE(RecentFiles().paths().value(0), QFileInfo(m_demoPath).absoluteFilePath());
    QCOMPARE(RecentFiles().lastWorkspace(), QFileInfo(m_demoPath).absoluteFilePath());

    m_window->resize(1200, 760);
    QTRY_COMPARE(m_window->size(), QSize(1200, 760));
    auto* splitter = m_window->findChild<QSplitter*>(QStringLiteral("mainSplitter"));
    splitter->setSizes({ 450, 750 });
    const QList<int> sizes = splitter->sizes();
    m_window->saveSettings();
    m_window.reset();

    MainWindow restored;
    restored.show();
    QVERIFY(QTest::qWaitForWindowExposed(&restored));
    QCOMPARE(restored.size(), QSize(1200, 760));
    QTRY_COMPARE(restored.findChild<QSplitter*>(QStringLiteral("mainSplitter"))->sizes(), sizes);
    // No argument: the last workspace opens again.
    restored.openStartupWorkspace();
    QVERIFY(restored.workspace());
    QCOMPARE(restored.workspace()->path(), QFileInfo(m_demoPath).absoluteFilePath());
}

void TestMainWindow::writesDemoOnFirstStart()
{
    RecentFiles().setLastWorkspace(QString());
    const QString demo = defaultDemoWorkspacePath();
    QVERIFY(demo.contains(QStringLiteral("tst_main_window")));
    QFile::remove(demo);
    m_window->openStartupWorkspace();
    QVERIFY(m_window->isCreatingDemo());
    QTRY_VERIFY_WITH_TIMEOUT(m_window->workspace() != nullptr, 60000);
    QCOMPARE(m_window->workspace()->path(), QFileInfo(demo).absoluteFilePath());
    QCOMPARE(m_window->browser()->model()->totalCount(), qint64(kDefaultDemoSampleCount));
    m_window.reset();
    QVERIFY(QFile::remove(demo));
}

void TestMainWindow::demoDoesNotReplaceAChosenWorkspace()
{
    const QString demo = defaultDemoWorkspacePath();
    QFile::remove(demo);
    m_window->openDemoWorkspace();
    QVERIFY(m_window->isCreatingDemo());
    // The user opens another workspace while the demo is still being written.
    openDemo(*m_window);
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->isCreatingDemo(), 60000);
    QCOMPARE(m_window->workspace()->path(), QFileInfo(m_demoPath).absoluteFilePath());
    QVERIFY(QFile::exists(demo));
    m_window.reset();
    QVERIFY(QFile::remove(demo));
}

void TestMainWindow::hasApplicationIcon()
{
    const QIcon icon(QStringLiteral(":/vlmprobe/icons/vlmprobe.svg"));
    QVERIFY(!icon.isNull());
    for (const int size : { 16, 48, 256 }) {
        const QImage image = icon.pixmap(size).toImage().convertToFormat(QImage::Format_ARGB32);
        QCOMPARE(image.size(), QSize(size, size));
        // The rounded tile: opaque in the middle, transparent in the corners, and drawn in several colours.
        QCOMPARE(qAlpha(image.pixel(size / 2, size / 2)), 255);
        QCOMPARE(qAlpha(image.pixel(0, 0)), 0);
        if (size >= 48)
            QVERIFY(distinctColours(image) > 8);
        const QString screenshotDir = qEnvironmentVariable("VLMPROBE_SCREENSHOT_DIR");
        if (!screenshotDir.isEmpty() && size == 256)
            QVERIFY(image.save(QDir(screenshotDir).filePath(QStringLiteral("icon.png"))));
    }
}

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
