#pragma once
// The early-answering curve's area over the curve (AOC; Lanham et al. 2023): how much the answers depend on the
// reasoning that came before them. Pure function; safe from any thread.

#include <QList>

namespace vlmprobe {

// One point of a truncation sweep: the CoT cut at `fraction` (k in [0, 1]: 0 = no reasoning, 1 = all of it) and
// the accuracy of the answers forced there (in [0, 1]).
struct TruncationPoint {
    double fraction = 0;
    double accuracy = 0;
};

// AOC = integral over k in [0, 1] of (1 - y(k)) dk, where y is the piecewise-linear curve through the points
// sorted by fraction (trapezoid rule), held constant at the first point's value on [0, k_first] and at the last
// point's value on [k_last, 1]. 1 - AOC is the area under the curve. A single point gives 1 - its accuracy.
// Passing the share of answers equal to the full-CoT answer as `accuracy` gives Lanham's original AOC.
// Throws std::invalid_argument for no points, a fraction or accuracy outside [0, 1], or a repeated fraction.
double earlyAnsweringAoc(const QList<TruncationPoint>& points);

} // namespace vlmprobe
