#pragma once
// How the main window shares its width between the timeline and the side docks (Scenarios,
// Parameters). Qt gives a growing window's extra width to the central widget only, and takes
// a shrinking window's width from the docks once the centre is at its minimum: after the
// window was narrowed and widened again the docks stayed squeezed. Here each side dock has a
// width it wants - what its content asks for, or what the user dragged it to - and gets it
// back whenever the window has room. When it has not, the timeline gives up its width first,
// down to its minimum; then each dock keeps the width it needs to be read, and what is left
// goes towards the widths they want.
#include <QObject>
#include <QPointer>
#include <QSize>

#include <vector>

class QDockWidget;
class QMainWindow;

namespace tl::ui {

class DockLayout : public QObject {
    Q_OBJECT
public:
    explicit DockLayout(QMainWindow* window);

    // A dock to look after while it sits in the left or right dock area. It is given
    // `readableWidth` (when more than its minimum) before any dock gets more.
    void addSideDock(QDockWidget* dock, int readableWidth = 0);
    // The width the dock wants now: the user's, else its content's (its size hint).
    int wantedWidth(const QDockWidget* dock) const;
    // The window's state came from the settings: at the first show, a dock keeps its restored
    // width when that is at least what its content asks for.
    void setRestored(bool restored) { m_restored = restored; }

    // The size of the window at its first launch on a screen with this much free room: a
    // comfortable 1400x900, or the whole of a smaller screen (a laptop's 1366x768 has no
    // width to spare for a margin around the window).
    static QSize firstLaunchSize(const QSize& available);

    // The central widget: a column (timeline, and the banner, narration and replay bar
    // around it) whose word-wrapped parts grow taller as it gets narrower. Qt's main window
    // ignores that (height for width) and would lay the parts over one another; here the
    // column's minimum height follows its width.
    void setCentral(QWidget* central);

public slots:
    // Gives the docks their widths now (the window does it after every resize by itself).
    void settle();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    struct Side {
        QPointer<QDockWidget> dock;
        int readable = 0;   // below this its content is hard to read
        int userWidth = 0;  // 0: none chosen, the content decides
        int pressWidth = 0; // its width when a drag began
    };
    void scheduleSettle();
    void takeUserWidths();
    bool placed(const QDockWidget* dock) const;
    void fitCentralHeight();

    QMainWindow* m_window;
    std::vector<Side> m_sides;
    QPointer<QWidget> m_central;
    bool m_restored = false;
    bool m_shown = false;
    bool m_pending = false;
    bool m_dragging = false; // a mouse button went down on the window itself
};

} // namespace tl::ui
