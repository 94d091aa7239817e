#pragma once
// "Show this on the timeline": what a dock asks the window for when the user follows a link
// (a "what to look for" bullet, the deadlock banner's Show, a row of the statistics). The dock
// says what to show; the window, which owns the timeline, the events table and the replay bar,
// does it (Session::showRequested). Where to look is worked out here, apart from any widget,
// so that it is the same from every dock and testable alone.
#include "analysis/causality.h"
#include "analysis/moments.h"
#include "analysis/sharedmarks.h"
#include "model/trace.h"

#include <optional>

namespace tl::ui {

struct ShowRequest {
    int thread = -1; // an interval to select, on the timeline and in the events table
    long interval = -1;
    int object = -1; // or an operation
    long operation = -1;
    std::optional<TimeRange> range; // the timeline's visible range
    std::optional<Time> cursor;     // the replay cursor
    bool operator==(const ShowRequest&) const = default;
};

// A moment with room either side to see what led to it: a span and a third of it (at least
// a hundredth of the run) either side, an instant amid a fiftieth of the run either side; the
// end of the run (a moment of no thread and no object) from a sixth of the run before it.
// A lost update or a race (`accesses`) spans a few accesses, microseconds apart in a run of
// many: the view is three times as wide as it, so that its arrow and marks can be read; a
// failed assert (an instant) amid 100 ns either side: the accesses that led to it are tens
// of nanoseconds apart (kAccessTime).
ShowRequest momentView(const Trace& trace, const Moment& moment, bool accesses = false);

// A deadlock: from the first of the stuck threads' final waits to the end, with a margin, the
// first thread's last wait selected and the cursor where the circle closed (the last of those
// waits to begin). Nothing to show (an empty request) when the report names no thread.
ShowRequest deadlockView(const Trace& trace, const DeadlockReport& report);

// What the banner states of shared variables: the first failed assert (its moment, selected),
// or else the first race (its two accesses with room either side, the later one selected and
// the cursor on it). An empty request when there is neither.
ShowRequest problemView(const Trace& trace, const SharedMarks& shared);

} // namespace tl::ui
