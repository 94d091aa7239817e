#pragma once
// What is under a point of the timeline, and how to describe it: shared by the widget's
// click, hover and tooltip handling, and testable without a widget.
#include "model/trace.h"
#include "timeline/levelindex.h"
#include "timeline/stateindex.h"
#include "timeline/timelinelayout.h"

#include <QPointF>
#include <QString>

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
};

inline constexpr double kHitSlopPixels = 4;

Hit hitTest(const Trace& trace, const TimelineLayout& layout, const HitView& view, QPointF pos);

// The slice of hit.sliceLevel at hit.time, or one within `slop` of it (a slice narrower
// than a pixel is still a target), or -1.
long sliceUnder(const Trace& trace, const Hit& hit, Time slop);

// Rich-text tooltips (Qt's subset of HTML).
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
