#include "timeline/causalarrows.h"

#include "timeline/timecoords.h"

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace tl::ui {

namespace {

// The operations with which a waiter leaves its wait, as causeOfWait (core) reads them.
bool endsAWait(Op op) {
    switch (op) {
    case Op::Lock:
    case Op::Get:
    case Op::Acquire:
    case Op::Pass:
    case Op::Wake:
    case Op::Put:
    case Op::Join:
    case Op::Timeout:
        return true;
    default:
        return false;
    }
}

} // namespace

CausalityIndex::CausalityIndex() : m_self(std::make_shared<CausalityIndex*>(this)) {}

CausalityIndex::~CausalityIndex() {
    *m_self = nullptr; // a background result arriving later finds nobody to give it to
}

void CausalityIndex::reset(std::shared_ptr<const Trace> trace) {
    m_trace = std::move(trace);
    ++m_generation;
    m_links.clear();
    m_counted.clear();
    m_computing.clear();
}

void CausalityIndex::setReadyHandler(QObject* context, std::function<void()> ready) {
    m_context = context;
    m_ready = std::move(ready);
}

bool CausalityIndex::computing() const {
    return std::any_of(m_computing.begin(), m_computing.end(),
                       [](std::size_t c) { return c != 0; });
}

void CausalityIndex::ensureSlots(std::size_t object) {
    if (m_links.size() > object) return;
    m_links.resize(object + 1);
    m_counted.resize(object + 1, 0);
    m_computing.resize(object + 1, 0);
}

const std::vector<Link>& CausalityIndex::links(std::size_t object) {
    ensureSlots(object);
    const std::size_t n = m_trace->objectEvents(object).size();
    if (m_counted[object] != n + 1) {
        if (n <= m_syncLimit || !m_context) {
            m_links[object] = objectLinks(*m_trace, object);
            m_counted[object] = n + 1;
        } else if (m_computing[object] == 0) {
            // One job per object at a time: a stream still growing is linked again after.
            computeInBackground(object, n);
        }
    }
    return m_links[object];
}

void CausalityIndex::computeInBackground(std::size_t object, std::size_t count) {
    m_computing[object] = count + 1;
    auto* watcher = new QFutureWatcher<std::vector<Link>>(m_context);
    const std::weak_ptr<CausalityIndex*> self = m_self;
    const int generation = m_generation;
    QObject::connect(watcher, &QFutureWatcher<std::vector<Link>>::finished, m_context,
                     [watcher, self, generation, object, count] {
                         watcher->deleteLater();
                         const auto alive = self.lock();
                         CausalityIndex* index = alive ? *alive : nullptr;
                         if (!index || index->m_generation != generation ||
                             watcher->future().resultCount() == 0)
                             return;
                         index->m_links[object] = watcher->result();
                         index->m_counted[object] = count + 1;
                         index->m_computing[object] = 0;
                         if (index->m_ready) index->m_ready();
                     });
    watcher->setFuture(
        QtConcurrent::run([trace = m_trace, object] { return objectLinks(*trace, object); }));
}

CausalArrow CausalityIndex::arrowOf(const Link& link) const {
    const EventStream& s = m_trace->objectEvents(std::size_t(link.object));
    const Event& from = s[link.from];
    const Event& to = s[link.to];
    return {link.object, int(from.ref), from.time, from.op(), int(to.ref), to.time};
}

std::optional<CausalArrow> CausalityIndex::arrowIntoWait(std::size_t thread, std::size_t interval) {
    if (!m_trace || thread >= m_trace->threadCount() || interval >= m_trace->intervalCount(thread))
        return std::nullopt;
    const Trace::Interval iv = m_trace->interval(thread, interval);
    if ((iv.state != ThreadState::Blocked && iv.state != ThreadState::Waiting) || iv.object < 0 ||
        std::size_t(iv.object) >= m_trace->objectCount())
        return std::nullopt;
    const auto object = std::size_t(iv.object);
    // The waiter's own operation that ended the wait: its last one within the interval (a
    // hand-off is recorded when it happens, which may be before the waiter runs again).
    const EventStream& s = m_trace->objectEvents(object);
    const std::size_t n = s.size();
    // Searched from the end: it sits at the end of the interval, however busy the object was.
    std::optional<std::size_t> ended;
    const std::size_t first = s.lowerBound(iv.range.start, n);
    for (std::size_t i = s.upperBound(iv.range.end, n); i > first; --i)
        if (s[i - 1].ref == thread && endsAWait(s[i - 1].op())) {
            ended = i - 1;
            break;
        }
    if (!ended) return std::nullopt;
    const std::vector<Link>& all = links(object);
    // Links come in the order of their destinations.
    const auto it = std::lower_bound(all.begin(), all.end(), *ended,
                                     [](const Link& l, std::size_t to) { return l.to < to; });
    if (it == all.end() || it->to != *ended) return std::nullopt;
    CausalArrow a = arrowOf(*it);
    a.toTime = iv.range.end; // the arrow lands where the span ends
    return a;
}

std::vector<CausalArrow> CausalityIndex::arrowsOfObject(std::size_t object, TimeRange visible,
                                                        std::size_t cap) {
    std::vector<CausalArrow> out;
    if (!m_trace || object >= m_trace->objectCount() || cap == 0) return out;
    const std::vector<Link>& all = links(object);
    const EventStream& s = m_trace->objectEvents(object);
    // Destinations are in stream order, so in time order: the links that end in view are
    // one run of the vector.
    const auto first = std::lower_bound(all.begin(), all.end(), visible.start,
                                        [&s](const Link& l, Time t) { return s[l.to].time < t; });
    const auto last = std::upper_bound(first, all.end(), visible.end,
                                       [&s](Time t, const Link& l) { return t < s[l.to].time; });
    const auto count = std::size_t(last - first);
    const std::size_t stride = count > cap ? (count + cap - 1) / cap : 1;
    for (auto it = first; it < last; it += std::ptrdiff_t(stride)) {
        out.push_back(arrowOf(*it));
        if (std::size_t(last - it) <= stride) break;
    }
    return out;
}

std::vector<ArrowLine> arrowLines(const TimelineLayout& layout, TimeRange range, double scrollY,
                                  double viewportHeight, const std::vector<CausalArrow>& arrows) {
    std::vector<ArrowLine> out;
    const double left = layout.laneLeft, right = layout.laneLeft + layout.laneWidth;
    const double top = layout.bodyTop, bottom = viewportHeight;
    auto laneCentre = [&](int thread) -> std::optional<double> {
        if (thread < 0 || std::size_t(thread) >= layout.laneOfThread.size()) return std::nullopt;
        const int lane = layout.laneOfThread[std::size_t(thread)];
        if (lane < 0) return std::nullopt;
        const LaneSpec& l = layout.lanes[std::size_t(lane)];
        return layout.bodyTop + l.top + l.height / 2 - scrollY;
    };
    for (const CausalArrow& a : arrows) {
        const auto y0 = laneCentre(a.fromThread), y1 = laneCentre(a.toThread);
        if (!y0 || !y1) continue;
        const double x0 = timeToX(a.fromTime, range, layout.laneWidth, layout.laneLeft);
        const double x1 = timeToX(a.toTime, range, layout.laneWidth, layout.laneLeft);
        if (std::max(x0, x1) < left || std::min(x0, x1) > right) continue;
        if (std::max(*y0, *y1) < top || std::min(*y0, *y1) > bottom) continue;
        out.push_back({QPointF(x0, *y0), QPointF(x1, *y1), a.object});
    }
    return out;
}

} // namespace tl::ui
