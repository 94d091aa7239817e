#pragma once
// What is under a point of the timeline, and how to describe it: shared by the widget's
// click, hover and tooltip handling, and testable without a widget.
#include "model/slices.h"
#include "model/trace.h"
#include "timeline/levelindex.h"
#include "timeline/stateindex.h"
#include "timeline/timelinelayout.h"

#include <QPointF>
#include <QString>

#include <span>

namespace tl::ui {

struct HitView {
    TimeRange range;  // visible
    Time dataEnd = 0; // the horizon
    double scrollY = 0;
};

struct Hit {
    int row = -1;         // layout row, -1 outside the body
    bool inLanes = false; // right of the name column
    Time time = 0;        // time under the point (when inLanes)
    int thread = -1;      // lane rows
    long interval = -1;   // the thread's interval at time
    int object = -1;      // track rows, or the object of the operation hit
    long operation = -1;  // an operation within a few pixels
    // Rows of named slices (another program's trace): the thread (Slices) or the async
    // track (Async), the level under the point and the slice of that level at time, or -1.
    int sliceTrack = -1;
    bool async = false;
    int sliceLevel = -1;
    long slice = -1;
    // Another program's counters and instants: the counter of a Counter row; an instant
    // within a few pixels, as an index into rowInstants(trace, layout, row).
    int counter = -1;
    long instant = -1;
};

inline constexpr double kHitSlopPixels = 4;

Hit hitTest(const Trace& trace, const TimelineLayout& layout, const HitView& view, QPointF pos);

// The slice of hit.sliceLevel at hit.time, or one within `slop` of it (a slice narrower
// than a pixel is still a target), or -1.
long sliceUnder(const Trace& trace, const Hit& hit, Time slop);

// The instants a row shows (timelineslices.cpp): a thread's on its slices' row (or on its lane
// when it has no slices), an async track's, a process's or the whole trace's on an Instants row.
std::span<const Instant> rowInstants(const Trace& trace, const TimelineLayout& layout, int row);
// The instant nearest to t within slop, as an index into instants, or -1.
long instantNear(std::span<const Instant> instants, Time t, Time slop);
// The point of a counter in force at t (the last at or before it), or -1.
long counterPointAt(const CounterTrack& counter, Time t);

// Rich-text tooltips (Qt's subset of HTML).
// A counter's value at t, since when, and its peak.
QString counterTooltip(const Trace& trace, int counter, Time t);
// An instant: name, category, whose (thread, process, the whole trace), time and args.
QString instantTooltip(const Trace& trace, const TimelineLayout& layout, const Hit& hit);
// A named slice: name, category, thread, start, duration, self time, depth and args.
QString sliceTooltip(const Trace& trace, const Hit& hit);
// Who woke a thread that went on a CPU at `time` (a scheduler trace's wakeup flow ending
// there): "woken by worker 1 (tid 12607) on CPU 1"; empty when nothing woke it then.
QString wokenBy(const Trace& trace, int thread, Time time);
QString intervalTooltip(const Trace& trace, int thread, long interval);
QString operationTooltip(const Trace& trace, int object, long index);
// The level of an object's track at a time: "depth 3 of 4", "held by worker 2".
QString trackTooltip(const Trace& trace, const LevelIndex& levels, int object, Time t);
// Over a thread's name: its role and how its time divides between the states.
QString laneTooltip(const Trace& trace, const StateIndex& states, int thread);
// Over an object's name: its kind, size and how many operations it saw.
QString objectTooltip(const Trace& trace, int object);

} // namespace tl::ui
