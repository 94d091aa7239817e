// The timeline's input: tooltips, click to select, drag to pan, Shift+drag to select a range,
// the wheel and the keyboard (W/S/A/D as in the Perfetto UI), and the context menu.
#include "timeline/timelineviewimpl.h"

#include "common/statemeaning.h"

#include <QContextMenuEvent>
#include <QCoreApplication>
#include <QEvent>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QMenu>
#include <QMouseEvent>
#include <QToolTip>
#include <QWheelEvent>

#include <array>

namespace tl::ui {

using namespace timeline;

QRect TimelineView::legendRect() const {
    d->ensureLayout();
    return d->trace ? d->layout.legendRect.toAlignedRect() : QRect();
}

std::vector<std::pair<int, QRect>> TimelineView::legendEntries() const {
    d->ensureLayout();
    std::vector<std::pair<int, QRect>> entries;
    if (!d->trace) return entries;
    const QFontMetricsF small(d->layout.smallFont);
    for (const LegendEntry& e : d->layout.legend) {
        const QRectF r(
            QPointF(e.swatch.left(), e.swatch.top() - 3),
            QPointF(e.textPos.x() + small.horizontalAdvance(e.label), e.swatch.bottom() + 3));
        entries.emplace_back(e.state, r.toAlignedRect());
    }
    return entries;
}

bool TimelineView::event(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        // The legend says what each state means.
        for (const auto& [state, rect] : legendEntries()) {
            if (!rect.contains(help->pos())) continue;
            // Rich text, so that the tooltip wraps rather than runs across the screen.
            const QString name = state == LegendEntry::kSlices ? tr("named slices")
                                 : state < 0                   ? tr("operation")
                                                               : stateLabel(ThreadState(state));
            const QString meaning =
                state == LegendEntry::kSlices
                    ? tr("the program's own spans of work, nested by depth; each name has one "
                         "colour in every trace, so the same work looks the same everywhere")
                : state < 0 ? operationMeaning()
                            : stateMeaning(ThreadState(state));
            QToolTip::showText(
                help->globalPos(),
                QStringLiteral("<b>%1</b>: %2").arg(name.toHtmlEscaped(), meaning.toHtmlEscaped()),
                this);
            return true;
        }
        const Hit hit = d->hitAt(help->pos());
        QString text;
        if (d->trace && hit.instant >= 0) {
            text = instantTooltip(*d->trace, d->layout, hit);
        } else if (d->trace && hit.counter >= 0 && hit.inLanes && hit.time <= d->dataEnd()) {
            text = counterTooltip(*d->trace, hit.counter, hit.time);
        } else if (d->trace && hit.slice >= 0) {
            text = sliceTooltip(*d->trace, hit);
        } else if (d->trace && hit.operation >= 0) {
            text = operationTooltip(*d->trace, hit.object, hit.operation);
            // A lost update or a race says so, in words.
            if (const auto shared = d->overlay.shared())
                if (const QString more = QString::fromStdString(
                        sharedMarkText(*d->trace, *shared, hit.object, hit.operation));
                    !more.isEmpty())
                    text += QStringLiteral("<br><br><b>%1</b>")
                                .arg(more.toHtmlEscaped().replace('\n', QStringLiteral("<br>")));
        } else if (d->trace && hit.interval >= 0)
            text = intervalTooltip(*d->trace, hit.thread, hit.interval);
        else if (d->trace && hit.object >= 0 && hit.inLanes && hit.time <= d->dataEnd())
            text = trackTooltip(*d->trace, d->geometry.levels(), hit.object, hit.time);
        else if (d->trace && !hit.inLanes && hit.thread >= 0)
            text = laneTooltip(*d->trace, d->geometry.states(), hit.thread);
        else if (d->trace && !hit.inLanes && hit.object >= 0)
            text = objectTooltip(*d->trace, hit.object);
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), text, this);
        return true;
    }
    return QWidget::event(event);
}

void TimelineView::mousePressEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton || !d->trace) return QWidget::mousePressEvent(event);
    d->ensureLayout();
    d->pressPos = event->position();
    d->pressRange = d->zoom->range();
    d->pressScroll = d->scrollBar->value();
    if (event->modifiers() & Qt::ShiftModifier && d->overLanes(event->position())) {
        d->drag = Private::Drag::Select;
        d->selectAnchor = d->timeAtX(event->position().x());
        d->selection = TimeRange{d->selectAnchor, d->selectAnchor};
        update();
    } else {
        d->drag = Private::Drag::Pending;
    }
}

void TimelineView::mouseMoveEvent(QMouseEvent* event) {
    const QPointF pos = event->position();
    d->lastMouse = pos;
    switch (d->drag) {
    case Private::Drag::None: {
        const Hit hit = d->hitAt(pos);
        d->setHover(hit.row);
        // A wait under the mouse shows who ended it.
        if (d->overlay.setHover(hit.thread, hit.operation < 0 ? hit.interval : -1)) update();
        return;
    }
    case Private::Drag::Pending:
        if ((pos - d->pressPos).manhattanLength() < kDragThreshold) return;
        d->drag = Private::Drag::Pan;
        QWidget::setCursor(Qt::ClosedHandCursor);
        [[fallthrough]];
    case Private::Drag::Pan: {
        const double dx = pos.x() - d->pressPos.x();
        const Time shift = widthToDuration(dx, d->pressRange, d->layout.laneWidth);
        d->zoom->panBy(d->pressRange.start - shift - d->zoom->range().start);
        d->scrollBar->setValue(d->pressScroll - int(std::lround(pos.y() - d->pressPos.y())));
        return;
    }
    case Private::Drag::Select: {
        const Time t =
            std::clamp(d->timeAtX(pos.x()), d->zoom->range().start, d->zoom->range().end);
        d->selection = TimeRange{std::min(t, d->selectAnchor), std::max(t, d->selectAnchor)};
        update();
        return;
    }
    }
}

void TimelineView::mouseReleaseEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton) return QWidget::mouseReleaseEvent(event);
    const Private::Drag drag = d->drag;
    d->drag = Private::Drag::None;
    unsetCursor();
    if (drag == Private::Drag::Select) {
        if (d->selection && d->selection->delta() > 0)
            emit rangeSelected(*d->selection);
        else
            d->selection.reset();
        update();
        emit selectionChanged();
        return;
    }
    if (drag != Private::Drag::Pending) return;
    // A click on a marked lane is for whoever marked it.
    if (const int marked = d->markedLaneAt(event->position().y()); marked >= 0) {
        emit laneMarkClicked(marked);
        return;
    }
    // A click: the operation under the mouse, else the span, else nothing.
    const Hit hit = d->hitAt(event->position());
    d->selection.reset();
    if (hit.operation >= 0) {
        d->selectedObject = hit.object;
        d->selectedOperation = hit.operation;
        d->selectedThread = -1;
        d->selectedInterval = -1;
        emit operationClicked(hit.object, hit.operation);
    } else if (hit.interval >= 0) {
        d->selectedThread = hit.thread;
        d->selectedInterval = hit.interval;
        d->selectedObject = -1;
        d->selectedOperation = -1;
        emit intervalClicked(hit.thread, hit.interval);
    } else {
        d->selectedThread = d->selectedObject = -1;
        d->selectedInterval = d->selectedOperation = -1;
        // An object's track (or name) shows all its hand-offs; empty space none.
        setLinkedObject(hit.thread < 0 && hit.object >= 0 ? hit.object : -1);
    }
    update();
    emit selectionChanged();
}

void TimelineView::mouseDoubleClickEvent(QMouseEvent* event) {
    // Double-clicking a span zooms to it, with a little room either side.
    const Hit hit = d->hitAt(event->position());
    if (!d->trace || hit.interval < 0) return QWidget::mouseDoubleClickEvent(event);
    const TimeRange r =
        d->trace->interval(std::size_t(hit.thread), std::size_t(hit.interval)).range;
    const Time margin = std::max<Time>(r.delta() / 8, 50);
    d->zoom->setRange({r.start - margin, std::min(r.end, d->dataEnd()) + margin});
}

void TimelineView::leaveEvent(QEvent* event) {
    d->lastMouse = QPointF(-1, -1);
    d->setHover(-1);
    if (d->overlay.setHover(-1, -1)) update();
    QWidget::leaveEvent(event);
}

void TimelineView::wheelEvent(QWheelEvent* event) {
    if (!d->trace) return QWidget::wheelEvent(event);
    // Zooming here is working here: the keys follow (Qt does it for the window system's own
    // wheel events only).
    setFocus(Qt::MouseFocusReason);
    d->ensureLayout();
    const QPoint delta = event->angleDelta();
    const QPointF pos = event->position();
    // Over the names, or with Shift, the wheel scrolls the lanes; over the lanes it zooms
    // around the time under the mouse, and a sideways wheel (touchpads) pans.
    const bool scroll = (event->modifiers() & Qt::ShiftModifier) || !d->overLanes(pos);
    if (delta.x() != 0 && !(event->modifiers() & Qt::ShiftModifier)) {
        d->zoom->panBy(widthToDuration(-delta.x() / 120.0 * kKeyPan * d->layout.laneWidth,
                                       d->zoom->range(), d->layout.laneWidth));
    }
    if (delta.y() != 0) {
        if (scroll) {
            d->scrollBar->setValue(d->scrollBar->value() -
                                   int(std::lround(delta.y() / 120.0 * 3 * d->layout.laneHeight)));
        } else {
            const double factor = std::pow(0.85, delta.y() / 120.0);
            d->zoom->zoomBy(factor, d->timeAtX(pos.x()));
        }
    }
    event->accept();
}

namespace {

// The timeline's own keys, one table for keyPressEvent and for Help ▸ Keyboard Shortcuts.
enum class KeyCommand {
    ZoomIn,
    ZoomOut,
    PanBack,
    PanForward,
    Start,
    End,
    LaneUp,
    LaneDown,
    PageUp,
    PageDown,
    Clear,
};

struct KeyBinding {
    KeyCommand command;
    std::array<int, 2> keys; // 0: none
    const char* what;
};

constexpr KeyBinding kKeyBindings[] = {
    {KeyCommand::ZoomIn,
     {Qt::Key_W, 0},
     QT_TRANSLATE_NOOP("TimelineView", "Zoom in around the mouse (or the middle)")},
    {KeyCommand::ZoomOut, {Qt::Key_S, 0}, QT_TRANSLATE_NOOP("TimelineView", "Zoom out")},
    {KeyCommand::PanBack,
     {Qt::Key_A, Qt::Key_Left},
     QT_TRANSLATE_NOOP("TimelineView", "Move back in time by a tenth of the view")},
    {KeyCommand::PanForward,
     {Qt::Key_D, Qt::Key_Right},
     QT_TRANSLATE_NOOP("TimelineView", "Move forward in time by a tenth of the view")},
    {KeyCommand::Start,
     {Qt::Key_Home, 0},
     QT_TRANSLATE_NOOP("TimelineView", "Go to the start of the run, keeping the zoom")},
    {KeyCommand::End,
     {Qt::Key_End, 0},
     QT_TRANSLATE_NOOP("TimelineView", "Go to the end of the run, keeping the zoom")},
    {KeyCommand::LaneUp, {Qt::Key_Up, 0}, QT_TRANSLATE_NOOP("TimelineView", "Scroll up a lane")},
    {KeyCommand::LaneDown,
     {Qt::Key_Down, 0},
     QT_TRANSLATE_NOOP("TimelineView", "Scroll down a lane")},
    {KeyCommand::PageUp,
     {Qt::Key_PageUp, 0},
     QT_TRANSLATE_NOOP("TimelineView", "Scroll up a page of lanes")},
    {KeyCommand::PageDown,
     {Qt::Key_PageDown, 0},
     QT_TRANSLATE_NOOP("TimelineView", "Scroll down a page of lanes")},
    {KeyCommand::Clear,
     {Qt::Key_Escape, 0},
     QT_TRANSLATE_NOOP("TimelineView", "Clear the selection and the hand-off arrows")},
};

} // namespace

QList<std::pair<QKeySequence, QString>> TimelineView::keyHelp() {
    QList<std::pair<QKeySequence, QString>> help;
    for (const KeyBinding& b : kKeyBindings) {
        const QString what = QCoreApplication::translate("TimelineView", b.what);
        for (const int key : b.keys)
            if (key != 0) help.push_back({QKeySequence(key), what});
    }
    return help;
}

void TimelineView::keyPressEvent(QKeyEvent* event) {
    if (!d->trace) return QWidget::keyPressEvent(event);
    const auto binding = std::find_if(
        std::begin(kKeyBindings), std::end(kKeyBindings), [event](const KeyBinding& b) {
            return b.keys[0] == event->key() || b.keys[1] == event->key();
        });
    if (binding == std::end(kKeyBindings)) return QWidget::keyPressEvent(event);
    d->ensureLayout();
    const TimeRange r = d->zoom->range();
    // W/S zoom around the mouse when it is over the lanes, as in the Perfetto UI.
    const Time anchor =
        d->overLanes(d->lastMouse) ? d->timeAtX(d->lastMouse.x()) : r.start + r.delta() / 2;
    switch (binding->command) {
    case KeyCommand::ZoomIn:
        d->zoom->zoomBy(kKeyZoom, anchor);
        break;
    case KeyCommand::ZoomOut:
        d->zoom->zoomBy(1 / kKeyZoom, anchor);
        break;
    case KeyCommand::PanBack:
        d->zoom->panBy(-Time(double(r.delta()) * kKeyPan));
        break;
    case KeyCommand::PanForward:
        d->zoom->panBy(Time(double(r.delta()) * kKeyPan));
        break;
    case KeyCommand::Start:
        d->zoom->panBy(d->zoom->extent().start - r.start);
        break;
    case KeyCommand::End:
        d->zoom->panBy(d->zoom->extent().end - r.end);
        break;
    case KeyCommand::LaneUp:
        d->scrollBar->triggerAction(QAbstractSlider::SliderSingleStepSub);
        break;
    case KeyCommand::LaneDown:
        d->scrollBar->triggerAction(QAbstractSlider::SliderSingleStepAdd);
        break;
    case KeyCommand::PageUp:
        d->scrollBar->triggerAction(QAbstractSlider::SliderPageStepSub);
        break;
    case KeyCommand::PageDown:
        d->scrollBar->triggerAction(QAbstractSlider::SliderPageStepAdd);
        break;
    case KeyCommand::Clear:
        clearSelection();
        setLinkedObject(-1);
        break;
    }
    event->accept();
}

void TimelineView::contextMenuEvent(QContextMenuEvent* event) {
    const Hit hit = d->hitAt(event->pos());
    QMenu menu(this);
    if (d->trace && hit.row >= 0)
        d->overlay.fillMenu(
            menu, hit,
            [this, hit] {
                selectInterval(hit.thread, hit.interval);
                emit intervalClicked(hit.thread, hit.interval);
            },
            [this](int object) { setLinkedObject(object); });
    if (menu.isEmpty()) return QWidget::contextMenuEvent(event);
    menu.exec(event->globalPos());
}

} // namespace tl::ui
