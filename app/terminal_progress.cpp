#include "terminal_progress.h"

#include <QByteArray>

#include <cmath>
#include <cstdio>

#include <unistd.h>

namespace vlmprobe {

namespace {

// Redraws closer together than this only cost terminal bandwidth.
constexpr qint64 kRedrawIntervalMs = 100;

} // namespace

TerminalProgress::TerminalProgress(bool interactive)
    : m_interactive(interactive)
{
}

bool TerminalProgress::stderrIsTerminal()
{
    return ::isatty(::fileno(stderr)) == 1;
}

QString TerminalProgress::formatDuration(double seconds)
{
    if (!(seconds >= 0) || !std::isfinite(seconds))
        return QStringLiteral("?");
    const qint64 total = std::llround(seconds);
    const qint64 hours = total / 3600;
    const qint64 minutes = (total % 3600) / 60;
    const qint64 rest = total % 60;
    const QLatin1Char zero('0');
    if (hours > 0)
        return QStringLiteral("%1h%2m").arg(hours).arg(minutes, 2, 10, zero);
    if (minutes > 0)
        return QStringLiteral("%1m%2s").arg(minutes).arg(rest, 2, 10, zero);
    return QStringLiteral("%1s").arg(rest);
}

QString TerminalProgress::barLine(int done, int skipped, int total, double etaSeconds, int width)
{
    const int finished = done + skipped;
    const int filled = total > 0 ? static_cast<int>(qint64(finished) * width / total) : width;
    const int digits = static_cast<int>(QString::number(total).size());
    return QStringLiteral("[") + QString(filled, QLatin1Char('#')) + QString(width - filled, QLatin1Char('.'))
        + QStringLiteral("] ") + QStringLiteral("%1/%2").arg(finished, digits).arg(total)
        + QStringLiteral("  skipped %1  eta %2").arg(skipped).arg(formatDuration(etaSeconds));
}

void TerminalProgress::update(int done, int skipped, int total, double etaSeconds)
{
    m_done = done;
    m_skipped = skipped;
    m_total = total;
    m_eta = etaSeconds;
    if (m_interactive) {
        draw(false);
        return;
    }
    // One line per finished job; skipped jobs are summed up in the final summary, not listed.
    if (done > m_lastReportedDone) {
        m_lastReportedDone = done;
        write(QStringLiteral("%1/%2 done, %3 skipped, eta %4\n")
                  .arg(done + skipped)
                  .arg(total)
                  .arg(skipped)
                  .arg(formatDuration(etaSeconds)));
    }
}

void TerminalProgress::message(const QString& line)
{
    if (m_interactive && m_barShown) {
        write(QStringLiteral("\r") + QString(m_barLength, QLatin1Char(' ')) + QStringLiteral("\r"));
        m_barShown = false;
    }
    write(line.simplified() + QLatin1Char('\n'));
    if (m_interactive && m_total > 0)
        draw(true);
}

void TerminalProgress::finish()
{
    if (!m_interactive)
        return;
    if (m_total > 0)
        draw(true);
    if (m_barShown)
        write(QStringLiteral("\n"));
    m_barShown = false;
}

void TerminalProgress::draw(bool force)
{
    if (!force && m_lastDraw.isValid() && m_lastDraw.elapsed() < kRedrawIntervalMs && m_done + m_skipped < m_total)
        return;
    m_lastDraw.start();
    const QString line = barLine(m_done, m_skipped, m_total, m_eta);
    // Pad over a longer previous line so no stale characters remain.
    const QString padding(qMax<qsizetype>(0, m_barLength - line.size()), QLatin1Char(' '));
    write(QStringLiteral("\r") + line + padding);
    m_barLength = line.size();
    m_barShown = true;
}

void TerminalProgress::write(const QString& text)
{
    const QByteArray bytes = text.toLocal8Bit();
    std::fwrite(bytes.constData(), 1, static_cast<size_t>(bytes.size()), stderr);
    std::fflush(stderr);
}

} // namespace vlmprobe
