#include "word_diff.h"

#include <QStringView>

#include <algorithm>
#include <vector>

namespace vlmprobe {

namespace {

struct Word {
    QStringView text; // with its trailing whitespace
    QStringView key; // without it
};

QList<Word> splitWords(const QString& text)
{
    QList<Word> words;
    qsizetype i = 0;
    const qsizetype n = text.size();
    // Leading whitespace is a word of its own with an empty key.
    qsizetype start = 0;
    while (i < n && text.at(i).isSpace())
        ++i;
    if (i > 0)
        words.append({ QStringView(text).first(i), QStringView() });
    while (i < n) {
        start = i;
        while (i < n && !text.at(i).isSpace())
            ++i;
        const qsizetype keyEnd = i;
        while (i < n && text.at(i).isSpace())
            ++i;
        words.append({ QStringView(text).mid(start, i - start), QStringView(text).mid(start, keyEnd - start) });
    }
    return words;
}

void append(QList<WordDiffSegment>& segments, WordDiffSegment::Kind kind, QStringView text)
{
    if (text.isEmpty())
        return;
    if (!segments.isEmpty() && segments.last().kind == kind)
        segments.last().text += text;
    else
        segments.append({ kind, text.toString() });
}

} // namespace

WordDiff diffWords(const QString& left, const QString& right, qint64 maxCells)
{
    using Kind = WordDiffSegment::Kind;
    const QList<Word> a = splitWords(left);
    const QList<Word> b = splitWords(right);
    WordDiff diff;

    qsizetype prefix = 0;
    while (prefix < a.size() && prefix < b.size() && a[prefix].key == b[prefix].key)
        ++prefix;
    qsizetype suffix = 0;
    while (suffix < a.size() - prefix && suffix < b.size() - prefix
        && a[a.size() - 1 - suffix].key == b[b.size() - 1 - suffix].key)
        ++suffix;

    for (qsizetype i = 0; i < prefix; ++i) {
        append(diff.left, Kind::Same, a[i].text);
        append(diff.right, Kind::Same, b[i].text);
    }

    const qsizetype n = a.size() - prefix - suffix;
    const qsizetype m = b.size() - prefix - suffix;
    if (n > 0 && m > 0 && static_cast<qint64>(n + 1) * static_cast<qint64>(m + 1) > maxCells) {
        diff.truncated = true;
        for (qsizetype i = 0; i < n; ++i)
            append(diff.left, Kind::Removed, a[prefix + i].text);
        for (qsizetype j = 0; j < m; ++j)
            append(diff.right, Kind::Added, b[prefix + j].text);
    } else if (n > 0 || m > 0) {
        // lcs[i][j] = LCS length of a[prefix+i ..] and b[prefix+j ..]; row-major, (n+1) x (m+1).
        const qsizetype width = m + 1;
        std::vector<quint32> lcs(static_cast<std::size_t>((n + 1) * width), 0);
        const auto at
            = [&](qsizetype i, qsizetype j) -> quint32& { return lcs[static_cast<std::size_t>(i * width + j)]; };
        for (qsizetype i = n - 1; i >= 0; --i) {
            for (qsizetype j = m - 1; j >= 0; --j) {
                at(i, j) = a[prefix + i].key == b[prefix + j].key ? at(i + 1, j + 1) + 1
                                                                  : std::max(at(i + 1, j), at(i, j + 1));
            }
        }
        qsizetype i = 0;
        qsizetype j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && a[prefix + i].key == b[prefix + j].key) {
                append(diff.left, Kind::Same, a[prefix + i].text);
                append(diff.right, Kind::Same, b[prefix + j].text);
                ++i;
                ++j;
            } else if (j < m && (i == n || at(i, j + 1) >= at(i + 1, j))) {
                append(diff.right, Kind::Added, b[prefix + j].text);
                ++j;
            } else {
                append(diff.left, Kind::Removed, a[prefix + i].text);
                ++i;
            }
        }
    }

    for (qsizetype k = suffix; k > 0; --k) {
        append(diff.left, Kind::Same, a[a.size() - k].text);
        append(diff.right, Kind::Same, b[b.size() - k].text);
    }
    return diff;
}

} // namespace vlmprobe
