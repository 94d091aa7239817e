#include "panels/dockscrollarea.h"

#include <QEvent>
#include <QScrollBar>
#include <QStyle>

namespace tl::ui {

DockScrollArea::DockScrollArea(QWidget* content, QWidget* parent) : QScrollArea(parent) {
    setWidget(content);
    setWidgetResizable(true);
    setFrameShape(QFrame::NoFrame);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    content->installEventFilter(this);
}

int DockScrollArea::chromeWidth() const {
    return 2 * frameWidth() + verticalScrollBar()->sizeHint().width();
}

QSize DockScrollArea::sizeHint() const {
    const QWidget* content = widget();
    if (!content) return QScrollArea::sizeHint();
    const QSize hint = content->sizeHint();
    return {hint.width() + chromeWidth(), hint.height() + 2 * frameWidth()};
}

QSize DockScrollArea::minimumSizeHint() const {
    const QWidget* content = widget();
    if (!content) return QScrollArea::minimumSizeHint();
    // As short as a few lines: the rest scrolls.
    const int lines = 4 * fontMetrics().height();
    return {content->minimumSizeHint().width() + chromeWidth(),
            std::min(content->minimumSizeHint().height(), lines) + 2 * frameWidth()};
}

bool DockScrollArea::eventFilter(QObject* watched, QEvent* event) {
    // The form's layout changed (rows rebuilt, fonts polished): the dock asks again.
    if (watched == widget() && event->type() == QEvent::LayoutRequest) updateGeometry();
    return QScrollArea::eventFilter(watched, event);
}

} // namespace tl::ui
