#include "timeline/zoomcontrol.h"

#include <QAction>
#include <QKeySequence>

#include <algorithm>
#include <cmath>

namespace tl::ui {

namespace {
// Narrower than this there is nothing left to see: the simulated clock ticks in ns.
constexpr Time kMinWidth = 100;
constexpr double kStep = 0.5; // one zoom step halves (or doubles) the visible width
} // namespace

ZoomControl::ZoomControl(QObject* parent) : QObject(parent) {
    m_zoomIn = new QAction(tr("Zoom &In"), this);
    // Ctrl+= is what the key says on most layouts; Ctrl++ is what QKeySequence::ZoomIn
    // maps to, so accept both.
    m_zoomIn->setShortcuts(
        {QKeySequence(Qt::CTRL | Qt::Key_Equal), QKeySequence(Qt::CTRL | Qt::Key_Plus)});
    m_zoomIn->setToolTip(tr("Zoom in around the centre (Ctrl+=, W)"));
    m_zoomIn->setIcon(QIcon::fromTheme(QStringLiteral("zoom-in")));
    connect(m_zoomIn, &QAction::triggered, this, &ZoomControl::zoomIn);

    m_zoomOut = new QAction(tr("Zoom &Out"), this);
    m_zoomOut->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Minus));
    m_zoomOut->setToolTip(tr("Zoom out around the centre (Ctrl+-, S)"));
    m_zoomOut->setIcon(QIcon::fromTheme(QStringLiteral("zoom-out")));
    connect(m_zoomOut, &QAction::triggered, this, &ZoomControl::zoomOut);

    m_fit = new QAction(tr("Zoom to &Fit"), this);
    m_fit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    m_fit->setToolTip(tr("Show the whole run (Ctrl+0)"));
    m_fit->setIcon(QIcon::fromTheme(QStringLiteral("zoom-fit-best")));
    connect(m_fit, &QAction::triggered, this, &ZoomControl::fit);

    m_follow = new QAction(tr("&Follow Newest"), this);
    m_follow->setShortcut(QKeySequence(Qt::Key_F));
    m_follow->setCheckable(true);
    m_follow->setToolTip(tr("Keep the newest events in view while a run grows (F)"));
    m_follow->setIcon(QIcon::fromTheme(QStringLiteral("go-last")));
    connect(m_follow, &QAction::toggled, this, &ZoomControl::setFollowing);
}

TimeRange ZoomControl::range() const {
    return m_range;
}
TimeRange ZoomControl::extent() const {
    return m_extent;
}
bool ZoomControl::following() const {
    return m_following;
}
bool ZoomControl::isZoomed() const {
    return m_range.start > m_extent.start || m_range.end < m_extent.end;
}
QAction* ZoomControl::zoomInAction() const {
    return m_zoomIn;
}
QAction* ZoomControl::zoomOutAction() const {
    return m_zoomOut;
}
QAction* ZoomControl::zoomFitAction() const {
    return m_fit;
}
QAction* ZoomControl::followAction() const {
    return m_follow;
}

TimeRange ZoomControl::clamped(TimeRange r) const {
    const Time extentWidth = std::max<Time>(m_extent.delta(), kMinWidth);
    Time width = std::clamp<Time>(r.delta(), kMinWidth, extentWidth);
    Time start = r.start;
    // Keep the range inside the extent; a range wider than a tiny extent starts at 0.
    start = std::min(start, m_extent.start + extentWidth - width);
    start = std::max(start, m_extent.start);
    return {start, start + width};
}

void ZoomControl::apply(TimeRange r) {
    r = clamped(r);
    if (r == m_range) return;
    m_range = r;
    emit rangeChanged(m_range);
}

void ZoomControl::holdRange(TimeRange range) {
    setFollowing(false);
    m_held = true;
    m_wantedWidth = std::max(range.delta(), kMinWidth);
    if (range.delta() < kMinWidth) range.end = range.start + kMinWidth;
    if (range == m_range) return;
    m_range = range; // as it is: the extent will grow towards it
    emit rangeChanged(m_range);
}

void ZoomControl::releaseHold() {
    if (!m_held) return;
    m_held = false;
    apply(m_range);
}

void ZoomControl::setExtent(TimeRange extent) {
    if (extent.end < extent.start) extent.end = extent.start;
    if (extent == m_extent) return;
    const TimeRange old = m_extent;
    m_extent = extent;
    if (m_held) {
        // The held range stays put until the trace has reached its end.
        if (m_extent.end >= m_range.end) releaseHold();
        return;
    }
    if (m_following) {
        // Keep the width the user chose, slide it so the newest time is at the right edge.
        // While the run is still shorter than that, show it from its start; the width
        // grows back as the run does.
        const Time width = followWidth();
        apply({m_extent.end - width, m_extent.end});
    } else {
        // A range that showed the whole old extent keeps showing the whole thing, so a
        // freshly loaded trace fits without a separate call.
        const bool wasFit = m_range.start <= old.start && m_range.end >= old.end;
        apply(wasFit ? m_extent : m_range);
    }
}

Time ZoomControl::followWidth() const {
    return m_wantedWidth > 0 ? m_wantedWidth : m_range.delta();
}

void ZoomControl::setRange(TimeRange range) {
    m_held = false;
    m_wantedWidth = std::max(range.delta(), kMinWidth);
    apply(range);
    // A range set from outside that no longer ends at the newest time ends following.
    if (m_following && m_range.end < m_extent.end) setFollowing(false);
}

void ZoomControl::zoomBy(double factor, Time anchor) {
    if (!(factor > 0)) return;
    m_held = false;
    const double width = double(m_range.delta());
    const double newWidth = std::max(double(kMinWidth), width * factor);
    // Keep the anchor at the same fraction of the view, so the point under the mouse stays
    // under the mouse.
    const double frac =
        width > 0 ? std::clamp(double(anchor - m_range.start) / width, 0.0, 1.0) : 0.5;
    const double start = double(anchor) - frac * newWidth;
    m_wantedWidth = Time(std::llround(newWidth));
    apply({Time(std::llround(start)), Time(std::llround(start + newWidth))});
    // Zooming somewhere before the newest time means the user wants to look there.
    if (m_following && m_range.end < m_extent.end) setFollowing(false);
}

void ZoomControl::panBy(Time delta) {
    if (delta == 0) return;
    m_held = false;
    const TimeRange before = m_range;
    apply({m_range.start + delta, m_range.end + delta});
    if (m_following && delta < 0 && m_range != before) setFollowing(false);
}

// While following, the keyboard zoom anchors at the newest time so following goes on.
Time ZoomControl::zoomAnchor() const {
    return m_following ? m_range.end : m_range.start + m_range.delta() / 2;
}

void ZoomControl::zoomIn() {
    zoomBy(kStep, zoomAnchor());
}

void ZoomControl::zoomOut() {
    zoomBy(1.0 / kStep, zoomAnchor());
}

void ZoomControl::fit() {
    m_held = false;
    m_wantedWidth = m_extent.delta();
    apply(m_extent);
}

void ZoomControl::setFollowing(bool on) {
    if (on == m_following) return;
    if (on) m_held = false;
    m_following = on;
    {
        // Keep the checkable action in step without re-entering this slot.
        const QSignalBlocker block(m_follow);
        m_follow->setChecked(on);
    }
    if (on) apply({m_extent.end - followWidth(), m_extent.end});
    emit followChanged(on);
}

} // namespace tl::ui
