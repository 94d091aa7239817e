#pragma once
// Where everything of the timeline goes: the fixed header (an export's title, the legend,
// the time ruler), the name column on the left, and the scrolling body of rows (object
// tracks first, then one lane per thread grouped by role under role headers). Computed
// from the trace and the font alone, so the widget, exports and hit testing agree.
#include "model/trace.h"
#include "scenario/scenario.h"
#include "timeline/timelinegeometry.h"

#include <QFont>
#include <QRectF>
#include <QString>

#include <vector>

namespace tl::ui {

// The spacing the layout measures with and the painter draws with, in pixels: one
// definition, so that a name is drawn where the layout made room for it.
namespace spacing {
inline constexpr double kMargin = 12;   // outer padding of the name column and the title
inline constexpr double kIndent = 10;   // lane names sit under their role header
inline constexpr double kColumnGap = 8; // between the name column and the time axis
inline constexpr double kChip = 14;     // a thread colour chip before its name (owner tracks)
} // namespace spacing

struct LayoutOptions {
    QFont font;
    double width = 1600;
    bool exportMode = false; // adds the title block
    QString title;           // exports: first line (bold)
    QString subtitle;        // exports: second line (wrapped)
};

struct LayoutRow {
    // Slices: a thread's named slices (another program's trace), one level per nesting
    // depth, under its lane; Async: an async track's spans (index: SliceData::async);
    // Counter: a counter's series as a step chart (index: SliceData::counters); Instants: the
    // instants of a process (index: SliceData::processes) or of the whole trace (index -1).
    // A thread's own instants are marks on its slices' first level, or on its lane.
    enum class Kind { Section, RoleHeader, Lane, Track, Slices, Async, Counter, Instants };
    Kind kind = Kind::Lane;
    int index = -1; // thread for a lane or slices, object for a track, async track, counter
    QString label;  // shown in the name column
    QString detail; // muted, after the label: "queue, capacity 4", "3 threads"
    double top = 0; // body coordinates
    double height = 0;
    int levels = 0; // Slices and Async: the levels shown, each sliceHeight high
};

struct LegendEntry {
    static constexpr int kOperation = -1; // the operation tick
    static constexpr int kSlices = -2;    // another program's named slices: coloured by name
    int state = -1;                       // a ThreadState, or kOperation, or kSlices
    QString label;
    QRectF swatch; // in widget coordinates
    QPointF textPos;
};

struct TimelineLayout {
    QFont font;
    QFont boldFont;
    QFont titleFont;
    QFont smallFont;
    double width = 0;
    double nameWidth = 0; // the left column
    double laneLeft = 0;  // x of the time axis origin
    double laneWidth = 0;
    QRectF titleRect; // exports only
    QRectF legendRect;
    QRectF rulerRect; // the whole ruler row, name column included
    double bodyTop = 0;
    double bodyHeight = 0;    // all rows
    double contentHeight = 0; // header and body: the height of an export
    std::vector<LayoutRow> rows;
    std::vector<LaneSpec> lanes;   // span areas, body coordinates
    std::vector<TrackSpec> tracks; // object tracks, body coordinates
    std::vector<int> laneOfThread; // thread -> index in lanes, or -1
    std::vector<int> rowOfLane;    // lane -> index in rows
    std::vector<LegendEntry> legend;
    double laneHeight = 0;
    double sliceHeight = 0;          // one nesting level of named slices
    std::vector<int> slicesOfThread; // thread -> index in rows of its Slices row, or -1
    // Lane names carry a chip of the thread's colour when a track colours bars by thread
    // (a mutex's owner), so the two can be matched up.
    bool threadChips = false;

    // The row at body y, or -1.
    int rowAt(double bodyY) const;
};

TimelineLayout layoutTimeline(const Trace& trace, const LayoutOptions& options);

// The unit of the time ruler's labels, in ns, or 0 when the ruler picks one by the range: a
// Chrome trace of another tool may ask for one with displayTimeUnit ("ms", "ns"). Ours write
// "ns" for the Perfetto UI, not for the reader, so a run's ruler picks its own.
Time rulerUnit(const Trace& trace);

// The most nesting levels a slice row shows (deeper slices are in the tooltips and the
// statistics): 16 levels are 270 px at the default font.
inline constexpr int kMaxSliceLevels = 16;

// The title and subtitle of an export: scenario title; parameters, engine, duration, outcome.
// The parameters read as the Parameters dock shows them ("Updates per worker: 20, Think
// time: 3 ms"): labels from `specs` (the scenario the trace was made with), or else from
// the bundled scenario of the trace's id, or else the names the trace keeps.
QString pictureTitle(const Trace& trace);
QString pictureSubtitle(const Trace& trace, const std::vector<ParamSpec>& specs = {});

} // namespace tl::ui
