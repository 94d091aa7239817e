#include "timeline/timelineoverlay.h"

#include "timeline/timelinehittest.h"

#include <QMenu>

#include <algorithm>

namespace tl::ui {

void TimelineOverlay::setTrace(std::shared_ptr<const Trace> trace) {
    m_index.reset(std::move(trace));
    m_hoverThread = -1;
    m_hoverInterval = -1;
    m_hoverArrow.reset();
    m_opKey = {-1, -1};
    m_linkedObject = -1;
    m_emphasisThreads.clear();
    m_emphasisObjects.clear();
    m_shared.reset();
    m_sharedFound = false;
}

std::shared_ptr<const SharedMarks> TimelineOverlay::shared() {
    const Trace* trace = m_index.trace();
    if (!m_sharedFound && trace && trace->finished()) {
        m_shared = findSharedMarks(*trace);
        m_sharedFound = true;
    }
    return m_shared;
}

void TimelineOverlay::linksArrived() {
    m_opKey = {-1, -1};
    const int thread = m_hoverThread;
    const long interval = m_hoverInterval;
    m_hoverThread = -1;
    m_hoverInterval = -1;
    setHover(thread, interval);
}

bool TimelineOverlay::setHover(int thread, long interval) {
    if (thread == m_hoverThread && interval == m_hoverInterval) return false;
    m_hoverThread = thread;
    m_hoverInterval = interval;
    const std::optional<CausalArrow> before = m_hoverArrow;
    m_hoverArrow.reset();
    // Only waits have arrows; the lookup is a binary search in the object's cached links.
    if (m_index.trace() && thread >= 0 && interval >= 0)
        m_hoverArrow = m_index.arrowIntoWait(std::size_t(thread), std::size_t(interval));
    return before != m_hoverArrow;
}

void TimelineOverlay::setEmphasis(std::vector<int> threads, std::vector<int> objects) {
    m_emphasisThreads = std::move(threads);
    m_emphasisObjects = std::move(objects);
}

std::optional<CausalArrow> TimelineOverlay::arrowIntoOperation(int object, long index) {
    const Trace* trace = m_index.trace();
    if (!trace || object < 0 || std::size_t(object) >= trace->objectCount() || index < 0)
        return std::nullopt;
    // A selected operation shows the hand-off it took part in: the one it enabled (an
    // unlock) or the one that enabled it (the lock after waiting).
    const std::vector<Link>& links = m_index.links(std::size_t(object));
    const auto i = std::size_t(index);
    const auto to = std::lower_bound(links.begin(), links.end(), i,
                                     [](const Link& l, std::size_t v) { return l.to < v; });
    if (to != links.end() && to->to == i) return m_index.arrowOf(*to);
    for (const Link& l : links) // rare: only when the operation enabled another
        if (l.from == i) return m_index.arrowOf(l);
    return std::nullopt;
}

std::vector<CausalArrow> TimelineOverlay::arrows(const PaintState& sel, TimeRange visible) {
    std::vector<CausalArrow> out;
    if (!m_index.trace()) return out;
    if (sel.selectedThread >= 0 && sel.selectedInterval >= 0)
        if (auto a = m_index.arrowIntoWait(std::size_t(sel.selectedThread),
                                           std::size_t(sel.selectedInterval)))
            out.push_back(*a);
    if (sel.selectedObject >= 0 && sel.selectedOperation >= 0) {
        const std::pair<int, long> key{sel.selectedObject, long(sel.selectedOperation)};
        if (key != m_opKey) {
            m_opKey = key;
            m_opArrow = arrowIntoOperation(key.first, key.second);
        }
        if (m_opArrow) out.push_back(*m_opArrow);
    }
    if (m_hoverArrow && std::find(out.begin(), out.end(), *m_hoverArrow) == out.end())
        out.push_back(*m_hoverArrow);
    if (m_linkedObject >= 0) {
        const std::size_t room = kMaxArrows > out.size() ? kMaxArrows - out.size() : 0;
        for (const CausalArrow& a :
             m_index.arrowsOfObject(std::size_t(m_linkedObject), visible, room))
            out.push_back(a);
    }
    return out;
}

void TimelineOverlay::fill(PaintState& st) {
    // Nothing recorded after the horizon may show, arrows included.
    const TimeRange visible{st.range.start, std::min(st.range.end, st.dataEnd)};
    st.arrows = arrows(st, visible);
    st.arrows.erase(std::remove_if(st.arrows.begin(), st.arrows.end(),
                                   [&](const CausalArrow& a) { return a.toTime > st.dataEnd; }),
                    st.arrows.end());
    st.emphasisThreads = m_emphasisThreads;
    st.emphasisObjects = m_emphasisObjects;
    st.linkedObject = m_linkedObject;
    st.shared = shared();
}

void TimelineOverlay::fillMenu(QMenu& menu, const Hit& hit, std::function<void()> showWait,
                               std::function<void(int)> link) {
    const Trace* trace = m_index.trace();
    if (!trace) return;
    if (hit.interval >= 0 &&
        m_index.arrowIntoWait(std::size_t(hit.thread), std::size_t(hit.interval)))
        menu.addAction(QObject::tr("Show &Who Ended This Wait"), showWait);
    // The object of the track, of the operation, or of the wait under the mouse.
    int object = hit.object;
    if (object < 0 && hit.interval >= 0)
        object = trace->interval(std::size_t(hit.thread), std::size_t(hit.interval)).object;
    if (object >= 0 && object != m_linkedObject)
        menu.addAction(QObject::tr("Show All &Hand-offs of “%1”")
                           .arg(QString::fromStdString(trace->object(std::size_t(object)).name)),
                       [link, object] { link(object); });
    if (m_linkedObject >= 0)
        menu.addAction(QObject::tr("Hide the &Hand-offs"), [link] { link(-1); });
}

} // namespace tl::ui
