#include "command_dispatcher.h"

#include <algorithm>

namespace vlmprobe {

void CommandDispatcher::add(HeadlessCommand command)
{
    m_commands.push_back(std::move(command));
}

const HeadlessCommand* CommandDispatcher::find(const QString& name) const
{
    const auto found = std::find_if(
        m_commands.begin(), m_commands.end(), [&name](const HeadlessCommand& command) { return command.name == name; });
    return found == m_commands.end() ? nullptr : &*found;
}

QString CommandDispatcher::overview() const
{
    qsizetype width = 0;
    for (const HeadlessCommand& command : m_commands)
        width = std::max(width, command.name.size());
    QString text;
    for (const HeadlessCommand& command : m_commands)
        text += QStringLiteral("  ") + command.name.leftJustified(width + 2) + command.summary + QLatin1Char('\n');
    return text;
}

} // namespace vlmprobe
