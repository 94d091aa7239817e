#pragma once
// Causality on the timeline: an arrow from the operation that ended a wait (an unlock, the
// put of the item a consumer got, a release, the last arrival at a barrier, a notify or set)
// on its thread's lane, to the end of the waiter's span. The links come from the core
// (objectLinks); this unit caches them per object, picks the ones to draw, and turns them
// into widget coordinates with a pure function the painter and the tests share.
#include "analysis/causality.h"
#include "timeline/causalarrow.h"
#include "timeline/timelinelayout.h"

#include <QPointF>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

class QObject;

namespace tl::ui {

// Remembers each object's links (computing them costs a pass over the object's stream) and
// answers the timeline's questions cheaply. Links of a stream that grew are recomputed; a
// long stream's are computed off the GUI thread (meanwhile it has none) and the ready
// handler says when they arrive, so hovering a wait never freezes the window.
class CausalityIndex {
public:
    CausalityIndex();
    ~CausalityIndex();
    CausalityIndex(const CausalityIndex&) = delete;
    CausalityIndex& operator=(const CausalityIndex&) = delete;

    void reset(std::shared_ptr<const Trace> trace);
    const Trace* trace() const { return m_trace.get(); }
    // Called on the context's thread when links made in the background are in.
    void setReadyHandler(QObject* context, std::function<void()> ready);
    // Streams with more operations than this are linked in the background.
    void setSyncLimit(std::size_t operations) { m_syncLimit = operations; }
    bool computing() const;

    const std::vector<Link>& links(std::size_t object);
    // The arrow into a blocked or waiting interval; none when nothing recorded ended it (a
    // timeout, the end of the run) or the interval is no wait.
    std::optional<CausalArrow> arrowIntoWait(std::size_t thread, std::size_t interval);
    // An object's hand-offs whose wait ended within `visible`, at most `cap` of them spread
    // evenly over the range (a dense run has more than a picture can show).
    std::vector<CausalArrow> arrowsOfObject(std::size_t object, TimeRange visible, std::size_t cap);
    CausalArrow arrowOf(const Link& link) const;

private:
    void ensureSlots(std::size_t object);
    void computeInBackground(std::size_t object, std::size_t count);

    std::shared_ptr<const Trace> m_trace;
    std::vector<std::vector<Link>> m_links;
    std::vector<std::size_t> m_counted;   // stream size the links were computed for, +1
    std::vector<std::size_t> m_computing; // stream size being linked in the background, +1
    std::size_t m_syncLimit = 400'000;
    int m_generation = 0;
    QObject* m_context = nullptr;
    std::function<void()> m_ready;
    // Background results check this is still alive before they touch the index.
    std::shared_ptr<CausalityIndex*> m_self;
};

// How many arrows a frame draws at most: each is a curve and a head, and more than this
// turns into a thicket no one can follow.
inline constexpr std::size_t kMaxArrows = 160;

// One arrow in widget coordinates: from the enabling operation to the end of the wait.
struct ArrowLine {
    QPointF from;
    QPointF to;
    int object = -1;
};

// The arrows of the list that can be seen in a view: each end sits at its time on its
// thread's lane (vertically centred); arrows between threads without lanes, or wholly left
// or right of the visible range, or wholly above or below the body, are left out.
std::vector<ArrowLine> arrowLines(const TimelineLayout& layout, TimeRange range, double scrollY,
                                  double viewportHeight, const std::vector<CausalArrow>& arrows);

} // namespace tl::ui
