#include "window/docklayout.h"

#include <QDockWidget>
#include <QEvent>
#include <QLayout>
#include <QMainWindow>

#include <algorithm>

namespace tl::ui {

DockLayout::DockLayout(QMainWindow* window) : QObject(window), m_window(window) {
    // Resizes and separator drags of the window itself.
    window->installEventFilter(this);
}

QSize DockLayout::firstLaunchSize(const QSize& available) {
    const QSize comfortable(1400, 900);
    return available.isValid() ? comfortable.boundedTo(available) : comfortable;
}

void DockLayout::addSideDock(QDockWidget* dock, int readableWidth) {
    m_sides.push_back({dock, readableWidth, 0, 0});
    // A content that asks for another width (a new scenario's form), a dock moved, floated,
    // shown or hidden: the widths are shared out again.
    dock->installEventFilter(this);
    connect(dock, &QDockWidget::dockLocationChanged, this, &DockLayout::scheduleSettle);
    connect(dock, &QDockWidget::topLevelChanged, this, &DockLayout::scheduleSettle);
    connect(dock, &QDockWidget::visibilityChanged, this, &DockLayout::scheduleSettle);
}

void DockLayout::setCentral(QWidget* central) {
    m_central = central;
    central->installEventFilter(this);
}

void DockLayout::fitCentralHeight() {
    const QLayout* layout = m_central ? m_central->layout() : nullptr;
    if (!layout) return;
    const int width = m_central->width();
    const QMargins margins = layout->contentsMargins();
    int height = margins.top() + margins.bottom();
    int shown = 0;
    for (int i = 0; i < layout->count(); ++i) {
        QLayoutItem* item = layout->itemAt(i);
        if (item->isEmpty()) continue; // a hidden widget
        height += item->hasHeightForWidth()
                      ? std::max(item->heightForWidth(width), item->minimumSize().height())
                      : item->minimumSize().height();
        ++shown;
    }
    height += std::max(0, shown - 1) * std::max(0, layout->spacing());
    if (height != m_central->minimumHeight()) m_central->setMinimumHeight(height);
}

bool DockLayout::placed(const QDockWidget* dock) const {
    if (!dock || dock->isFloating() || !dock->isVisible()) return false;
    const Qt::DockWidgetArea area = m_window->dockWidgetArea(const_cast<QDockWidget*>(dock));
    return area == Qt::LeftDockWidgetArea || area == Qt::RightDockWidgetArea;
}

int DockLayout::wantedWidth(const QDockWidget* dock) const {
    for (const Side& s : m_sides)
        if (s.dock == dock && s.userWidth > 0) return s.userWidth;
    return dock ? dock->sizeHint().width() : 0;
}

void DockLayout::scheduleSettle() {
    if (m_pending) return;
    m_pending = true;
    // After Qt's own layout of the new size: the widths it gave are the starting point.
    QMetaObject::invokeMethod(this, &DockLayout::settle, Qt::QueuedConnection);
}

void DockLayout::settle() {
    m_pending = false;
    if (!m_window->isVisible() || m_dragging) return;
    if (!m_shown) {
        m_shown = true;
        // A restored layout keeps the widths the user left, unless they are too narrow for
        // the content (an older version squeezed the Scenarios dock to 70 px).
        if (m_restored)
            for (Side& s : m_sides)
                if (placed(s.dock) && s.dock->width() >= s.dock->sizeHint().width())
                    s.userWidth = s.dock->width();
    }

    // One column per side: docks stacked in one area share its width.
    struct Column {
        QDockWidget* dock = nullptr;
        int current = 0, floor = 0, readable = 0, wanted = 0;
    };
    std::vector<Column> columns;
    for (const Qt::DockWidgetArea area : {Qt::LeftDockWidgetArea, Qt::RightDockWidgetArea}) {
        Column c;
        for (const Side& s : m_sides) {
            if (!placed(s.dock) || m_window->dockWidgetArea(s.dock) != area) continue;
            if (!c.dock) c.dock = s.dock, c.current = s.dock->width();
            c.floor =
                std::max({c.floor, s.dock->minimumSizeHint().width(), s.dock->minimumWidth()});
            c.readable = std::max(c.readable, s.readable);
            c.wanted = std::max(c.wanted, wantedWidth(s.dock));
        }
        if (!c.dock) continue;
        c.readable = std::clamp(c.readable, c.floor, std::max(c.wanted, c.floor));
        c.wanted = std::max(c.wanted, c.floor);
        columns.push_back(c);
    }
    if (columns.empty()) return;

    // Beyond their minimums the docks may have what the window has beyond its own: the
    // timeline (and the events under it) then sits at its minimum width. That is shared out
    // in two rounds: up to the readable widths, then up to the wanted ones; within a round in
    // proportion to what each asks.
    int extra = std::max(0, m_window->width() - m_window->minimumSizeHint().width());
    std::vector<int> widths(columns.size());
    for (std::size_t i = 0; i < columns.size(); ++i)
        widths[i] = columns[i].floor;
    for (const int Column::*goal : {&Column::readable, &Column::wanted}) {
        int asked = 0;
        for (std::size_t i = 0; i < columns.size(); ++i)
            asked += columns[i].*goal - widths[i];
        if (asked <= 0) continue;
        const int given = std::min(asked, extra);
        for (std::size_t i = 0; i < columns.size(); ++i)
            widths[i] += int(qint64(columns[i].*goal - widths[i]) * given / asked);
        extra -= given;
    }
    QList<QDockWidget*> docks;
    bool change = false;
    for (std::size_t i = 0; i < columns.size(); ++i) {
        docks << columns[i].dock;
        change = change || std::abs(widths[i] - columns[i].current) > 1;
    }
    if (change)
        m_window->resizeDocks(docks, QList<int>(widths.begin(), widths.end()), Qt::Horizontal);
}

void DockLayout::takeUserWidths() {
    // Only the docks whose width the drag changed: the others keep their own wish, or their
    // content's.
    for (Side& s : m_sides)
        if (placed(s.dock) && s.pressWidth != s.dock->width()) s.userWidth = s.dock->width();
}

bool DockLayout::eventFilter(QObject* watched, QEvent* event) {
    if (watched == m_window) {
        switch (event->type()) {
        case QEvent::Show:
        case QEvent::Resize:
            scheduleSettle();
            break;
        case QEvent::MouseButtonPress:
            // A press on the window itself, not on a child: perhaps a separator between
            // docks. Until the release the user decides the widths.
            m_dragging = true;
            for (Side& s : m_sides)
                s.pressWidth = s.dock ? s.dock->width() : 0;
            break;
        case QEvent::MouseButtonRelease:
            if (!m_dragging) break;
            m_dragging = false;
            // The window moves its separators on a zero timer: read the widths after it.
            QMetaObject::invokeMethod(this, &DockLayout::takeUserWidths, Qt::QueuedConnection);
            break;
        default:
            break;
        }
    } else if (watched == m_central) {
        if (event->type() == QEvent::Resize || event->type() == QEvent::LayoutRequest)
            fitCentralHeight();
    } else if (event->type() == QEvent::LayoutRequest) {
        scheduleSettle();
    }
    return QObject::eventFilter(watched, event);
}

} // namespace tl::ui
