#pragma once
// Agreement between consistency judges (rule, LLM judges, people) on the same runs. Pure functions; safe from any
// thread. Bad arguments throw std::invalid_argument with a one-line message.

#include <QList>

#include <optional>

namespace vlmprobe {

// `ratings[item][rater]` is the category index (0 .. categoryCount - 1) the rater gave the item; every item needs
// the same number of raters, at least 2.

// The share of items on which all raters gave the same category; nullopt for no items.
std::optional<double> strictAgreementRate(const QList<QList<int>>& ratings);

// Fleiss' kappa, kappa = (Pbar - Pbar_e) / (1 - Pbar_e), with n raters per item, N items, n_ij the raters giving
// item i category j: P_i = (sum_j n_ij^2 - n) / (n (n - 1)), Pbar = mean_i P_i, p_j = sum_i n_ij / (N n),
// Pbar_e = sum_j p_j^2. nullopt for no items or when Pbar_e == 1 (every rating in one category: undefined).
std::optional<double> fleissKappa(const QList<QList<int>>& ratings, int categoryCount);

// The same from the count table `counts[item][category]` = n_ij (every row summing to the same n >= 2).
std::optional<double> fleissKappaFromCounts(const QList<QList<int>>& counts);

} // namespace vlmprobe
