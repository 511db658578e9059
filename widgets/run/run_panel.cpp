#include "run_panel.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <limits>

namespace vlmprobe {

namespace {

const QString kCheckpointKey = QStringLiteral("run/checkpoint");
const QString kDeviceKey = QStringLiteral("run/device");
const QString kPrecisionKey = QStringLiteral("run/precision");
const QString kDecodeKey = QStringLiteral("run/decode");

QDoubleSpinBox* makeDouble(QWidget* parent, const QString& name, double minimum, double maximum, double step)
{
    auto* box = new QDoubleSpinBox(parent);
    box->setObjectName(name);
    box->setRange(minimum, maximum);
    box->setSingleStep(step);
    box->setDecimals(2);
    return box;
}

QSpinBox* makeInt(QWidget* parent, const QString& name, int minimum, int maximum)
{
    auto* box = new QSpinBox(parent);
    box->setObjectName(name);
    box->setRange(minimum, maximum);
    return box;
}

QLabel* makeLine(QWidget* parent, const QString& name)
{
    auto* label = new QLabel(parent);
    label->setObjectName(name);
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    return label;
}

void selectData(QComboBox* combo, const QString& value)
{
    const int index = combo->findData(value);
    if (index >= 0)
        combo->setCurrentIndex(index);
}

} // namespace

RunPanel::RunPanel(QWidget* parent)
    : QWidget(parent)
{
    m_loadAction = new QAction(tr("&Load Model"), this);
    m_loadAction->setObjectName(QStringLiteral("loadModelAction"));
    connect(m_loadAction, &QAction::triggered, this, [this] {
        if (m_checkpoint->text().trimmed().isEmpty()) {
            showError(tr("Choose a checkpoint folder first."));
            return;
        }
        Q_EMIT loadRequested(modelSpec());
    });

    m_runAction = new QAction(tr("&Run"), this);
    m_runAction->setObjectName(QStringLiteral("runAction"));
    m_runAction->setShortcuts({ QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter) });
    m_runAction->setShortcutContext(Qt::WindowShortcut);
    m_runAction->setToolTip(tr("Run the selected condition with the loaded model (Ctrl+Enter)"));
    connect(m_runAction, &QAction::triggered, this, [this] { Q_EMIT runRequested(decodeSettings()); });
    addAction(m_runAction);

    m_cancelAction = new QAction(tr("&Cancel Run"), this);
    m_cancelAction->setObjectName(QStringLiteral("cancelAction"));
    m_cancelAction->setShortcut(QKeySequence(Qt::Key_Escape));
    m_cancelAction->setShortcutContext(Qt::WindowShortcut);
    m_cancelAction->setToolTip(tr("Stop the run in flight (Esc)"));
    connect(m_cancelAction, &QAction::triggered, this, &RunPanel::cancelRequested);
    addAction(m_cancelAction);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(createModelBox());
    layout->addWidget(createDecodeBox());
    layout->addWidget(createRunBox());
    layout->addStretch(1);

    setDecodeSettings(DecodeSettings {});
    updateActions();
}

QWidget* RunPanel::createModelBox()
{
    auto* box = new QGroupBox(tr("Model"), this);
    m_checkpoint = new QLineEdit(box);
    m_checkpoint->setObjectName(QStringLiteral("checkpointEdit"));
    m_checkpoint->setPlaceholderText(tr("Checkpoint folder (Hugging Face layout)"));
    auto* browseButton = new QToolButton(box);
    browseButton->setObjectName(QStringLiteral("browseButton"));
    browseButton->setText(tr("Browse\u2026"));
    connect(browseButton, &QToolButton::clicked, this, &RunPanel::browse);
    auto* folderRow = new QHBoxLayout;
    folderRow->addWidget(m_checkpoint, 1);
    folderRow->addWidget(browseButton);

    m_device = new QComboBox(box);
    m_device->setObjectName(QStringLiteral("deviceCombo"));
    m_device->addItem(tr("CPU"), QStringLiteral("cpu"));
    m_device->addItem(tr("CUDA"), QStringLiteral("cuda"));
    m_precision = new QComboBox(box);
    m_precision->setObjectName(QStringLiteral("precisionCombo"));
    m_precision->addItem(tr("auto"), QStringLiteral("auto"));
    m_precision->addItem(tr("float32"), QStringLiteral("f32"));
    m_precision->addItem(tr("bfloat16"), QStringLiteral("bf16"));
    m_precision->addItem(tr("float16"), QStringLiteral("f16"));

    m_loadButton = new QPushButton(box);
    m_loadButton->setObjectName(QStringLiteral("loadButton"));
    m_loadButton->setText(m_loadAction->text());
    connect(m_loadButton, &QPushButton::clicked, m_loadAction, &QAction::trigger);
    m_loadBusy = new QProgressBar(box);
    m_loadBusy->setObjectName(QStringLiteral("loadBusy"));
    m_loadBusy->setRange(0, 0);
    m_loadBusy->setTextVisible(false);
    m_loadBusy->setMaximumHeight(fontMetrics().height() / 2 + 2);
    m_loadBusy->hide();
    m_modelInfo = makeLine(box, QStringLiteral("modelInfo"));
    m_modelInfo->setText(tr("No model loaded."));

    auto* form = new QFormLayout(box);
    form->addRow(tr("Checkpoint:"), folderRow);
    form->addRow(tr("Device:"), m_device);
    form->addRow(tr("Precision:"), m_precision);
    form->addRow(m_loadButton);
    form->addRow(m_loadBusy);
    form->addRow(m_modelInfo);
    return box;
}

QWidget* RunPanel::createDecodeBox()
{
    auto* box = new QGroupBox(tr("Decoding"), this);
    m_greedy = new QCheckBox(tr("Greedy (argmax)"), box);
    m_greedy->setObjectName(QStringLiteral("greedyCheck"));
    connect(m_greedy, &QCheckBox::toggled, this, &RunPanel::updateSamplingEnabled);
    m_temperature = makeDouble(box, QStringLiteral("temperatureSpin"), 0.01, 5.0, 0.05);
    m_topP = makeDouble(box, QStringLiteral("topPSpin"), 0.01, 1.0, 0.05);
    m_topK = makeInt(box, QStringLiteral("topKSpin"), 0, 100000);
    m_topK->setSpecialValueText(tr("off"));
    m_repetitionPenalty = makeDouble(box, QStringLiteral("repetitionPenaltySpin"), 1.0, 3.0, 0.05);
    m_seed = makeInt(box, QStringLiteral("seedSpin"), 0, std::numeric_limits<int>::max());
    m_maxNewTokens = makeInt(box, QStringLiteral("maxNewTokensSpin"), 1, 32768);
    m_minPixels = makeInt(box, QStringLiteral("minPixelsSpin"), 28 * 28, std::numeric_limits<int>::max());
    m_maxPixels = makeInt(box, QStringLiteral("maxPixelsSpin"), 28 * 28, std::numeric_limits<int>::max());
    m_minPixels->setSingleStep(28 * 28);
    m_maxPixels->setSingleStep(28 * 28 * 64);

    auto* form = new QFormLayout(box);
    form->addRow(m_greedy);
    form->addRow(tr("Temperature:"), m_temperature);
    form->addRow(tr("Top-p:"), m_topP);
    form->addRow(tr("Top-k:"), m_topK);
    form->addRow(tr("Repetition penalty:"), m_repetitionPenalty);
    form->addRow(tr("Seed:"), m_seed);
    form->addRow(tr("Max new tokens:"), m_maxNewTokens);
    form->addRow(tr("Min pixels:"), m_minPixels);
    form->addRow(tr("Max pixels:"), m_maxPixels);
    return box;
}

QWidget* RunPanel::createRunBox()
{
    auto* box = new QWidget(this);
    auto* runButton = new QPushButton(box);
    runButton->setObjectName(QStringLiteral("runButton"));
    runButton->setText(tr("Run"));
    runButton->setToolTip(m_runAction->toolTip());
    connect(runButton, &QPushButton::clicked, m_runAction, &QAction::trigger);
    connect(m_runAction, &QAction::enabledChanged, runButton, &QPushButton::setEnabled);
    auto* cancelButton = new QPushButton(box);
    cancelButton->setObjectName(QStringLiteral("cancelButton"));
    cancelButton->setText(tr("Cancel"));
    cancelButton->setToolTip(m_cancelAction->toolTip());
    connect(cancelButton, &QPushButton::clicked, m_cancelAction, &QAction::trigger);
    connect(m_cancelAction, &QAction::enabledChanged, cancelButton, &QPushButton::setEnabled);

    m_stage = makeLine(box, QStringLiteral("stageLine"));
    m_progress = new QProgressBar(box);
    m_progress->setObjectName(QStringLiteral("runProgress"));
    m_progress->setTextVisible(false);
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_error = makeLine(box, QStringLiteral("errorLine"));
    m_error->setWordWrap(false);
    QPalette errorColors = m_error->palette();
    errorColors.setColor(QPalette::WindowText, QColor(0xc6, 0x28, 0x28));
    m_error->setPalette(errorColors);
    m_error->hide();

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(runButton, 1);
    buttons->addWidget(cancelButton);
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(buttons);
    layout->addWidget(m_stage);
    layout->addWidget(m_progress);
    layout->addWidget(m_error);
    return box;
}

ModelSpec RunPanel::modelSpec() const
{
    ModelSpec spec;
    spec.directory = QDir::fromNativeSeparators(m_checkpoint->text().trimmed());
    spec.device = m_device->currentData().toString();
    spec.precision = m_precision->currentData().toString();
    return spec;
}

void RunPanel::setModelSpec(const ModelSpec& spec)
{
    m_checkpoint->setText(QDir::toNativeSeparators(spec.directory));
    selectData(m_device, spec.device);
    selectData(m_precision, spec.precision);
}

DecodeSettings RunPanel::decodeSettings() const
{
    DecodeSettings settings;
    settings.greedy = m_greedy->isChecked();
    settings.temperature = m_temperature->value();
    settings.topP = m_topP->value();
    settings.topK = m_topK->value();
    settings.repetitionPenalty = m_repetitionPenalty->value();
    settings.seed = static_cast<quint64>(m_seed->value());
    settings.maxNewTokens = m_maxNewTokens->value();
    settings.minPixels = m_minPixels->value();
    settings.maxPixels = m_maxPixels->value();
    return settings;
}

void RunPanel::setDecodeSettings(const DecodeSettings& settings)
{
    const auto clampInt
        = [](qint64 value) { return static_cast<int>(std::clamp<qint64>(value, 0, std::numeric_limits<int>::max())); };
    m_greedy->setChecked(settings.greedy);
    m_temperature->setValue(settings.temperature);
    m_topP->setValue(settings.topP);
    m_topK->setValue(settings.topK);
    m_repetitionPenalty->setValue(settings.repetitionPenalty);
    // The spin box holds an int: larger seeds (set programmatically) are clamped.
    m_seed->setValue(static_cast<int>(std::min<quint64>(settings.seed, std::numeric_limits<int>::max())));
    m_maxNewTokens->setValue(settings.maxNewTokens);
    m_minPixels->setValue(clampInt(settings.minPixels));
    m_maxPixels->setValue(clampInt(settings.maxPixels));
    updateSamplingEnabled();
}

void RunPanel::saveSettings(QSettings& settings) const
{
    const ModelSpec spec = modelSpec();
    settings.setValue(kCheckpointKey, spec.directory);
    settings.setValue(kDeviceKey, spec.device);
    settings.setValue(kPrecisionKey, spec.precision);
    settings.setValue(
        kDecodeKey, QString::fromUtf8(QJsonDocument(decodeSettings().toJson()).toJson(QJsonDocument::Compact)));
}

void RunPanel::restoreSettings(const QSettings& settings)
{
    ModelSpec spec;
    spec.directory = settings.value(kCheckpointKey).toString();
    spec.device = settings.value(kDeviceKey, spec.device).toString();
    spec.precision = settings.value(kPrecisionKey, spec.precision).toString();
    setModelSpec(spec);
    const QJsonDocument decode = QJsonDocument::fromJson(settings.value(kDecodeKey).toString().toUtf8());
    setDecodeSettings(decode.isObject() ? DecodeSettings::fromJson(decode.object()) : DecodeSettings {});
}

void RunPanel::setRunAvailable(bool available, const QString& reason)
{
    m_runAvailable = available;
    m_runAction->setToolTip(
        available || reason.isEmpty() ? tr("Run the selected condition with the loaded model (Ctrl+Enter)") : reason);
    updateActions();
}

void RunPanel::setModelLoading(const QString& directory)
{
    m_loading = true;
    m_loadBusy->show();
    m_error->hide();
    m_modelInfo->setText(tr("Loading %1\u2026").arg(QDir::toNativeSeparators(directory)));
    updateActions();
}

QString RunPanel::formatParameterCount(qint64 count)
{
    if (count >= 1'000'000'000)
        return tr("%1 B params").arg(QString::number(static_cast<double>(count) / 1e9, 'f', 2));
    if (count >= 1'000'000)
        return tr("%1 M params").arg(QString::number(static_cast<double>(count) / 1e6, 'f', 1));
    if (count >= 1'000)
        return tr("%1 k params").arg(QString::number(static_cast<double>(count) / 1e3, 'f', 1));
    return tr("%1 params").arg(count);
}

void RunPanel::setModelLoaded(const LoadedModelInfo& info)
{
    m_loading = false;
    m_loadBusy->hide();
    m_modelInfo->setText(tr("%1 \u00b7 %2 \u00b7 %3 %4 \u00b7 loaded in %5 s")
                             .arg(info.name, formatParameterCount(info.parameterCount), info.device, info.precision,
                                 QString::number(info.loadSeconds, 'f', 1)));
    m_modelInfo->setToolTip(QDir::toNativeSeparators(info.directory));
    updateActions();
}

void RunPanel::setModelLoadFailed(const QString& error)
{
    m_loading = false;
    m_loadBusy->hide();
    m_modelInfo->setText(tr("No model loaded."));
    showError(error);
    updateActions();
}

void RunPanel::setRunning(bool running)
{
    m_running = running;
    if (running) {
        m_error->hide();
        m_maxTokensOfRun = m_maxNewTokens->value();
        m_stage->setText(tr("Queued\u2026"));
        m_progress->setRange(0, 0);
    }
    updateActions();
}

void RunPanel::setStage(RunStage stage)
{
    switch (stage) {
    case RunStage::Queued:
        m_stage->setText(tr("Queued\u2026"));
        break;
    case RunStage::EncodingImage:
        m_stage->setText(tr("Encoding image\u2026"));
        break;
    case RunStage::Prefill:
        m_stage->setText(tr("Prefill\u2026"));
        break;
    case RunStage::Decoding:
        setDecodeProgress(0, 0.0);
        return;
    case RunStage::Scoring:
        m_stage->setText(tr("Scoring\u2026"));
        break;
    }
    m_progress->setRange(0, 0);
}

void RunPanel::setDecodeProgress(int tokens, double tokensPerSecond)
{
    m_stage->setText(tokensPerSecond > 0.0
            ? tr("Decoding %1 tokens, %2 tok/s").arg(tokens).arg(QString::number(tokensPerSecond, 'f', 0))
            : tr("Decoding %1 tokens").arg(tokens));
    m_progress->setRange(0, std::max(1, m_maxTokensOfRun));
    m_progress->setValue(std::min(tokens, std::max(1, m_maxTokensOfRun)));
}

void RunPanel::setFinished(const QString& message)
{
    setRunning(false);
    m_stage->setText(message);
    m_progress->setRange(0, 1);
    m_progress->setValue(1);
}

void RunPanel::showError(const QString& message)
{
    // One line: the first line of whatever came in, the whole text in the tooltip.
    const QString firstLine = message.section(QLatin1Char('\n'), 0, 0);
    m_error->setText(firstLine);
    m_error->setToolTip(message);
    m_error->show();
}

QString RunPanel::stageText() const
{
    return m_stage->text();
}

QString RunPanel::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

QString RunPanel::modelText() const
{
    return m_modelInfo->text();
}

void RunPanel::browse()
{
    const QString start = m_checkpoint->text().isEmpty() ? QDir::homePath() : m_checkpoint->text();
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Choose a Checkpoint Folder"), start);
    if (!folder.isEmpty())
        m_checkpoint->setText(QDir::toNativeSeparators(folder));
}

void RunPanel::updateSamplingEnabled()
{
    const bool sampling = !m_greedy->isChecked();
    for (QWidget* widget : std::initializer_list<QWidget*> { m_temperature, m_topP, m_topK, m_seed })
        widget->setEnabled(sampling);
}

void RunPanel::updateActions()
{
    m_loadAction->setEnabled(!m_loading && !m_running);
    m_loadButton->setEnabled(!m_loading && !m_running);
    m_runAction->setEnabled(m_runAvailable && !m_loading);
    m_cancelAction->setEnabled(m_running);
}

} // namespace vlmprobe
