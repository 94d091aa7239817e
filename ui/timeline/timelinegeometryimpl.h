#pragma once
// Internal to the geometry builder (timelinegeometry.cpp: frame, object tracks, cache;
// timelinelanes.cpp: the thread lanes and their folding). Everything else uses
// buildGeometry() from timelinegeometry.h.
#include "timeline/timelinegeometry.h"

#include <cstdint>

namespace tl::ui::geom {

// First index in [from, n) whose time is > t, searching outwards from `from`: the answer is
// usually a few events away, so this costs log(distance), not log(n).
inline std::size_t gallopUpper(const EventStream& s, std::size_t from, Time t, std::size_t n) {
    if (from >= n || s[from].time > t) return from;
    std::size_t lo = from; // s[lo].time <= t
    std::size_t step = 1;
    std::size_t hi = n;
    while (lo + step < n) {
        if (s[lo + step].time > t) {
            hi = lo + step;
            break;
        }
        lo += step;
        step *= 2;
    }
    ++lo;
    while (lo < hi) {
        const std::size_t mid = lo + (hi - lo) / 2;
        if (s[mid].time <= t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

// floor and ceil for the non-negative pixel and time offsets of a frame: a truncating
// conversion is one instruction, std::floor a library call on baseline x86-64, and the
// builder takes a few per pixel column.
inline double floorNonNegative(double v) {
    return v <= 0 ? 0.0 : double(std::int64_t(v));
}
inline Time ceilNonNegative(double v) {
    if (v <= 0) return 0;
    const Time t = Time(v);
    return double(t) < v ? t + 1 : t;
}

struct Frame {
    TimeRange range;
    double width;
    Time visibleEnd; // min(range.end, dataEnd)
    double pxPerNs;
    double nsPerPx;

    double x(Time t) const { return double(t - range.start) * pxPerNs; }
    // The first time at or after pixel x (the start of pixel column x).
    Time timeAt(double x) const { return range.start + ceilNonNegative(x * nsPerPx - 1e-9); }
};

// One thread's lane: its spans, folded where they are narrower than kFoldPixels, into
// g.states and g.mixed.
void buildLane(const Trace& trace, const LaneSpec& lane, const Frame& f, const StateIndex& states,
               TimelineGeometry& g);

} // namespace tl::ui::geom
