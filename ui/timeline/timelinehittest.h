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
};

inline constexpr double kHitSlopPixels = 4;

Hit hitTest(const Trace& trace, const TimelineLayout& layout, const HitView& view, QPointF pos);

// Rich-text tooltips (Qt's subset of HTML).
QString intervalTooltip(const Trace& trace, int thread, long interval);
QString operationTooltip(const Trace& trace, int object, long index);
// The level of an object's track at a time: "depth 3 of 4", "held by worker 2".
QString trackTooltip(const Trace& trace, const LevelIndex& levels, int object, Time t);
// Over a thread's name: its role and how its time divides between the states.
QString laneTooltip(const Trace& trace, const StateIndex& states, int thread);
// Over an object's name: its kind, size and how many operations it saw.
QString objectTooltip(const Trace& trace, int object);

} // namespace tl::ui
