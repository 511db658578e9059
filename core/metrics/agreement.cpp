#include "metrics/agreement.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace vlmprobe {

namespace {

void checkRaters(const QList<QList<int>>& ratings)
{
    for (const QList<int>& item : ratings) {
        if (item.size() < 2)
            throw std::invalid_argument("agreement: every item needs at least two raters");
        if (item.size() != ratings.first().size())
            throw std::invalid_argument("agreement: every item needs the same number of raters");
    }
}

} // namespace

std::optional<double> strictAgreementRate(const QList<QList<int>>& ratings)
{
    if (ratings.isEmpty())
        return std::nullopt;
    checkRaters(ratings);
    qsizetype agreed = 0;
    for (const QList<int>& item : ratings) {
        if (std::all_of(item.begin(), item.end(), [&item](int r) { return r == item.first(); }))
            ++agreed;
    }
    return static_cast<double>(agreed) / static_cast<double>(ratings.size());
}

std::optional<double> fleissKappa(const QList<QList<int>>& ratings, int categoryCount)
{
    if (categoryCount < 1)
        throw std::invalid_argument("fleiss kappa: at least one category is needed");
    checkRaters(ratings);
    QList<QList<int>> counts;
    counts.reserve(ratings.size());
    for (const QList<int>& item : ratings) {
        QList<int> row(categoryCount, 0);
        for (const int category : item) {
            if (category < 0 || category >= categoryCount)
                throw std::invalid_argument("fleiss kappa: a rating names no category");
            ++row[category];
        }
        counts.append(row);
    }
    return fleissKappaFromCounts(counts);
}

std::optional<double> fleissKappaFromCounts(const QList<QList<int>>& counts)
{
    if (counts.isEmpty())
        return std::nullopt;
    const qsizetype categories = counts.first().size();
    int raters = -1;
    for (const QList<int>& row : counts) {
        if (row.size() != categories)
            throw std::invalid_argument("fleiss kappa: every item needs a count for every category");
        int sum = 0;
        for (const int c : row) {
            if (c < 0)
                throw std::invalid_argument("fleiss kappa: a count is negative");
            sum += c;
        }
        if (raters < 0)
            raters = sum;
        if (sum != raters || sum < 2)
            throw std::invalid_argument("fleiss kappa: every item needs the same number of raters, at least two");
    }
    const double n = raters;
    const double items = static_cast<double>(counts.size());
    double pBar = 0;
    QList<double> categoryTotals(categories, 0.0);
    for (const QList<int>& row : counts) {
        double squares = 0;
        for (qsizetype j = 0; j < categories; ++j) {
            squares += static_cast<double>(row[j]) * row[j];
            categoryTotals[j] += row[j];
        }
        pBar += (squares - n) / (n * (n - 1));
    }
    pBar /= items;
    double pBarE = 0;
    for (const double total : categoryTotals) {
        const double p = total / (items * n);
        pBarE += p * p;
    }
    if (std::abs(1.0 - pBarE) < 1e-12)
        return std::nullopt;
    return (pBar - pBarE) / (1.0 - pBarE);
}

} // namespace vlmprobe
