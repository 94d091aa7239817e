#include "timeline/timecoords.h"

#include "model/timefmt.h"

#include <algorithm>

namespace tl::ui {

namespace {

// The exponent k of a 1/2/5 x 10^k step.
int stepExponent(Time step) {
    int k = 0;
    while (step >= 10 && step % 10 == 0) {
        step /= 10;
        ++k;
    }
    return k;
}

// t in `unit`, `decimals` decimals at most, trailing zeros trimmed, and the unit: "1.5 ms".
QString withUnit(Time t, Time unit, int decimals) {
    return QString::fromStdString(timeInUnit(t, unit, decimals, true) + " " +
                                  std::string(unitName(unit, TimeSpelling::App)));
}

} // namespace

Time tickStep(TimeRange range, double width, double minSpacingPx) {
    const double nsPerPx = nsPerPixel(range, width);
    const double wanted = std::max(1.0, nsPerPx * std::max(1.0, minSpacingPx));
    for (Time decade = 1;; decade *= 10) {
        for (Time m : {1, 2, 5}) {
            if (double(m * decade) >= wanted) return m * decade;
        }
        if (decade > Time(1) << 58) return decade; // absurd ranges: stop before overflow
    }
}

QString tickLabel(Time t, Time step, Time scaleHint, Time fixedUnit) {
    const Time unit = fixedUnit > 0 ? fixedUnit : unitFor(std::max(scaleHint, step));
    return withUnit(t, unit, std::max(0, unitDecimals(unit) - stepExponent(step)));
}

Time displayUnit(std::string_view name) {
    if (name == "ms") return 1'000'000;
    if (name == "ns") return 1;
    return 0;
}

Ruler rulerTicks(TimeRange range, double width, double minSpacingPx, Time fixedUnit) {
    Ruler ruler;
    if (range.delta() <= 0 || width <= 0) return ruler;
    const Time step = tickStep(range, width, minSpacingPx);
    ruler.step = step;

    // Absolute labels unless they would need more than three decimals in the range's unit.
    const Time absUnit = fixedUnit > 0 ? fixedUnit : unitFor(std::max(range.end, step));
    const bool relative = unitDecimals(absUnit) - stepExponent(step) > 3;
    Time first = range.start / step * step;
    if (first < range.start) first += step;
    if (relative) {
        ruler.origin = first;
        ruler.originLabel = withUnit(first, absUnit, unitDecimals(absUnit));
    }
    const Time scaleHint = relative ? range.delta() : range.end;

    // Minor ticks: fifths of a 1 or 5 step, quarters... halves of a 2 step read naturally.
    const Time mantissa = step / Time(std::llround(std::pow(10.0, stepExponent(step))));
    const Time minorCount = mantissa == 2 ? 4 : 5;
    const Time minor = step % minorCount == 0 ? step / minorCount : 0;

    Time start = range.start / step * step - step;
    for (Time t = start; t <= range.end; t += step) {
        if (t >= range.start) {
            Tick tick{t, true, {}};
            if (!relative)
                tick.label = tickLabel(t, step, scaleHint, fixedUnit);
            else if (t == ruler.origin)
                tick.label = ruler.originLabel; // the one absolute anchor
            else
                tick.label =
                    QLatin1Char('+') + tickLabel(t - ruler.origin, step, scaleHint, fixedUnit);
            ruler.ticks.push_back(std::move(tick));
        }
        if (minor > 0) {
            for (Time k = 1; k < minorCount; ++k) {
                const Time m = t + k * minor;
                if (m >= range.start && m <= range.end) ruler.ticks.push_back({m, false, {}});
            }
        }
    }
    return ruler;
}

} // namespace tl::ui
