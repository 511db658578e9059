#include "perturbation_editor.h"

#include "backends/local_backend.h"
#include "condition_kind_labels.h"
#include "draft_command.h"
#include "image_view.h"
#include "probe/probe_error.h"
#include "probe/suggestion_prompt.h"
#include "probe/visual_perturbation.h"
#include "prompt_preview.h"
#include "recipe_form.h"
#include "workspace/condition_repository.h"
#include "workspace/image_store.h"
#include "workspace/sample_repository.h"
#include "workspace/transaction.h"
#include "workspace/workspace.h"
#include "workspace/workspace_error.h"

#include <QAction>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScopedValueRollback>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QSlider>
#include <QSpinBox>
#include <QSplitter>
#include <QUndoStack>
#include <QVBoxLayout>

#include <atomic>
#include <exception>

namespace vlmprobe {

namespace {

constexpr int kSuggestionTokens = 96;

// Far above the small per-view counters other users of a shared backend start from.
qint64 nextSuggestionRequest()
{
    static std::atomic<qint64> counter { (qint64(1) << 41) + 1 };
    return counter.fetch_add(1);
}

QString previewKey(ConditionKind kind, const QJsonObject& recipe)
{
    return conditionKindName(kind) + u' ' + QString::fromUtf8(QJsonDocument(recipe).toJson(QJsonDocument::Compact));
}

bool isRedo(const QKeyEvent* key)
{
    return key->matches(QKeySequence::Redo)
        || (key->key() == Qt::Key_Z && key->modifiers() == (Qt::ControlModifier | Qt::ShiftModifier));
}

} // namespace

PerturbationEditor::PerturbationEditor(QWidget* parent)
    : QWidget(parent)
    , m_images(new DerivedImagePreview(this))
    , m_undo(new QUndoStack(this))
{
    buildUi();
    syncWidgets();
    m_preview->showError(tr("No sample selected"));
}

PerturbationEditor::~PerturbationEditor() = default;

void PerturbationEditor::buildUi()
{
    m_kind = new QComboBox;
    m_target = new QComboBox;
    m_label = new QLineEdit;
    m_caption = new QPlainTextEdit;
    m_think = new QPlainTextEdit;
    m_cue = new QLineEdit;
    m_cueLabel = new QLabel(tr("Cue"));
    m_severity = new QSlider(Qt::Horizontal);
    m_recipeForm = new RecipeForm;
    m_drawMode = new QComboBox;
    m_brushWidth = new QSpinBox;
    m_create = new QPushButton(tr("Create condition"));
    m_suggest = new QPushButton(tr("Suggest with model"));
    m_status = new QLabel;
    m_imageView = new ImageView;
    m_preview = new PromptPreview;

    m_kind->setObjectName(QStringLiteral("kindPicker"));
    m_target->setObjectName(QStringLiteral("targetPicker"));
    m_caption->setObjectName(QStringLiteral("captionEdit"));
    m_think->setObjectName(QStringLiteral("thinkEdit"));
    m_cue->setObjectName(QStringLiteral("cueEdit"));
    m_severity->setObjectName(QStringLiteral("severitySlider"));
    m_create->setObjectName(QStringLiteral("createCondition"));
    m_suggest->setObjectName(QStringLiteral("suggestWithModel"));
    m_drawMode->setObjectName(QStringLiteral("drawMode"));
    m_status->setObjectName(QStringLiteral("editorStatus"));
    m_label->setPlaceholderText(tr("Derived from the kind"));
    m_caption->setTabChangesFocus(true);
    m_think->setTabChangesFocus(true);
    // The editor's stack is the one undo history: the text widgets' own would undo behind its back.
    m_caption->setUndoRedoEnabled(false);
    m_think->setUndoRedoEnabled(false);
    for (QWidget* edit : { static_cast<QWidget*>(m_caption), static_cast<QWidget*>(m_think),
             static_cast<QWidget*>(m_cue), static_cast<QWidget*>(m_label) })
        edit->installEventFilter(this);
    m_severity->setRange(1, 5);
    m_severity->setTracking(false);
    m_severity->setTickPosition(QSlider::TicksBelow);
    m_drawMode->addItem(tr("Off"), int(ImageView::DrawingMode::None));
    m_drawMode->addItem(tr("Rectangles"), int(ImageView::DrawingMode::Rectangle));
    m_drawMode->addItem(tr("Brush"), int(ImageView::DrawingMode::Brush));
    m_brushWidth->setRange(1, 500);
    m_brushWidth->setValue(m_imageView->brushWidth());
    m_brushWidth->setSuffix(tr(" px"));
    m_status->setWordWrap(true);

    m_form = new QFormLayout;
    m_form->addRow(tr("Kind"), m_kind);
    m_form->addRow(tr("Target option"), m_target);
    m_form->addRow(tr("Label"), m_label);
    m_form->addRow(tr("Caption"), m_caption);
    m_form->addRow(tr("Think prefix"), m_think);
    m_form->addRow(QString(), m_suggest);
    m_form->addRow(m_cueLabel, m_cue);
    m_form->addRow(tr("Severity"), m_severity);
    m_form->addRow(tr("Parameters"), m_recipeForm);
    m_form->addRow(tr("Draw"), m_drawMode);
    m_form->addRow(tr("Brush width"), m_brushWidth);
    auto* left = new QWidget;
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->addLayout(m_form);
    leftLayout->addWidget(m_create);
    leftLayout->addWidget(m_status);
    leftLayout->addStretch(1);
    auto* scroll = new QScrollArea;
    scroll->setWidget(left);
    scroll->setWidgetResizable(true);

    auto* splitter = new QSplitter(Qt::Horizontal);
    splitter->addWidget(scroll);
    splitter->addWidget(m_imageView);
    splitter->addWidget(m_preview);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);

    QAction* undo = m_undo->createUndoAction(this);
    undo->setShortcuts(QKeySequence::Undo);
    undo->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(undo);
    QAction* redo = m_undo->createRedoAction(this);
    redo->setShortcuts({ QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence(Qt::CTRL | Qt::Key_Y) });
    redo->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(redo);

    connect(m_kind, &QComboBox::currentIndexChanged, this, [this] {
        if (!m_applying && m_kind->currentIndex() >= 0)
            setKind(ConditionKind(m_kind->currentData().toInt()));
    });
    connect(m_target, &QComboBox::currentIndexChanged, this, [this] {
        if (!m_applying && m_target->currentIndex() >= 0)
            setTarget(m_target->currentData().toString());
    });
    connect(m_caption, &QPlainTextEdit::textChanged, this, [this] { onTextEdited(int(DraftCommand::Field::Caption)); });
    connect(
        m_think, &QPlainTextEdit::textChanged, this, [this] { onTextEdited(int(DraftCommand::Field::ThinkPrefix)); });
    connect(m_cue, &QLineEdit::textChanged, this, [this] { onTextEdited(int(DraftCommand::Field::Cue)); });
    connect(m_label, &QLineEdit::textChanged, this, [this] { onTextEdited(int(DraftCommand::Field::Label)); });
    connect(m_severity, &QSlider::valueChanged, this, [this](int value) {
        if (!m_applying)
            setSeverity(value);
    });
    connect(m_drawMode, &QComboBox::currentIndexChanged, this, [this] { syncWidgets(); });
    connect(m_brushWidth, &QSpinBox::valueChanged, m_imageView, &ImageView::setBrushWidth);
    connect(m_imageView, &ImageView::occlusionRectDrawn, this, &PerturbationEditor::addOcclusionRect);
    connect(m_imageView, &ImageView::strokeDrawn, this, &PerturbationEditor::addOcclusionStroke);
    connect(m_create, &QPushButton::clicked, this, &PerturbationEditor::createCondition);
    connect(m_suggest, &QPushButton::clicked, this, &PerturbationEditor::suggestWithModel);
    connect(m_recipeForm, &RecipeForm::parameterEdited, this, &PerturbationEditor::setParameter);
    connect(m_images, &DerivedImagePreview::ready, this, &PerturbationEditor::onPreviewFinished);
    connect(m_images, &DerivedImagePreview::decoded, this, &PerturbationEditor::onImageDecoded);
    populateKinds();
}

void PerturbationEditor::setWorkspace(Workspace* workspace)
{
    m_workspace = workspace;
    setSample(0, 0);
}

void PerturbationEditor::setSample(qint64 sampleId, qint64 parentConditionId)
{
    m_sample.reset();
    m_parentId.reset();
    m_sourceImage = {};
    m_sourceDecoded = {};
    m_undo->clear();
    std::optional<Sample> sample;
    if (m_workspace && sampleId > 0) {
        try {
            sample = m_workspace->samples().get(sampleId);
            if (!sample)
                throw ProbeError(tr("Sample #%1 does not exist").arg(sampleId));
            if (parentConditionId > 0) {
                const std::optional<Condition> parent = m_workspace->conditions().get(parentConditionId);
                if (!parent || parent->sampleId != sampleId)
                    throw ProbeError(
                        tr("Condition #%1 is not a condition of sample #%2").arg(parentConditionId).arg(sampleId));
                m_parentId = parentConditionId;
            }
            if (!sample->imageHash.isEmpty()) {
                if (const std::optional<StoredImage> image = m_workspace->images().get(sample->imageHash))
                    m_sourceImage = *image;
            }
        } catch (const std::exception& error) {
            sample.reset();
            m_parentId.reset();
            Q_EMIT errorOccurred(QString::fromUtf8(error.what()));
        }
    }
    m_sample = sample;
    m_imageView->setImage(m_sourceDecoded);
    m_images->decode(m_sourceImage.bytes);
    populateTargets();
    resetDraft(m_draft.kind);
}

void PerturbationEditor::setSourceRun(const std::optional<Run>& run)
{
    m_sourceRun = run;
    populateKinds();
    if (PerturbationDraft::needsSourceRun(m_draft.kind) && !run)
        resetDraft(ConditionKind::WrongCaption);
    else if (PerturbationDraft::needsSourceRun(m_draft.kind))
        resetDraft(m_draft.kind);
}

void PerturbationEditor::setPromptSettings(const PromptSettings& settings)
{
    m_settings = settings;
    refreshPrompt();
}

QList<ConditionKind> PerturbationEditor::availableKinds() const
{
    QList<ConditionKind> kinds;
    for (const ConditionKind kind : allConditionKinds()) {
        if (!PerturbationDraft::needsSourceRun(kind) || m_sourceRun)
            kinds.append(kind);
    }
    return kinds;
}

void PerturbationEditor::populateKinds()
{
    const QScopedValueRollback guard(m_applying, true);
    m_kind->clear();
    for (const ConditionKind kind : availableKinds())
        m_kind->addItem(conditionKindTitle(kind), int(kind));
    m_kind->setCurrentIndex(m_kind->findData(int(m_draft.kind)));
}

void PerturbationEditor::populateTargets()
{
    const QScopedValueRollback guard(m_applying, true);
    m_target->clear();
    if (!m_sample)
        return;
    for (int i = 0; i < m_sample->options.size(); ++i) {
        const QString letter = optionLetter(i);
        const QString gold = letter == m_sample->goldAnswer ? tr(" (gold)") : QString();
        m_target->addItem(QStringLiteral("%1. %2%3").arg(letter, m_sample->options.at(i), gold), letter);
    }
}

void PerturbationEditor::resetDraft(ConditionKind kind)
{
    PerturbationDraft draft;
    draft.kind = kind;
    if (m_sample) {
        try {
            draft = PerturbationDraft::fromTemplates(*m_sample, kind, {}, m_sourceRun);
        } catch (const ProbeError& error) {
            Q_EMIT errorOccurred(error.message());
        }
    }
    m_previewKey.clear();
    m_previewImage = {};
    m_previewStored = {};
    applyDraft(draft);
}

void PerturbationEditor::push(const QString& text, const PerturbationDraft& after, int field)
{
    if (after == m_draft)
        return;
    m_undo->push(new DraftCommand(
        text, m_draft, after, [this](const PerturbationDraft& draft) { applyDraft(draft); },
        DraftCommand::Field(field)));
}

void PerturbationEditor::setKind(ConditionKind kind)
{
    if (kind == m_draft.kind)
        return;
    if (!m_sample) {
        PerturbationDraft after = m_draft;
        after.kind = kind;
        applyDraft(after);
        return;
    }
    try {
        const bool keepTarget = PerturbationDraft::usesTarget(kind) && !PerturbationDraft::targetsGold(kind)
            && m_draft.target != m_sample->goldAnswer;
        PerturbationDraft after
            = PerturbationDraft::fromTemplates(*m_sample, kind, keepTarget ? m_draft.target : QString(), m_sourceRun);
        after.label = m_draft.label;
        push(tr("Change kind to %1").arg(conditionKindTitle(kind)), after);
    } catch (const ProbeError& error) {
        Q_EMIT errorOccurred(error.message());
        syncWidgets();
    }
}

void PerturbationEditor::setTarget(const QString& letter)
{
    if (!m_sample || letter == m_draft.target || !PerturbationDraft::usesTarget(m_draft.kind))
        return;
    try {
        push(tr("Point at option %1").arg(letter), m_draft.retargeted(*m_sample, letter));
    } catch (const ProbeError& error) {
        Q_EMIT errorOccurred(error.message());
        syncWidgets();
    }
}

void PerturbationEditor::setSeverity(int severity)
{
    if (!isVisualKind(m_draft.kind) || severity < 1 || severity > 5)
        return;
    PerturbationDraft after = m_draft;
    after.severity = severity;
    after.recipe = recipeForSeverity(m_draft.kind, severity);
    push(tr("Severity %1").arg(severity), after);
}

void PerturbationEditor::setParameter(const QString& key, const QJsonValue& value)
{
    PerturbationDraft after = m_draft;
    after.recipe.insert(key, value);
    push(tr("Set %1").arg(key), after);
}

void PerturbationEditor::addOcclusionRect(const QRect& rect)
{
    if (m_draft.kind != ConditionKind::Occlusion || rect.isEmpty())
        return;
    PerturbationDraft after = m_draft;
    after.rects.append(rect);
    push(tr("Draw rectangle"), after);
}

void PerturbationEditor::addOcclusionStroke(const QList<QPoint>& points, int width)
{
    if (m_draft.kind != ConditionKind::Occlusion || points.isEmpty())
        return;
    PerturbationDraft after = m_draft;
    after.strokes.append(OverlayStroke { points, width });
    push(tr("Draw stroke"), after);
}

void PerturbationEditor::onTextEdited(int field)
{
    if (m_applying)
        return;
    PerturbationDraft after = m_draft;
    switch (DraftCommand::Field(field)) {
    case DraftCommand::Field::Caption:
        after.caption = m_caption->toPlainText();
        break;
    case DraftCommand::Field::ThinkPrefix:
        after.thinkPrefix = m_think->toPlainText();
        break;
    case DraftCommand::Field::Cue:
        after.cue = m_cue->text();
        break;
    case DraftCommand::Field::Label:
        after.label = m_label->text();
        break;
    case DraftCommand::Field::None:
        return;
    }
    push(tr("Edit text"), after, field);
}

void PerturbationEditor::applyDraft(const PerturbationDraft& draft)
{
    m_draft = draft;
    syncWidgets();
    refreshPrompt();
    schedulePreview();
    Q_EMIT draftChanged();
}

void PerturbationEditor::syncWidgets()
{
    const QScopedValueRollback guard(m_applying, true);
    const ConditionKind kind = m_draft.kind;
    m_kind->setCurrentIndex(m_kind->findData(int(kind)));
    const bool targeted = PerturbationDraft::usesTarget(kind);
    m_target->setEnabled(targeted && !PerturbationDraft::targetsGold(kind));
    m_target->setCurrentIndex(targeted ? m_target->findData(m_draft.target) : -1);
    if (m_label->text() != m_draft.label)
        m_label->setText(m_draft.label);
    if (m_caption->toPlainText() != m_draft.caption)
        m_caption->setPlainText(m_draft.caption);
    if (m_think->toPlainText() != m_draft.thinkPrefix)
        m_think->setPlainText(m_draft.thinkPrefix);
    if (m_cue->text() != m_draft.cue)
        m_cue->setText(m_draft.cue);
    m_cueLabel->setText(kind == ConditionKind::WrongCaptionDisclaimer ? tr("Disclaimer")
            : kind == ConditionKind::Abstain                          ? tr("Abstain option")
                                                                      : tr("Cue"));
    const bool visual = isVisualKind(kind);
    const bool occlusion = kind == ConditionKind::Occlusion;
    m_form->setRowVisible(m_target, targeted);
    m_form->setRowVisible(m_caption, PerturbationDraft::usesCaption(kind));
    m_form->setRowVisible(m_think, PerturbationDraft::usesThinkPrefix(kind));
    m_form->setRowVisible(m_cue, PerturbationDraft::usesCue(kind));
    m_form->setRowVisible(m_severity, visual);
    m_form->setRowVisible(m_recipeForm, !m_draft.recipe.isEmpty());
    m_form->setRowVisible(m_suggest, supportsSuggestion(kind));
    m_form->setRowVisible(m_drawMode, occlusion);
    m_form->setRowVisible(m_brushWidth, occlusion);
    m_severity->setValue(m_draft.severity);
    m_recipeForm->setRecipe(m_draft.recipe);
    syncSuggestButton();

    m_imageView->setDrawingMode(
        occlusion ? ImageView::DrawingMode(m_drawMode->currentData().toInt()) : ImageView::DrawingMode::None);
    m_imageView->setOverlayShapes(m_draft.rects, m_draft.strokes);
    if (!visual)
        m_imageView->replaceImage(m_sourceDecoded);
    m_create->setEnabled(m_workspace && m_sample);
}

std::optional<Condition> PerturbationEditor::conditionFor(const PerturbationDraft& draft, QString* error) const
{
    if (!m_sample) {
        *error = tr("No sample selected");
        return std::nullopt;
    }
    try {
        return draft.toCondition(*m_sample, m_parentId, m_sourceRun);
    } catch (const ProbeError& failure) {
        *error = failure.message();
        return std::nullopt;
    }
}

std::optional<Condition> PerturbationEditor::currentCondition() const
{
    QString error;
    return conditionFor(m_draft, &error);
}

void PerturbationEditor::refreshPrompt()
{
    m_draftError.clear();
    const std::optional<Condition> condition = conditionFor(m_draft, &m_draftError);
    if (condition) {
        try {
            m_preview->setPrompt(
                assemblePrompt(*m_sample, *condition, m_settings, m_sourceRun ? &*m_sourceRun : nullptr));
        } catch (const ProbeError& error) {
            m_draftError = error.message();
        }
    }
    if (!m_draftError.isEmpty())
        m_preview->showError(m_draftError);
    m_status->setText(m_draftError);
}

bool PerturbationEditor::isPreviewPending() const
{
    return m_images->isPending();
}

bool PerturbationEditor::isImageLoading() const
{
    return m_images->isDecoding();
}

void PerturbationEditor::schedulePreview()
{
    if (!isVisualKind(m_draft.kind) || m_sourceImage.bytes.isEmpty()) {
        m_images->cancel();
        return;
    }
    QString error;
    const std::optional<Condition> condition = conditionFor(m_draft, &error);
    if (!condition) {
        m_images->cancel();
        return;
    }
    const QString key = previewKey(m_draft.kind, condition->parameters);
    if (key == m_previewKey && !m_previewImage.isNull()) {
        m_images->cancel();
        m_imageView->replaceImage(m_previewImage);
        Q_EMIT previewUpdated();
        return;
    }
    m_images->request(m_sourceImage, m_draft.kind, condition->parameters, key);
}

void PerturbationEditor::onPreviewFinished(const DerivedImage& result)
{
    if (!result.error.isEmpty()) {
        m_status->setText(result.error);
        Q_EMIT errorOccurred(result.error);
        return;
    }
    m_previewKey = result.key;
    m_previewStored = result.stored;
    m_previewImage = result.image;
    m_imageView->replaceImage(m_previewImage);
    Q_EMIT previewUpdated();
}

void PerturbationEditor::onImageDecoded(const QImage& image)
{
    m_sourceDecoded = image;
    m_imageView->setImage(image);
    if (isVisualKind(m_draft.kind) && !m_previewImage.isNull())
        m_imageView->replaceImage(m_previewImage);
    Q_EMIT imageLoaded();
}

qint64 PerturbationEditor::createCondition()
{
    QString error;
    std::optional<Condition> condition = conditionFor(m_draft, &error);
    if (!m_workspace)
        error = tr("No workspace is open");
    if (!condition || !m_workspace) {
        m_status->setText(error);
        Q_EMIT errorOccurred(error);
        return 0;
    }
    qint64 id = 0;
    try {
        // A condition that cannot be assembled into a prompt is not worth storing.
        assemblePrompt(*m_sample, *condition, m_settings, m_sourceRun ? &*m_sourceRun : nullptr);
        StoredImage derived;
        if (isVisualKind(condition->kind)) {
            const QString key = previewKey(condition->kind, condition->parameters);
            if (key == m_previewKey && !m_previewStored.bytes.isEmpty()) {
                derived = m_previewStored;
            } else {
                // Never computed here: wait for the worker computing this very recipe (started now if needed).
                if (m_images->pendingKey() != key)
                    schedulePreview();
                if (!m_images->isPending())
                    throw ProbeError(tr("The sample has no image to perturb"));
                const DerivedImage result = m_images->waitForPending();
                if (!result.error.isEmpty())
                    throw ProbeError(result.error);
                derived = result.stored;
            }
        }
        Transaction transaction(*m_workspace);
        if (!derived.bytes.isEmpty())
            condition->derivedImageHash = m_workspace->images().put(derived);
        id = m_workspace->conditions().insert(*condition);
        transaction.commit();
    } catch (const ProbeError& failure) {
        error = failure.message();
    } catch (const WorkspaceError& failure) {
        error = failure.message();
    }
    if (id == 0) {
        m_status->setText(error);
        Q_EMIT errorOccurred(error);
        return 0;
    }
    m_status->setText(tr("Created condition #%1").arg(id));
    Q_EMIT conditionCreated(id);
    return id;
}

void PerturbationEditor::setBackend(LocalBackend* backend, const QString& modelName)
{
    if (m_backend)
        disconnect(m_backend, nullptr, this, nullptr);
    m_backend = backend;
    m_modelName = modelName;
    m_suggestRequest = 0;
    if (m_backend) {
        connect(m_backend, &LocalBackend::completionFinished, this, &PerturbationEditor::onCompletionFinished);
        connect(m_backend, &LocalBackend::completionFailed, this, &PerturbationEditor::onCompletionFailed);
        connect(m_backend, &LocalBackend::modelLoaded, this, &PerturbationEditor::syncSuggestButton);
        connect(m_backend, &LocalBackend::modelLoadFailed, this, &PerturbationEditor::syncSuggestButton);
    }
    syncSuggestButton();
}

void PerturbationEditor::syncSuggestButton()
{
    const bool ready = m_backend && m_backend->isModelLoaded();
    m_suggest->setEnabled(ready && m_sample && m_suggestRequest == 0 && supportsSuggestion(m_draft.kind));
    m_suggest->setToolTip(
        ready ? tr("Ask %1 for a text pointing at the target option").arg(m_modelName) : tr("Load a model first"));
}

void PerturbationEditor::suggestWithModel()
{
    if (!m_backend || !m_backend->isModelLoaded() || !m_sample || m_suggestRequest != 0)
        return;
    try {
        m_suggestPrompt = suggestionPrompt(m_draft.kind, *m_sample, m_draft.target);
    } catch (const ProbeError& error) {
        Q_EMIT errorOccurred(error.message());
        return;
    }
    CompletionJob job;
    job.requestId = nextSuggestionRequest();
    job.userText = m_suggestPrompt;
    // Sampled, so that asking again offers another text; the seed makes each one reproducible.
    job.decode.greedy = false;
    job.decode.temperature = 0.7;
    job.decode.topP = 0.9;
    job.decode.seed = m_suggestSeed++;
    job.decode.maxNewTokens = kSuggestionTokens;
    m_suggestRequest = job.requestId;
    m_suggestFor = m_draft;
    m_suggestFor.generatedProvenance = { { QStringLiteral("source"), QStringLiteral("generated") },
        { QStringLiteral("model"), m_modelName }, { QStringLiteral("prompt"), m_suggestPrompt },
        { QStringLiteral("seed"), static_cast<qint64>(job.decode.seed) } };
    m_status->setText(tr("Asking %1 ...").arg(m_modelName));
    syncSuggestButton();
    m_backend->submitCompletion(job);
}

void PerturbationEditor::onCompletionFinished(qint64 requestId, const QString& text)
{
    if (requestId != m_suggestRequest || requestId == 0)
        return;
    m_suggestRequest = 0;
    syncSuggestButton();
    const QString suggestion = cleanSuggestion(text);
    // A suggestion for another kind or target than the draft now shows is dropped, not applied to the wrong text.
    if (m_suggestFor.kind != m_draft.kind || m_suggestFor.target != m_draft.target) {
        m_status->clear();
    } else if (suggestion.isEmpty()) {
        const QString error = tr("%1 suggested no usable text").arg(m_modelName);
        m_status->setText(error);
        Q_EMIT errorOccurred(error);
    } else {
        PerturbationDraft after = m_draft;
        if (PerturbationDraft::usesCaption(after.kind))
            after.caption = suggestion;
        else
            after.thinkPrefix = suggestion;
        after.generatedText = suggestion;
        after.generatedProvenance = m_suggestFor.generatedProvenance;
        push(tr("Suggest with model"), after);
        m_status->setText(tr("Suggested by %1").arg(m_modelName));
    }
    Q_EMIT suggestionFinished();
}

void PerturbationEditor::onCompletionFailed(qint64 requestId, const QString& error)
{
    if (requestId != m_suggestRequest || requestId == 0)
        return;
    m_suggestRequest = 0;
    syncSuggestButton();
    m_status->setText(error);
    Q_EMIT errorOccurred(error);
    Q_EMIT suggestionFinished();
}

bool PerturbationEditor::eventFilter(QObject* watched, QEvent* event)
{
    if (event->type() == QEvent::ShortcutOverride || event->type() == QEvent::KeyPress) {
        const auto* key = static_cast<QKeyEvent*>(event);
        const bool undo = key->matches(QKeySequence::Undo);
        const bool redo = !undo && isRedo(key);
        if (undo || redo) {
            // Accepting the override delivers the key press here instead of to the text widget's own undo.
            event->accept();
            if (event->type() == QEvent::KeyPress) {
                if (undo)
                    m_undo->undo();
                else
                    m_undo->redo();
            }
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace vlmprobe
