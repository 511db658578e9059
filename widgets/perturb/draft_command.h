#pragma once
// DraftCommand: one undo step of the perturbation editor, as the draft before and after the change. Consecutive
// edits of the same text field merge into one step (typing a word is one undo, not one per key).

#include "perturbation_draft.h"

#include <QUndoCommand>

#include <functional>

namespace vlmprobe {

class DraftCommand : public QUndoCommand {
public:
    enum class Field { None = -1, Caption, ThinkPrefix, Cue, Label };

    using Apply = std::function<void(const PerturbationDraft&)>;

    // `apply` installs a draft in the editor; it is called by redo() (also when the command is pushed) and undo().
    DraftCommand(const QString& text, const PerturbationDraft& before, const PerturbationDraft& after, Apply apply,
        Field field = Field::None);

    void undo() override;
    void redo() override;
    int id() const override;
    bool mergeWith(const QUndoCommand* other) override;

private:
    PerturbationDraft m_before;
    PerturbationDraft m_after;
    Apply m_apply;
    Field m_field;
};

} // namespace vlmprobe
