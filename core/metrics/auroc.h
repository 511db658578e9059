#pragma once
// Area under the ROC curve by the Mann-Whitney U statistic. Pure function; safe from any thread.

#include <QList>

#include <optional>

namespace vlmprobe {

// AUROC = U / (n+ n-), U = #{(i, j): i positive, j negative, score_i > score_j} + 1/2 #{... score_i == score_j}:
// the probability that a random positive scores above a random negative, ties counting 1/2. nullopt when either
// class is empty. Throws std::invalid_argument when the lists differ in size or a score is NaN.
std::optional<double> auroc(const QList<double>& scores, const QList<bool>& positive);

} // namespace vlmprobe
