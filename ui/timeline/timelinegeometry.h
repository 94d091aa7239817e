#pragma once
// Building the timeline's geometry, apart from painting it (house style 5): a pure function
// turns a trace, a visible range and a width into rectangles grouped by colour, which the
// painter only replays. Spans narrower than kFoldPixels are folded into one block per pixel
// column (Tracy's folded zones, Perfetto's buckets), so building a frame costs pixels x
// lanes, not events. A column that folds more than one state is a stack of bands, one per
// state, as tall as the state's share of the column's time and at least a pixel: folding
// to the dominant state alone hid the minority, and the minority is often the lesson (64
// threads on 4 cores looked 100 % runnable, every working sliver gone).
#include "model/trace.h"
#include "timeline/levelindex.h"
#include "timeline/stateindex.h"

#include <QPointF>
#include <QPolygonF>
#include <QRectF>

#include <array>
#include <cstdint>
#include <limits>
#include <vector>

namespace tl::ui {

inline constexpr double kFoldPixels = 1.5;

struct LaneSpec {
    int thread = 0;
    double top = 0; // y of the lane's top edge in body coordinates
    double height = 0;
    bool operator==(const LaneSpec&) const = default;
};

struct TrackSpec {
    int object = 0;
    double top = 0;
    double height = 0;
};

struct GeometryRequest {
    TimeRange range;  // visible time range
    double width = 0; // pixels across the lane area; x = 0 is range.start
    Time dataEnd = 0; // nothing is drawn after this (the playback horizon or the trace end)
    std::vector<LaneSpec> lanes;
    std::vector<TrackSpec> tracks;
    bool markers = true;         // operation ticks on the lanes where they are readable
    double markerMinSpacing = 3; // pixels: denser operations are not marked
};

struct Marker {
    float x = 0;
    float top = 0; // the lane's top edge
    Op op = Op::Lock;
    std::uint16_t thread = kNoRef; // who did it (the ticks of a variable's track)
};

struct OwnerBar {
    QRectF rect;
    int owner = -1; // thread; -1 with shared > 0: readers of a readers-writer lock
    int shared = 0;
};

struct ObjectTrackGeometry {
    int object = 0;
    TrackKind kind = TrackKind::None;
    int maxLevel = 1;
    int minLevel = 0;           // Value: a variable may go below zero
    QPolygonF line;             // Counter, Value: the step outline, left to right
    QPolygonF area;             // Counter: the same closed along the baseline, to fill
    std::vector<OwnerBar> bars; // Owner and Flag (owner 0 = set)
    std::vector<float> passes;  // Barrier: x of each generation's pass
    std::vector<Marker> marks;  // Marks: every operation; Value: the accesses, one a column
    // Value: the value after a step, where there is room to write it (x of the step).
    std::vector<std::pair<float, int>> valueLabels;
};

// A folded column's bands, bottom to top: the states that get work done at the bottom, the
// waits on top, so that a lane of such columns reads as an area chart.
inline constexpr std::array<ThreadState, kStateCount> kBandOrder = {
    ThreadState::Working,  ThreadState::Running, ThreadState::Io,     ThreadState::Sleeping,
    ThreadState::Runnable, ThreadState::Waiting, ThreadState::Blocked};

// Whole pixels of each state in a folded column (indexed by ThreadState; the eighth byte is
// always 0), stacked in kBandOrder from the lane's bottom edge. They add up to the lane's
// height, rounded (lanes over 255 px are stacked in 255 parts and stretched).
using Bands = std::array<std::uint8_t, 8>;
inline constexpr int kMaxBandPixels = 255;

// Pixel columns (or a run of neighbours that agree) holding more than one state.
struct MixedColumn {
    float x0 = 0, x1 = 0;
    Bands bands{};
};

struct TimelineGeometry {
    TimeRange range;
    double width = 0;
    Time dataEnd = 0;
    // Every lane's spans, grouped by state so each colour is one batch.
    std::array<std::vector<QRectF>, kStateCount> states;
    // The lanes built (the request's: a widget asks only for those in view). Lane l's spans
    // of state s are states[s][laneOffsets[s][l] .. laneOffsets[s][l + 1]), so a raster
    // painter can fill lane by lane.
    std::vector<LaneSpec> lanes;
    std::array<std::vector<std::uint32_t>, kStateCount> laneOffsets;
    // Folded columns of several states; lane l's are mixed[mixedOffsets[l] ..
    // mixedOffsets[l + 1]).
    std::vector<MixedColumn> mixed;
    std::vector<std::uint32_t> mixedOffsets;
    std::vector<Marker> markers;
    std::vector<ObjectTrackGeometry> tracks;
    std::size_t folded = 0; // blocks that stand for more than one span (for tests, stats)
    // Intervals read span by span plus mipmap blocks read, over all lanes (not counting the
    // few probes of a galloping skip): what the frame cost, for tests that it stays about
    // pixels x lanes however many events are in view.
    std::size_t spansRead = 0;
};

// What the builder reads besides the trace: object levels and the state mipmap, both
// derived from the trace and grown with it.
struct TimelineIndex {
    LevelIndex levels;
    StateIndex states;
    // Indexes what the trace gained up to `upTo` (a playback horizon: the events past it
    // are indexed as the horizon reaches them, a few thousand a frame, rather than all at
    // the first frame of a playback).
    void update(const Trace& trace, Time upTo = std::numeric_limits<Time>::max()) {
        levels.update(trace, upTo);
        states.update(trace, upTo);
    }
    void clear() {
        levels.clear();
        states.clear();
    }
};

// The pure builder. `index` must have been updated for this trace.
TimelineGeometry buildGeometry(const Trace& trace, const GeometryRequest& request,
                               const TimelineIndex& index);

// The bands of the mixed columns as rectangles, by state: what a vector device draws.
std::array<std::vector<QRectF>, kStateCount> mixedRects(const TimelineGeometry& g);

// A folded column's band heights for the time spent in each state: a pixel for each state
// present and the rest of `height` (at most kMaxBandPixels) in proportion to time; in a
// lane lower than the number of states present, a pixel for each of the longest.
Bands bandHeights(const std::array<std::uint64_t, kStateCount>& time, int height);

// Remembers the last geometry and rebuilds only when its inputs change: the range, the
// width, the data end, the trace's growth, the lanes asked for, or the layout (a revision
// number the caller bumps when rows move).
class GeometryCache {
public:
    const TimelineGeometry& get(const Trace& trace, const GeometryRequest& request,
                                std::uint64_t layoutRevision);
    void invalidate();
    std::uint64_t builds() const { return m_builds; }
    // The object levels as of the last get(), for tooltips.
    const LevelIndex& levels() const { return m_index.levels; }
    const StateIndex& states() const { return m_index.states; }

private:
    struct Key {
        const Trace* trace = nullptr;
        TimeRange range;
        double width = -1;
        Time dataEnd = -1;
        Time traceEnd = -1;
        std::size_t events = 0;
        std::uint64_t layout = 0;
        bool markers = true;
        std::vector<LaneSpec> lanes;
        bool operator==(const Key&) const = default;
    };
    Key m_key;
    bool m_valid = false;
    TimelineIndex m_index;
    TimelineGeometry m_geometry;
    std::uint64_t m_builds = 0;
};

} // namespace tl::ui
