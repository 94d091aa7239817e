#pragma once
// Time <-> pixel maths for the timeline, as free functions so the widget, the geometry
// builder, the painter and the tests all agree on one mapping (Qt Creator keeps these in
// timelinecoordinates.h for the same reason). A view shows `range` across `width` pixels
// starting at pixel `left`; x grows with time.
#include "model/event.h"

#include <QString>

#include <cmath>
#include <string_view>
#include <vector>

namespace tl::ui {

inline double pixelsPerNs(TimeRange range, double width) {
    return range.delta() > 0 ? width / double(range.delta()) : 0.0;
}

inline double nsPerPixel(TimeRange range, double width) {
    return width > 0 ? double(range.delta()) / width : 0.0;
}

inline double timeToX(Time t, TimeRange range, double width, double left = 0.0) {
    return left + double(t - range.start) * pixelsPerNs(range, width);
}

// The time at pixel x, rounded to the nearest nanosecond.
inline Time xToTime(double x, TimeRange range, double width, double left = 0.0) {
    return range.start + Time(std::llround((x - left) * nsPerPixel(range, width)));
}

// A duration in pixels at this zoom.
inline double durationToWidth(Time d, TimeRange range, double width) {
    return double(d) * pixelsPerNs(range, width);
}

inline Time widthToDuration(double px, TimeRange range, double width) {
    return Time(std::llround(px * nsPerPixel(range, width)));
}

// A readable step for ruler ticks: the smallest 1, 2 or 5 x 10^k ns whose spacing on
// screen is at least minSpacingPx.
Time tickStep(TimeRange range, double width, double minSpacingPx);

struct Tick {
    Time time = 0;
    bool major = true; // labelled; minor ticks subdivide the step
    QString label;     // empty for minor ticks
};

struct Ruler {
    Time step = 0;
    std::vector<Tick> ticks; // major ticks (multiples of step, labelled) and minor ticks
    // Deep inside a long run absolute labels would need many digits ("3.50000005 s"), so
    // the labels count from an origin instead ("+50 ns"), shown once as originLabel.
    Time origin = 0;
    QString originLabel; // empty when labels are absolute
};

// The ticks of a ruler showing range across width pixels, majors at least minSpacingPx apart.
// With a unit (in ns: 1'000'000 for ms), every label is in it rather than in the one the
// range's magnitude picks: a Chrome trace's displayTimeUnit.
Ruler rulerTicks(TimeRange range, double width, double minSpacingPx, Time unit = 0);

// The unit a Chrome trace's displayTimeUnit asks for, in ns: "ms" 1'000'000, "ns" 1; 0 for
// none (or one the format does not define), when the ruler picks its own.
Time displayUnit(std::string_view name);

// A tick label for t when ticks are `step` apart: the unit follows the magnitude of
// `scaleHint` (usually the range's end, so every label on a ruler uses one unit) and the
// decimals follow the step, trailing zeros trimmed: "250 µs", "1.5 ms", "2 s".
// With a unit, the label is in it whatever the magnitude.
QString tickLabel(Time t, Time step, Time scaleHint, Time unit = 0);

} // namespace tl::ui
