#include "timeline/timelinegeometry.h"

#include "timeline/timecoords.h"
#include "timeline/timelinegeometryimpl.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace tl::ui {

namespace {

using geom::floorNonNegative;
using geom::Frame;
using geom::gallopUpper;

void buildMarkers(const Trace& trace, const GeometryRequest& req, const Frame& f,
                  const std::vector<int>& laneOfThread, TimelineGeometry& g) {
    std::vector<double> lastX(req.lanes.size(), -1e9);
    const double budget = f.width / std::max(1.0, req.markerMinSpacing);
    for (std::size_t k = 0, objects = trace.objectCount(); k < objects; ++k) {
        const EventStream& s = trace.objectEvents(k);
        const std::size_t n = s.size();
        const std::size_t first = s.lowerBound(f.range.start, n);
        const std::size_t last = s.lowerBound(f.visibleEnd, n);
        // Too dense to read: the lanes' colours already tell the story.
        if (double(last - first) > budget) continue;
        for (std::size_t i = first; i < last; ++i) {
            const Event& e = s[i];
            if (e.ref >= laneOfThread.size()) continue;
            const int lane = laneOfThread[e.ref];
            if (lane < 0) continue;
            const double x = f.x(e.time);
            if (x - lastX[std::size_t(lane)] < 2 && x >= lastX[std::size_t(lane)]) continue;
            lastX[std::size_t(lane)] = x;
            g.markers.push_back({float(x), float(req.lanes[std::size_t(lane)].top), e.op(), e.ref});
        }
    }
}

void buildCounter(const Trace& trace, const TrackSpec& spec, const Frame& f,
                  const LevelIndex& levels, ObjectTrackGeometry& t) {
    const std::size_t obj = std::size_t(spec.object);
    const EventStream& s = trace.objectEvents(obj);
    const std::size_t n = std::min(s.size(), levels.indexed(obj));
    const ObjectKind kind = trace.object(obj).kind;
    const bool barrier = kind == ObjectKind::Barrier;
    const double pad = 3;
    const double bottom = spec.top + spec.height - 1;
    // From the lowest level (0, or a variable's lowest value) to the highest.
    const double scale = (spec.height - pad - 1) / double(std::max(1, t.maxLevel - t.minLevel));
    auto y = [&](int level) { return bottom - double(std::max(0, level - t.minLevel)) * scale; };

    std::size_t i = s.lowerBound(f.range.start, n);
    const std::size_t last = s.lowerBound(f.visibleEnd, n);
    ObjectLevel state = levels.stateBefore(trace, obj, i);
    int level = trackLevel(t.kind, state);
    const double xEnd = f.x(f.visibleEnd);
    t.line.append(QPointF(0, y(level)));
    double lastPass = -1e9;
    while (i < last) {
        const double x = f.x(s[i].time);
        const double col = floorNonNegative(x);
        const Time colEnd = std::max(f.timeAt(col + 1), s[i].time + 1);
        const std::size_t j = gallopUpper(s, i, colEnd - 1, last); // events in this column
        if (barrier && x - lastPass >= 3) {
            for (std::size_t k = i; k < j; ++k)
                if (s[k].op() == Op::Pass) {
                    t.passes.push_back(float(x));
                    lastPass = x;
                    break;
                }
        }
        if (j == i + 1) {
            // One operation here: a plain step.
            t.line.append(QPointF(x, y(level)));
            applyOperation(kind, s[i], state);
            const int before = level;
            level = trackLevel(t.kind, state);
            t.line.append(QPointF(x, y(level)));
            // A variable's new value, written by the step when the steps are far apart.
            if (t.kind == TrackKind::Value && level != before &&
                (t.valueLabels.empty() || x - t.valueLabels.back().first >= 28))
                t.valueLabels.emplace_back(float(x), level);
        } else {
            // Several: draw the column's whole excursion, lowest to highest.
            const auto [lo, hi] = levels.levelRange(trace, obj, i, j);
            state = levels.stateBefore(trace, obj, j);
            const int after = trackLevel(t.kind, state);
            t.line.append(QPointF(x, y(level)));
            t.line.append(QPointF(x, y(lo)));
            t.line.append(QPointF(x, y(hi)));
            t.line.append(QPointF(x, y(after)));
            level = after;
        }
        i = j;
    }
    t.line.append(QPointF(std::max(0.0, xEnd), y(level)));
    t.area = t.line;
    t.area.append(QPointF(t.line.back().x(), bottom));
    t.area.append(QPointF(0, bottom));
}

// Owner and flag tracks: bars where the object is held (or set), folded per pixel column.
void buildBars(const Trace& trace, const TrackSpec& spec, const Frame& f, const LevelIndex& levels,
               ObjectTrackGeometry& t) {
    const std::size_t obj = std::size_t(spec.object);
    const ObjectKind kind = trace.object(obj).kind;
    const bool flag = t.kind == TrackKind::Flag;
    const EventStream& s = trace.objectEvents(obj);
    const std::size_t n = std::min(s.size(), levels.indexed(obj));
    std::size_t i = s.lowerBound(f.range.start, n);
    const std::size_t last = s.lowerBound(f.visibleEnd, n);
    ObjectLevel level = levels.stateBefore(trace, obj, i);
    const QRectF band(0, spec.top + 2, 0, spec.height - 4);

    auto held = [&](const ObjectLevel& l) {
        return flag ? l.count > 0 : (l.owner >= 0 || l.readers > 0);
    };
    auto add = [&](double x0, double x1, const ObjectLevel& l) {
        if (x1 <= x0 || !held(l)) return;
        const int owner = flag ? 0 : l.owner;
        const int readers = flag ? 0 : (l.owner >= 0 ? 0 : l.readers);
        if (!t.bars.empty()) {
            OwnerBar& b = t.bars.back();
            if (b.owner == owner && b.shared == readers && x0 <= b.rect.right() + 1e-6) {
                b.rect.setRight(std::max(b.rect.right(), x1));
                return;
            }
        }
        t.bars.push_back({QRectF(x0, band.top(), x1 - x0, band.height()), owner, readers});
    };

    double cursor = 0;
    Time from = f.range.start;
    while (i < last) {
        const double x1 = f.x(s[i].time);
        if (x1 - std::max(f.x(from), cursor) >= kFoldPixels || x1 <= cursor) {
            add(std::max(f.x(from), cursor), x1, level);
            cursor = std::max(cursor, x1);
            applyOperation(kind, s[i], level);
            from = s[i].time;
            ++i;
            continue;
        }
        // Several changes within a pixel: show who held it at the column's end.
        const double col = floorNonNegative(std::max(f.x(from), cursor));
        const Time colEnd = std::max(f.timeAt(col + 1), from + 1);
        const std::size_t j = gallopUpper(s, i, colEnd - 1, last);
        level = levels.stateBefore(trace, obj, j);
        ObjectLevel l = level;
        if (!held(l) && j > i) {
            // Released at the very end of the column: a held column still reads as held.
            l = levels.stateBefore(trace, obj, j - 1);
        }
        add(std::max(col, cursor), col + 1, l);
        cursor = col + 1;
        from = colEnd;
        i = j;
    }
    add(std::max(f.x(from), cursor), f.x(f.visibleEnd), level);
}

void buildMarks(const Trace& trace, const TrackSpec& spec, const Frame& f, ObjectTrackGeometry& t) {
    const EventStream& s = trace.objectEvents(std::size_t(spec.object));
    const std::size_t n = s.size();
    std::size_t i = s.lowerBound(f.range.start, n);
    const std::size_t last = s.lowerBound(f.visibleEnd, n);
    while (i < last) {
        const double x = f.x(s[i].time);
        t.marks.push_back({float(x), float(spec.top), s[i].op(), s[i].ref});
        // One mark per pixel column.
        i = gallopUpper(s, i, std::max(f.timeAt(floorNonNegative(x) + 1), s[i].time + 1) - 1, last);
    }
}

// A variable's accesses as ticks, the first of each pixel column, coloured by thread when
// painted.
void buildAccessTicks(const Trace& trace, const TrackSpec& spec, const Frame& f,
                      ObjectTrackGeometry& t) {
    const EventStream& s = trace.objectEvents(std::size_t(spec.object));
    const std::size_t n = s.size();
    std::size_t i = s.lowerBound(f.range.start, n);
    const std::size_t last = s.lowerBound(f.visibleEnd, n);
    while (i < last) {
        const double x = f.x(s[i].time);
        t.marks.push_back({float(x), float(spec.top), s[i].op(), s[i].ref});
        i = gallopUpper(s, i, std::max(f.timeAt(floorNonNegative(x) + 1), s[i].time + 1) - 1, last);
    }
}

} // namespace

TimelineGeometry buildGeometry(const Trace& trace, const GeometryRequest& req,
                               const TimelineIndex& index) {
    const LevelIndex& levels = index.levels;
    TimelineGeometry g;
    g.range = req.range;
    g.width = req.width;
    g.dataEnd = req.dataEnd;
    if (req.range.delta() <= 0 || req.width <= 0) return g;
    Frame f{req.range, req.width, std::min(req.range.end, req.dataEnd),
            pixelsPerNs(req.range, req.width), nsPerPixel(req.range, req.width)};
    if (f.visibleEnd <= f.range.start) return g;

    const std::size_t threads = trace.threadCount();
    std::vector<int> laneOfThread(threads, -1);
    g.lanes = req.lanes;
    for (auto& offsets : g.laneOffsets) {
        offsets.reserve(req.lanes.size() + 1);
        offsets.push_back(0);
    }
    g.mixedOffsets.reserve(req.lanes.size() + 1);
    g.mixedOffsets.push_back(0);
    // At most a mixed column per pixel and lane: reserved (address space, not memory, until
    // written) so that a dense frame does not copy 1.6 MB as the vector doubles.
    g.mixed.reserve(req.lanes.size() * std::size_t(req.width + 2));
    for (std::size_t l = 0; l < req.lanes.size(); ++l) {
        const int th = req.lanes[l].thread;
        if (th >= 0 && std::size_t(th) < threads) {
            laneOfThread[std::size_t(th)] = int(l);
            geom::buildLane(trace, req.lanes[l], f, index.states, g);
        }
        for (int s = 0; s < kStateCount; ++s)
            g.laneOffsets[std::size_t(s)].push_back(std::uint32_t(g.states[std::size_t(s)].size()));
        g.mixedOffsets.push_back(std::uint32_t(g.mixed.size()));
    }
    if (req.markers) buildMarkers(trace, req, f, laneOfThread, g);

    for (const TrackSpec& spec : req.tracks) {
        if (spec.object < 0 || std::size_t(spec.object) >= trace.objectCount()) continue;
        ObjectTrackGeometry t;
        t.object = spec.object;
        t.kind = trackKind(trace.object(std::size_t(spec.object)).kind);
        t.maxLevel = levels.maxLevel(std::size_t(spec.object));
        switch (t.kind) {
        case TrackKind::Counter:
            buildCounter(trace, spec, f, levels, t);
            break;
        case TrackKind::Value: {
            // Scaled to the values in view, so that a counter's steps of one stay visible
            // when zoomed in on a few of its hundreds of increments.
            const auto obj = std::size_t(spec.object);
            const EventStream& s = trace.objectEvents(obj);
            const std::size_t n = std::min(s.size(), levels.indexed(obj));
            const std::size_t a = s.lowerBound(f.range.start, n);
            const std::size_t b = s.lowerBound(f.visibleEnd, n);
            const int before = levels.levelBefore(trace, obj, a);
            const auto [lo, hi] =
                b > a ? levels.levelRange(trace, obj, a, b) : std::pair<int, int>{before, before};
            t.minLevel = std::min(lo, before);
            t.maxLevel = std::max({hi, before, t.minLevel + 1});
            buildCounter(trace, spec, f, levels, t);
            buildAccessTicks(trace, spec, f, t);
            break;
        }
        case TrackKind::Owner:
        case TrackKind::Flag:
            buildBars(trace, spec, f, levels, t);
            break;
        case TrackKind::Marks:
            buildMarks(trace, spec, f, t);
            break;
        case TrackKind::None:
            break;
        }
        g.tracks.push_back(std::move(t));
    }
    return g;
}

const TimelineGeometry& GeometryCache::get(const Trace& trace, const GeometryRequest& request,
                                           std::uint64_t layoutRevision) {
    Key key{&trace,          request.range,   request.width,
            request.dataEnd, trace.endTime(), trace.eventCount(),
            layoutRevision,  request.markers, request.lanes};
    if (m_valid && key == m_key) return m_geometry;
    if (m_key.trace != &trace) m_index.clear();
    // Up to the data end only: a playback reveals a 2 M-event trace a few thousand events
    // a frame, and indexing all of it in its first frame cost 20 ms.
    m_index.update(trace, request.dataEnd);
    m_geometry = buildGeometry(trace, request, m_index);
    m_key = std::move(key);
    m_valid = true;
    ++m_builds;
    return m_geometry;
}

void GeometryCache::invalidate() {
    m_valid = false;
    m_index.clear();
}

} // namespace tl::ui
