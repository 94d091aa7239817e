#pragma once
// Zoom and scroll state, apart from any widget: the visible time range within the trace's
// extent, the zoom actions, and follow mode (keep the newest time in view).
#include "model/event.h"

#include <QObject>

class QAction;

namespace tl::ui {

class ZoomControl : public QObject {
    Q_OBJECT
public:
    explicit ZoomControl(QObject* parent = nullptr);

    TimeRange range() const;
    TimeRange extent() const; // [0, end of the trace]
    bool following() const;
    // The range shows less than the whole extent: the user has zoomed or panned.
    bool isZoomed() const;
    // A range to keep while a new trace grows towards it (a re-run of the scenario the user
    // had zoomed into): it is not clamped to the little recorded so far, and the lanes fill
    // in under it. Any zoom, pan or fit by the user ends the hold, and so does the trace
    // reaching the range's end.
    void holdRange(tl::TimeRange range);
    bool isHolding() const { return m_held; }
    // The trace is complete: a range still held is clamped to it (a run shorter than before).
    void releaseHold();

    QAction* zoomInAction() const;  // Ctrl+=
    QAction* zoomOutAction() const; // Ctrl+-
    QAction* zoomFitAction() const; // Ctrl+0
    QAction* followAction() const;  // F, checkable

public slots:
    void setExtent(tl::TimeRange extent);        // follow mode moves the range with the end
    void setRange(tl::TimeRange range);          // clamped to the extent; min width 100 ns
    void zoomBy(double factor, tl::Time anchor); // factor < 1 zooms in around anchor
    void panBy(tl::Time delta);
    void zoomIn();
    void zoomOut();
    void fit();
    void setFollowing(bool on);

signals:
    void rangeChanged(tl::TimeRange range);
    void followChanged(bool following);

private:
    TimeRange clamped(TimeRange r) const;
    void apply(TimeRange r); // clamps, stores, emits rangeChanged when it really changed
    Time zoomAnchor() const;
    Time followWidth() const;

    TimeRange m_range{0, 1};
    TimeRange m_extent{0, 1};
    bool m_following = false;
    // The width the user last asked for: a range clamped by a short extent (a live run that
    // has just begun) grows back to it as the extent grows.
    Time m_wantedWidth = 0;
    bool m_held = false; // holdRange: m_range stays as it is while the extent grows
    QAction* m_zoomIn = nullptr;
    QAction* m_zoomOut = nullptr;
    QAction* m_fit = nullptr;
    QAction* m_follow = nullptr;
};

} // namespace tl::ui
