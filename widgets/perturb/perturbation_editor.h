#pragma once
// PerturbationEditor: builds one condition of a sample, derived from a parent condition, and stores it.
//
// The user picks the kind (Early answering and Edit-and-continue only when a source run was given), the target
// option, edits the texts prefilled from makeCondition's templates, and for visual kinds the severity, the recipe's
// parameters and, for Occlusion, rectangles or brush strokes drawn on the image. The derived image is previewed
// live: it is computed off the GUI thread (QtConcurrent) and only the latest request is shown; the sample's image
// is decoded off the GUI thread as well (isImageLoading() until imageLoaded()). The prompt the model
// will see is shown beside it (PromptPreview). Every change is one undo step (Ctrl+Z / Ctrl+Shift+Z); consecutive
// typing in one field merges. "Create condition" stores the condition, and for visual kinds the derived image, in
// one Transaction and emits conditionCreated().
//
// "Suggest with model" (caption and think kinds) asks the loaded model (setBackend) for a text pointing at the target
// (core/probe/suggestion_prompt.h); the reply fills the field as one undo step and, while it stays unedited, the
// condition's provenance is {"source": "generated", "model", "prompt", "seed"}.
//
// The workspace and the backend are borrowed: the caller calls setWorkspace(nullptr) before closing the workspace
// and setBackend(nullptr, {}) before destroying the backend. GUI thread only.

#include "derived_image_preview.h"
#include "perturbation_draft.h"

#include "probe/prompt_assembly.h"
#include "workspace/records.h"

#include <QImage>
#include <QJsonValue>
#include <QPointer>
#include <QWidget>

#include <optional>

class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSlider;
class QSpinBox;
class QUndoStack;

namespace vlmprobe {

class DerivedImagePreview;
class ImageView;
class LocalBackend;
class RecipeForm;
class PromptPreview;
class Workspace;

class PerturbationEditor : public QWidget {
    Q_OBJECT
public:
    explicit PerturbationEditor(QWidget* parent = nullptr);
    ~PerturbationEditor() override;

    void setWorkspace(Workspace* workspace);
    // Loads the sample and starts a draft of the current kind; parentConditionId 0 = no parent. Clears the undo
    // history. An unknown sample or parent is reported through errorOccurred() and leaves the editor empty.
    void setSample(qint64 sampleId, qint64 parentConditionId);
    // The run whose own chain of thought Early answering and Edit-and-continue reuse; nullopt hides those kinds.
    void setSourceRun(const std::optional<Run>& run);
    void setPromptSettings(const PromptSettings& settings);
    // The model "Suggest with model" asks; nullptr (or a backend without a loaded model) disables the button.
    void setBackend(LocalBackend* backend, const QString& modelName);

    qint64 sampleId() const { return m_sample ? m_sample->id : 0; }
    QList<ConditionKind> availableKinds() const;
    const PerturbationDraft& draft() const { return m_draft; }
    // The draft as a condition, or nullopt with the reason in draftError().
    std::optional<Condition> currentCondition() const;
    QString draftError() const { return m_draftError; }

    // Programmatic edits, each one undo step, the same as the widgets make.
    void setKind(ConditionKind kind);
    void setTarget(const QString& letter);
    void setSeverity(int severity);
    void setParameter(const QString& key, const QJsonValue& value);
    void addOcclusionRect(const QRect& rect);
    void addOcclusionStroke(const QList<QPoint>& points, int width);

    QUndoStack* undoStack() const { return m_undo; }
    ImageView* imageView() const { return m_imageView; }
    PromptPreview* promptPreview() const { return m_preview; }
    QComboBox* kindPicker() const { return m_kind; }
    QComboBox* targetPicker() const { return m_target; }
    QPlainTextEdit* captionEdit() const { return m_caption; }
    QPlainTextEdit* thinkEdit() const { return m_think; }
    QLineEdit* cueEdit() const { return m_cue; }
    QSlider* severitySlider() const { return m_severity; }
    QPushButton* createButton() const { return m_create; }
    QPushButton* suggestButton() const { return m_suggest; }
    bool isImageLoading() const;
    bool isSuggestionPending() const { return m_suggestRequest != 0; }

    // The derived image of the latest finished preview (null when none or not a visual kind).
    QImage previewImage() const { return m_previewImage; }
    bool isPreviewPending() const;

public Q_SLOTS:
    // Stores the draft; returns the new condition's id, or 0 after reporting the error through errorOccurred().
    qint64 createCondition();
    // Asks the backend for a caption / think prefix for the current kind and target; suggestionFinished() follows.
    void suggestWithModel();

Q_SIGNALS:
    void conditionCreated(qint64 conditionId);
    void errorOccurred(const QString& message);
    void draftChanged();
    // A preview finished for the current draft (the image is previewImage(); a failure reports errorOccurred()).
    void previewUpdated();
    void imageLoaded();
    // A suggestion request ended: the text was filled in, or errorOccurred() said why not.
    void suggestionFinished();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void buildUi();
    void push(const QString& text, const PerturbationDraft& after, int field = -1);
    void applyDraft(const PerturbationDraft& draft);
    void syncWidgets();
    void populateKinds();
    void populateTargets();
    void refreshPrompt();
    void schedulePreview();
    void onPreviewFinished(const DerivedImage& result);
    void onImageDecoded(const QImage& image);
    void onCompletionFinished(qint64 requestId, const QString& text);
    void onCompletionFailed(qint64 requestId, const QString& error);
    void syncSuggestButton();
    void onTextEdited(int field);
    std::optional<Condition> conditionFor(const PerturbationDraft& draft, QString* error) const;
    void resetDraft(ConditionKind kind);

    Workspace* m_workspace = nullptr;
    std::optional<Sample> m_sample;
    std::optional<qint64> m_parentId;
    std::optional<Run> m_sourceRun;
    PromptSettings m_settings;
    StoredImage m_sourceImage;
    QImage m_sourceDecoded;
    PerturbationDraft m_draft;
    QString m_draftError;
    bool m_applying = false; // widgets are being set from a draft: their change signals are not edits

    DerivedImagePreview* m_images = nullptr;
    QImage m_previewImage;
    StoredImage m_previewStored; // the encoded derived image of m_previewKey
    QString m_previewKey; // the recipe the preview was made from (JSON), to reuse it when creating

    QUndoStack* m_undo = nullptr;
    QComboBox* m_kind = nullptr;
    QComboBox* m_target = nullptr;
    QLineEdit* m_label = nullptr;
    QPlainTextEdit* m_caption = nullptr;
    QPlainTextEdit* m_think = nullptr;
    QLineEdit* m_cue = nullptr;
    QLabel* m_cueLabel = nullptr;
    QSlider* m_severity = nullptr;
    RecipeForm* m_recipeForm = nullptr;
    QComboBox* m_drawMode = nullptr;
    QSpinBox* m_brushWidth = nullptr;
    QFormLayout* m_form = nullptr;
    QPushButton* m_create = nullptr;
    QPushButton* m_suggest = nullptr;
    QPointer<LocalBackend> m_backend;
    QString m_modelName;
    qint64 m_suggestRequest = 0; // the pending suggestion's backend request id; 0 = none
    PerturbationDraft m_suggestFor; // the draft the pending suggestion was asked for
    QString m_suggestPrompt;
    quint64 m_suggestSeed = 0; // each suggestion samples with the next seed
    QLabel* m_status = nullptr;
    ImageView* m_imageView = nullptr;
    PromptPreview* m_preview = nullptr;
};

} // namespace vlmprobe
