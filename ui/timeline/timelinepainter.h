#pragma once
// The one paint path of the timeline (house style 6): the widget, PNG (QImage), SVG
// (QSvgGenerator) and PDF (QPdfWriter) all call paintTimeline, so an export looks exactly
// like the screen. It only replays geometry built elsewhere (timelinegeometry.h) plus the
// few things that depend on the moment: selection, hover, cursor.
#include "analysis/sharedmarks.h"
#include "model/progress.h"
#include "model/trace.h"
#include "timeline/causalarrows.h"
#include "timeline/palette.h"
#include "timeline/timelinegeometry.h"
#include "timeline/timelinelayout.h"

#include <QString>
#include <QtGlobal>

#include <optional>

class QPainter;

namespace tl::ui {

struct PaintState {
    TimeRange range;           // the visible time range (the geometry's)
    Time dataEnd = 0;          // the horizon: nothing recorded after it is shown
    double scrollY = 0;        // body rows scrolled up by this much
    double viewportHeight = 0; // height of the painted area
    std::optional<Time> cursor;
    std::optional<TimeRange> selection; // a range chosen with Shift+drag
    int selectedThread = -1;
    qint64 selectedInterval = -1;
    int selectedObject = -1;
    qint64 selectedOperation = -1;
    int hoverRow = -1;
    // Why threads waited (timelinecausality.cpp): arrows from the operation that ended a wait
    // to the waiter, and the threads and objects of a deadlock, called out.
    std::vector<CausalArrow> arrows;
    std::vector<int> emphasisThreads;
    std::vector<int> emphasisObjects;
    int linkedObject = -1; // its track is marked: its hand-offs are the arrows shown
    // Shared variables: the lost updates and races to draw (sharedmarks.h); none when null.
    std::shared_ptr<const SharedMarks> shared;
    QString title; // exports: drawn in the layout's title block
    QString subtitle;
};

void paintTimeline(QPainter& p, const Trace& trace, const TimelineLayout& layout,
                   const TimelineGeometry& geometry, const TimelinePalette& palette,
                   const PaintState& state);

// Paints a whole picture of the trace (build, layout, paint) on any paint device: exports and
// the benchmark use it. Width in logical pixels; returns the height it used.
struct PictureRequest {
    TimeRange range;
    double width = 1600;
    QFont font;
    QString title;
    QString subtitle;
    TimelinePalette palette;
    // What the screen explained when the picture was taken: arrows, a deadlock's cycle.
    std::vector<CausalArrow> arrows;
    std::vector<int> emphasisThreads;
    std::vector<int> emphasisObjects;
    // Lost updates and races; null: found in the trace (findSharedMarks).
    std::shared_ptr<const SharedMarks> shared;
    // Reports between the phases and throws Cancelled (progress.h) when told to stop.
    const Progress* progress = nullptr;
};
TimelineLayout pictureLayout(const Trace& trace, const PictureRequest& request);
void paintPicture(QPainter& p, const Trace& trace, const TimelineLayout& layout,
                  const PictureRequest& request);

} // namespace tl::ui
