#pragma once
// What a sweep chart can draw and how each figure reads: its name, its axis title with the
// unit, the value of a point on that axis, and the sentence a tooltip gives a point. Free
// functions over core SweepPoints, so the chart, the panel and the tests agree on them.
#include "experiment/sweep.h"

#include <QString>
#include <optional>

namespace tl::ui {

enum class SweepFigure { Duration, Throughput, BlockedWaiting, Fairness, LongestWait, Contention };
inline constexpr int kSweepFigureCount = 6;

QString figureName(SweepFigure figure); // "Run duration"
// A stable name for settings and scripts ("duration", "throughput", "blocked-waiting" …);
// figureFromKey gives nullopt for an unknown one.
QString figureKey(SweepFigure figure);
std::optional<SweepFigure> figureFromKey(const QString& key);
QString figureToolTip(SweepFigure figure); // what it measures, for the chooser
// The figure in its natural unit: ns for times, per second, a fraction 0..1, an index.
double figureValue(const SweepPoint& point, SweepFigure figure);
bool figureIsTime(SweepFigure figure);
bool figureIsShare(SweepFigure figure); // drawn as a percentage

// How a figure or a swept value is put on an axis: values are divided by `divisor`, and the
// axis title names the unit ("Run duration (ms)").
struct AxisScale {
    double divisor = 1;
    QString title;
};
// For times, the unit in which the largest value reads as at least 1 (unitFor, timefmt.h).
AxisScale figureScale(const SweepResult& result, SweepFigure figure);
// The swept value: a duration parameter in a time unit, a count as it is.
AxisScale valueScale(const SweepResult& result, bool isDuration);

// A round step of about span / ticks (1, 2 or 5 times a power of ten), at least `minimum`.
double niceStep(double span, int ticks, double minimum = 0);
// The smallest multiple of `step` at or above value.
double niceCeil(double value, double step);

// The name that sweeps the simulated machine's cores, as the chooser's item data holds it.
QString sweepCoresName();
// "1 run", "16 runs".
QString runsText(std::size_t n);

// Every figure of a point, one per line, for a tooltip (rich text).
QString pointToolTip(const SweepResult& result, std::size_t index);
// A state's share, as a percentage with sensible precision: "42%", "0.4%".
QString percentText(double fraction);

} // namespace tl::ui
