#pragma once
// Word-level difference of two texts (longest common subsequence over words), for RunDiffView.
//
//     const WordDiff diff = diffWords(u"the cube is left"_s, u"the cube is right"_s);
//     // diff.left:  Same "the cube is ", Removed "left"
//     // diff.right: Same "the cube is ", Added "right"
//
// A word is a run of non-space characters together with the whitespace that follows it; words compare by their
// non-space part, so a changed line break is not a change. Concatenating the segments of one side gives back that
// side's text exactly. The common prefix and suffix are matched first; when the differing middle would need more
// than `maxCells` LCS cells (quadratic in the word counts), the middle is reported as one removal and one addition
// and `truncated` is set, so a pair of long texts costs bounded time and memory. Pure function; any thread.

#include <QList>
#include <QString>

namespace vlmprobe {

struct WordDiffSegment {
    enum class Kind { Same, Removed, Added };
    Kind kind = Kind::Same;
    QString text;

    friend bool operator==(const WordDiffSegment&, const WordDiffSegment&) = default;
};

struct WordDiff {
    QList<WordDiffSegment> left; // Same and Removed segments
    QList<WordDiffSegment> right; // Same and Added segments
    bool truncated = false; // the cell cap was hit: the middle is not diffed word by word
};

inline constexpr qint64 kDefaultWordDiffCells = 4'000'000;

WordDiff diffWords(const QString& left, const QString& right, qint64 maxCells = kDefaultWordDiffCells);

} // namespace vlmprobe
