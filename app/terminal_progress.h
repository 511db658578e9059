#pragma once
// Progress of a headless batch on stderr. On a terminal: one bar redrawn in place ("\r"), at most ten times a
// second, e.g. `[##########..........]  12/40  skipped 3  failed 0  eta 1m05s`. Elsewhere (a pipe, a log file, CI):
// one plain line per finished job and no control characters, so logs stay readable.
//
//     TerminalProgress progress(TerminalProgress::stderrIsTerminal());
//     progress.update(done, skipped, total, etaSeconds);   // from BatchRunner::progressed
//     progress.message(QStringLiteral("sample 3, base: ..."));
//     progress.finish();                                     // ends the bar's line
//
// Thread: the thread that owns the batch; stderr only.

#include <QElapsedTimer>
#include <QString>

namespace vlmprobe {

class TerminalProgress {
public:
    explicit TerminalProgress(bool interactive);

    static bool stderrIsTerminal();
    // "1h02m", "3m05s", "42s"; "?" for a negative (unknown) duration.
    static QString formatDuration(double seconds);
    // The bar line without control characters; width = number of cells inside the brackets.
    static QString barLine(int done, int skipped, int total, double etaSeconds, int width = 24);

    void update(int done, int skipped, int total, double etaSeconds);
    // A line of its own (an error of one job): clears the bar first and redraws it after.
    void message(const QString& line);
    void finish();

private:
    void draw(bool force);
    void write(const QString& text);

    bool m_interactive;
    int m_done = 0;
    int m_skipped = 0;
    int m_total = 0;
    double m_eta = -1;
    int m_lastReportedDone = 0; // non-interactive: jobs already reported with a line
    bool m_barShown = false;
    qsizetype m_barLength = 0;
    QElapsedTimer m_lastDraw;
};

} // namespace vlmprobe
