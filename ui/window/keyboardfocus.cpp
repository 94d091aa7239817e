#include "window/keyboardfocus.h"

#include <QAbstractScrollArea>
#include <QApplication>
#include <QKeyEvent>
#include <QWidget>

namespace tl::ui {

KeyboardFocus::KeyboardFocus(QAbstractScrollArea* list, QWidget* timeline, QObject* parent)
    : QObject(parent), m_list(list), m_timeline(timeline) {
    list->installEventFilter(this);
    list->viewport()->installEventFilter(this); // where the mouse lands on the items
}

void KeyboardFocus::runStarted() {
    if (!m_list || !m_timeline || m_browsing) return;
    const QWidget* focus = QApplication::focusWidget();
    if (focus && (focus == m_list || m_list->isAncestorOf(focus)))
        m_timeline->setFocus(Qt::OtherFocusReason);
}

bool KeyboardFocus::eventFilter(QObject* watched, QEvent* event) {
    switch (event->type()) {
    case QEvent::KeyPress: {
        // Enter asks for a run of the chosen scenario: the timeline may take the keys then.
        const int key = static_cast<QKeyEvent*>(event)->key();
        m_browsing = key != Qt::Key_Return && key != Qt::Key_Enter;
        break;
    }
    case QEvent::MouseButtonPress:
    case QEvent::MouseButtonDblClick:
        m_browsing = false;
        break;
    default:
        break;
    }
    return QObject::eventFilter(watched, event);
}

} // namespace tl::ui
