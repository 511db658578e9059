#pragma once
// The headless subcommands of `vlmprobe` (demo now; run, metrics, import, export later). A subcommand runs under a
// QCoreApplication, so it needs no display; it parses its own options and returns the process exit status
// (0 success, 1 failure, 2 usage error).

#include <QString>
#include <QStringList>

#include <functional>
#include <vector>

namespace vlmprobe {

struct HeadlessCommand {
    QString name;
    // One line for `vlmprobe --help`.
    QString summary;
    // `arguments` starts with the command's own name ("demo", "--out", "x.vlmprobe").
    std::function<int(const QStringList& arguments)> run;
};

class CommandDispatcher {
public:
    void add(HeadlessCommand command);
    // nullptr when `name` is not a subcommand.
    const HeadlessCommand* find(const QString& name) const;
    // The subcommand list for the top-level help, one indented line per command.
    QString overview() const;

private:
    std::vector<HeadlessCommand> m_commands;
};

} // namespace vlmprobe
