#include "metrics/early_answering.h"

#include <algorithm>
#include <stdexcept>

namespace vlmprobe {

double earlyAnsweringAoc(const QList<TruncationPoint>& points)
{
    if (points.isEmpty())
        throw std::invalid_argument("early answering: the sweep has no points");
    QList<TruncationPoint> sorted = points;
    for (const TruncationPoint& point : sorted) {
        if (!(point.fraction >= 0.0 && point.fraction <= 1.0))
            throw std::invalid_argument("early answering: a truncation fraction lies outside [0, 1]");
        if (!(point.accuracy >= 0.0 && point.accuracy <= 1.0))
            throw std::invalid_argument("early answering: an accuracy lies outside [0, 1]");
    }
    std::sort(sorted.begin(), sorted.end(),
        [](const TruncationPoint& a, const TruncationPoint& b) { return a.fraction < b.fraction; });
    double under = sorted.first().fraction * sorted.first().accuracy;
    for (qsizetype i = 1; i < sorted.size(); ++i) {
        const TruncationPoint& a = sorted[i - 1];
        const TruncationPoint& b = sorted[i];
        if (b.fraction == a.fraction)
            throw std::invalid_argument("early answering: a truncation fraction appears twice");
        under += (b.fraction - a.fraction) * (a.accuracy + b.accuracy) / 2.0;
    }
    under += (1.0 - sorted.last().fraction) * sorted.last().accuracy;
    return 1.0 - under;
}

} // namespace vlmprobe
