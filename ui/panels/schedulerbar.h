#pragma once
// The bar above the timeline in Run ▸ Step as Scheduler (session/schedulersession.h holds the
// mode's state). It shows who can go next as buttons ("1  worker 1: read counter") and marks
// their lanes on the timeline with the same words (TimelineView::setLaneMarks); a button, a
// click on a marked lane or the number key lets that thread take one step. Ctrl+Z undoes a
// step; the goal is picked here, H asks for a hint, Esc leaves. The headline says where the
// run is: the goal reached, the run's end, or whose turn it is.
//
// It is handed the Session (the current scenario, its values and run options, to start the
// mode with; a new trace on show, a new scenario or new values end it), the mode's state and
// the timeline it marks.
#include <QFrame>
#include <QList>

class QAction;
class QComboBox;
class QHBoxLayout;
class QLabel;
class QPushButton;
class QScrollArea;

namespace tl::ui {

class SchedulerSession;
class Session;
class TimelineView;

class SchedulerBar : public QFrame {
    Q_OBJECT
public:
    SchedulerBar(Session* session, SchedulerSession* scheduler, TimelineView* view,
                 QWidget* parent = nullptr);

    // Run ▸ Step as Scheduler: checkable, F6; checked starts the mode with the current
    // scenario and values, unchecked leaves it.
    QAction* modeAction() const { return m_modeAction; }
    QAction* undoAction() const { return m_undoAction; }
    QAction* hintAction() const { return m_hintAction; }
    QAction* leaveAction() const { return m_leaveAction; }
    QComboBox* goalBox() const { return m_goal; }
    // The buttons of the threads that can go next, in the order of their numbers.
    QList<QPushButton*> choiceButtons() const { return m_choices; }
    QString headline() const;
    QString hintLine() const;

    // Starts the mode; false (and a message through the session) when the scenario cannot
    // be stepped through.
    bool enter();
    void leave();

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void fitChoices();
    void refresh();      // the buttons, the marks, the lines: after a step or a hint
    void refreshGoals(); // the goal box, for a new program
    void stepNumber(int number);

    Session* m_session;
    SchedulerSession* m_scheduler;
    TimelineView* m_view;
    QAction* m_modeAction = nullptr;
    QAction* m_undoAction = nullptr;
    QAction* m_hintAction = nullptr;
    QAction* m_leaveAction = nullptr;
    QList<QAction*> m_numberActions;
    QLabel* m_headline = nullptr;
    QLabel* m_hintLine = nullptr;
    QComboBox* m_goal = nullptr;
    QPushButton* m_hintButton = nullptr;
    QPushButton* m_undoButton = nullptr;
    QHBoxLayout* m_choiceRow = nullptr;
    QScrollArea* m_choiceScroll = nullptr;
    QList<QPushButton*> m_choices;
};

} // namespace tl::ui
