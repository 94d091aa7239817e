#include "timelinegeometry.h"

#include "timecoords.h"

#include <algorithm>
#include <cmath>
#include <tuple>
#include <utility>

namespace tl::ui {

namespace {

// How many spans of one pixel column are weighed before the rest is skipped by search.
constexpr int kColumnBudget = 8;

// First index in [from, n) whose time is > t, searching outwards from `from`: the answer is
// usually a few events away, so this costs log(distance), not log(n).
std::size_t gallopUpper(const EventStream& s, std::size_t from, Time t, std::size_t n) {
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

// Collects one lane's rectangles, merging neighbours of one state so a run of folded
// columns that agree becomes a single rectangle.
class RectSink {
public:
    RectSink(std::array<std::vector<QRectF>, kStateCount>& out, double top, double height)
        : m_out(out), m_top(top), m_height(height) {}
    ~RectSink() { flush(); }
    void add(int state, double x0, double x1) {
        if (x1 <= x0) return;
        if (state == m_state && x0 <= m_x1 + 1e-6) {
            m_x1 = std::max(m_x1, x1);
            return;
        }
        flush();
        m_state = state;
        m_x0 = x0;
        m_x1 = x1;
    }
    void flush() {
        if (m_state >= 0)
            m_out[std::size_t(m_state)].emplace_back(m_x0, m_top, m_x1 - m_x0, m_height);
        m_state = -1;
    }

private:
    std::array<std::vector<QRectF>, kStateCount>& m_out;
    double m_top, m_height;
    int m_state = -1;
    double m_x0 = 0, m_x1 = 0;
};

// Reads a thread's intervals clipped to the frame, one event load per step when walking
// forwards (the end of interval i is the start of i + 1).
class LaneReader {
public:
    struct Span {
        Time start;
        Time end;
        std::int64_t state; // a full word: see at()
    };

    LaneReader(const EventStream& s, Time traceEnd, const Frame& f)
        : m_s(s), m_size(s.size()), m_traceEnd(traceEnd), m_f(f) {}

    Span at(std::size_t i) {
        if (i == m_index) return m_span;
        ++m_reads;
        m_a = (i == m_index + 1 && m_hasB) ? m_b : m_s[i];
        m_hasB = i + 1 < m_size;
        if (m_hasB) m_b = m_s[i + 1];
        m_index = i;
        const Time end = m_hasB ? m_b.time : std::max(m_a.time, m_traceEnd);
        // Returned from the locals, not read back from m_span: GCC 12 stored the member in
        // pieces and loaded it whole, a store-forwarding stall that was a third of a dense
        // frame's build (perf annotate).
        const Span span{std::max(m_a.time, m_f.range.start), std::min(end, m_f.visibleEnd),
                        std::min<std::int64_t>(m_a.code, kStateCount - 1)};
        m_span = span;
        return span;
    }
    std::size_t reads() const { return m_reads; }

private:
    const EventStream& m_s;
    std::size_t m_size;
    Time m_traceEnd;
    const Frame& m_f;
    std::size_t m_index = std::size_t(-1);
    Event m_a, m_b;
    bool m_hasB = false;
    Span m_span{};
    std::size_t m_reads = 0;
};

// Walks intervals [i, last) of a lane: spans at least kFoldPixels wide become rectangles,
// narrower ones are folded into their pixel column, which is decided by weighing a few of
// its spans and then skipped with a galloping search.
void walkLane(const EventStream& s, LaneReader& reader, std::size_t i, std::size_t last,
              const Frame& f, RectSink& sink, double& cursor, std::size_t& folded) {
    while (i < last) {
        const LaneReader::Span sp = reader.at(i);
        if (sp.end <= sp.start) {
            ++i;
            continue;
        }
        const double x0 = std::max(f.x(sp.start), cursor);
        const double x1 = f.x(sp.end);
        if (x1 - x0 >= kFoldPixels) {
            sink.add(int(sp.state), x0, x1);
            cursor = x1;
            ++i;
            continue;
        }
        const double col = floorNonNegative(x0);
        const double colRight = col + 1;
        const Time colEnd = std::max(f.timeAt(colRight), sp.start + 1);
        std::array<Time, kStateCount> weight{};
        std::size_t j = i;
        int seen = 0;
        bool crossed = false;
        while (j < last && seen < kColumnBudget) {
            const LaneReader::Span w = reader.at(j);
            if (w.start >= colEnd) {
                crossed = true;
                break;
            }
            weight[std::size_t(w.state)] += std::min(w.end, colEnd) - w.start;
            ++seen;
            if (w.end > colEnd) {
                crossed = true;
                break;
            }
            ++j;
        }
        if (!crossed && j < last) {
            // Too many spans to weigh: skip to the one that holds the column's right edge and
            // let it stand for what was skipped.
            const Time covered = reader.at(j).start;
            j = gallopUpper(s, j, colEnd, last) - 1;
            const LaneReader::Span w = reader.at(j);
            weight[std::size_t(w.state)] += colEnd - std::max(covered, w.start) + 1;
            if (w.end <= colEnd) ++j;
        }
        int dominant = int(sp.state);
        for (int k = 0; k < kStateCount; ++k)
            if (weight[std::size_t(k)] > weight[std::size_t(dominant)]) dominant = k;
        sink.add(dominant, x0, std::min(colRight, f.x(f.visibleEnd)));
        ++folded;
        cursor = colRight;
        i = j;
    }
}

// Very dense lanes: decide each pixel column from the summaries (at one level of the
// mipmap) of the blocks that start in it. Returns the first interval not covered: the
// summaries stop at the last complete one.
std::size_t summariseLane(const StateIndex& index, std::size_t thread, std::size_t level,
                          std::size_t first, const EventStream& s, const Frame& f, RectSink& sink,
                          double& cursor, std::size_t& folded, std::size_t& reads) {
    const std::size_t K = StateIndex::blockSize(level);
    const std::vector<StateIndex::Block>& blocks = index.blocks(thread, level);
    const std::size_t covered = index.indexed(thread);
    std::size_t b = first / K;
    if (b >= blocks.size()) return first;
    std::array<std::uint64_t, kStateCount> acc{};
    double col = floorNonNegative(f.x(blocks[b].start));
    Time colEnd = f.timeAt(col + 1);
    auto closeColumn = [&](double right) {
        int dominant = 0;
        for (int k = 1; k < kStateCount; ++k)
            if (acc[std::size_t(k)] > acc[std::size_t(dominant)]) dominant = k;
        sink.add(dominant, std::max(col, cursor), right);
        cursor = std::max(cursor, right);
        ++folded;
        acc = {};
    };
    for (; b < blocks.size(); ++b) {
        const StateIndex::Block& blk = blocks[b];
        if (blk.start >= colEnd) {
            if (blk.start >= f.visibleEnd) break;
            // A block that spans several columns colours all of them.
            const double c = std::max(col + 1, floorNonNegative(f.x(blk.start)));
            closeColumn(c);
            col = c;
            colEnd = std::max(f.timeAt(c + 1), blk.start + 1);
        }
        for (std::size_t k = 0; k < kStateCount; ++k)
            acc[k] += blk.weight[k];
    }
    // The last column ends where the summarised data ends (or the frame does).
    reads += b - first / K;
    const std::size_t next = std::min(covered, b * K);
    const Time end = next < s.size() ? std::min(s[next].time, f.visibleEnd) : f.visibleEnd;
    closeColumn(std::max(col + 1, std::min(f.x(end), f.width)));
    return next;
}

void buildLane(const Trace& trace, const LaneSpec& lane, const Frame& f, const StateIndex& states,
               TimelineGeometry& g) {
    const std::size_t th = std::size_t(lane.thread);
    const EventStream& s = trace.threadEvents(th);
    if (trace.intervalCount(th) == 0) return;
    const auto [first, last] = trace.intervalsIn(th, {f.range.start, f.visibleEnd});
    RectSink sink(g.states, lane.top, lane.height);
    LaneReader reader(s, trace.endTime(), f);
    double cursor = 0; // nothing may be drawn left of this: it is already decided
    std::size_t i = first;
    // Summaries take over when a pixel column holds a block or more on average; the
    // coarsest level that still has a block per column keeps the work per column small.
    const double perColumn = double(last - first) / f.width;
    if (perColumn >= double(StateIndex::kBlock) && th < states.threads() && states.levels(th) > 0) {
        std::size_t level = 0;
        while (level + 1 < states.levels(th) &&
               double(StateIndex::blockSize(level + 1)) <= perColumn)
            ++level;
        i = std::max(
            i, summariseLane(states, th, level, first, s, f, sink, cursor, g.folded, g.spansRead));
    }
    walkLane(s, reader, i, last, f, sink, cursor, g.folded);
    g.spansRead += reader.reads();
}

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
            g.markers.push_back({float(x), float(req.lanes[std::size_t(lane)].top), e.op()});
        }
    }
}

void buildCounter(const Trace& trace, const TrackSpec& spec, const Frame& f,
                  const LevelIndex& levels, ObjectTrackGeometry& t) {
    const std::size_t obj = std::size_t(spec.object);
    const EventStream& s = trace.objectEvents(obj);
    const std::size_t n = std::min(s.size(), levels.indexed(obj));
    const bool barrier = trace.object(obj).kind == ObjectKind::Barrier;
    const double pad = 3;
    const double bottom = spec.top + spec.height - 1;
    const double scale = (spec.height - pad - 1) / double(std::max(1, t.maxLevel));
    auto y = [&](int level) { return bottom - double(std::max(0, level)) * scale; };

    std::size_t i = s.lowerBound(f.range.start, n);
    const std::size_t last = s.lowerBound(f.visibleEnd, n);
    int level = levels.levelBefore(trace, obj, i);
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
            int shared = 0;
            applyOperation(trace.object(obj).kind, s[i], level, shared);
            t.line.append(QPointF(x, y(level)));
        } else {
            // Several: draw the column's whole excursion, lowest to highest.
            const auto [lo, hi] = levels.levelRange(trace, obj, i, j);
            const int after = levels.levelBefore(trace, obj, j);
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
    auto [level, shared] = levels.stateBefore(trace, obj, i);
    const QRectF band(0, spec.top + 2, 0, spec.height - 4);

    auto held = [&](int l, int sh) { return flag ? l > 0 : (l >= 0 || sh > 0); };
    auto add = [&](double x0, double x1, int l, int sh) {
        if (x1 <= x0 || !held(l, sh)) return;
        const int owner = flag ? 0 : l;
        const int readers = flag ? 0 : (l >= 0 ? 0 : sh);
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
            add(std::max(f.x(from), cursor), x1, level, shared);
            cursor = std::max(cursor, x1);
            applyOperation(kind, s[i], level, shared);
            from = s[i].time;
            ++i;
            continue;
        }
        // Several changes within a pixel: show who held it at the column's end.
        const double col = floorNonNegative(std::max(f.x(from), cursor));
        const Time colEnd = std::max(f.timeAt(col + 1), from + 1);
        const std::size_t j = gallopUpper(s, i, colEnd - 1, last);
        std::tie(level, shared) = levels.stateBefore(trace, obj, j);
        int l = level, sh = shared;
        if (!held(l, sh) && j > i) {
            // Released at the very end of the column: a held column still reads as held.
            std::tie(l, sh) = levels.stateBefore(trace, obj, j - 1);
        }
        add(std::max(col, cursor), col + 1, l, sh);
        cursor = col + 1;
        from = colEnd;
        i = j;
    }
    add(std::max(f.x(from), cursor), f.x(f.visibleEnd), level, shared);
}

void buildMarks(const Trace& trace, const TrackSpec& spec, const Frame& f, ObjectTrackGeometry& t) {
    const EventStream& s = trace.objectEvents(std::size_t(spec.object));
    const std::size_t n = s.size();
    std::size_t i = s.lowerBound(f.range.start, n);
    const std::size_t last = s.lowerBound(f.visibleEnd, n);
    while (i < last) {
        const double x = f.x(s[i].time);
        t.marks.push_back({float(x), float(spec.top), s[i].op()});
        // One mark per pixel column.
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
    for (std::size_t l = 0; l < req.lanes.size(); ++l) {
        const int th = req.lanes[l].thread;
        if (th >= 0 && std::size_t(th) < threads) {
            laneOfThread[std::size_t(th)] = int(l);
            buildLane(trace, req.lanes[l], f, index.states, g);
        }
        for (int s = 0; s < kStateCount; ++s)
            g.laneOffsets[std::size_t(s)].push_back(std::uint32_t(g.states[std::size_t(s)].size()));
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
