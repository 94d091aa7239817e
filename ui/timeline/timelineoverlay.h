#pragma once
// What the timeline explains over its spans, apart from the widget: the causality arrows of
// the selected and the hovered wait (and of a selected operation), all hand-offs of one
// chosen object, and the threads and objects of a deadlock to call out. The widget tells it
// what is hovered and selected and copies its answer into the PaintState of each frame.
#include "timeline/causalarrows.h"
#include "timeline/timelinepainter.h"

#include <functional>
#include <optional>
#include <vector>

class QMenu;

namespace tl::ui {

struct Hit;

class TimelineOverlay {
public:
    void setTrace(std::shared_ptr<const Trace> trace); // forgets everything
    // Links computed in the background came in: the hovered wait may have its arrow now.
    void linksArrived();
    // The span under the mouse (-1: none). True when the picture changes.
    bool setHover(int thread, long interval);
    std::optional<CausalArrow> hoverArrow() const { return m_hoverArrow; }

    // The object whose hand-offs are all drawn; -1 for none.
    void setLinkedObject(int object) { m_linkedObject = object; }
    int linkedObject() const { return m_linkedObject; }

    void setEmphasis(std::vector<int> threads, std::vector<int> objects);
    const std::vector<int>& emphasisThreads() const { return m_emphasisThreads; }
    const std::vector<int>& emphasisObjects() const { return m_emphasisObjects; }

    // The arrows of a frame showing `visible`: the selection's first, then the hovered
    // wait's, then the linked object's, kMaxArrows at most.
    std::vector<CausalArrow> arrows(const PaintState& selection, TimeRange visible);
    // Fills the overlay fields of a frame's PaintState (selection fields already set).
    void fill(PaintState& st);

    CausalityIndex& causality() { return m_index; }
    // The trace's lost updates and races, found once it has finished (null until then, and
    // for a trace without variables).
    std::shared_ptr<const SharedMarks> shared();

    // The timeline's context menu over a hit: show who ended the wait under the mouse, show
    // or hide all hand-offs of its object.
    void fillMenu(QMenu& menu, const Hit& hit, std::function<void()> showWait,
                  std::function<void(int)> link);

private:
    std::optional<CausalArrow> arrowIntoOperation(int object, long index);

    CausalityIndex m_index;
    int m_hoverThread = -1;
    long m_hoverInterval = -1;
    std::optional<CausalArrow> m_hoverArrow;
    // The selected operation's arrow, remembered: finding it may walk the object's links.
    std::pair<int, long> m_opKey{-1, -1};
    std::optional<CausalArrow> m_opArrow;
    int m_linkedObject = -1;
    std::vector<int> m_emphasisThreads;
    std::vector<int> m_emphasisObjects;
    std::shared_ptr<const SharedMarks> m_shared;
    bool m_sharedFound = false;
};

} // namespace tl::ui
