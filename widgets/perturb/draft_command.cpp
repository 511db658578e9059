#include "draft_command.h"

#include <utility>

namespace vlmprobe {

namespace {

// Command ids for merging: one per text field, away from other commands' ids.
constexpr int kFieldIdBase = 0x7e40;

} // namespace

DraftCommand::DraftCommand(
    const QString& text, const PerturbationDraft& before, const PerturbationDraft& after, Apply apply, Field field)
    : QUndoCommand(text)
    , m_before(before)
    , m_after(after)
    , m_apply(std::move(apply))
    , m_field(field)
{
}

void DraftCommand::undo()
{
    m_apply(m_before);
}

void DraftCommand::redo()
{
    m_apply(m_after);
}

int DraftCommand::id() const
{
    return m_field == Field::None ? -1 : kFieldIdBase + int(m_field);
}

bool DraftCommand::mergeWith(const QUndoCommand* other)
{
    const auto* command = static_cast<const DraftCommand*>(other);
    if (command->m_field != m_field || m_field == Field::None)
        return false;
    m_after = command->m_after;
    // Typing and deleting back to the start leaves nothing to undo.
    setObsolete(m_after == m_before);
    return true;
}

} // namespace vlmprobe
