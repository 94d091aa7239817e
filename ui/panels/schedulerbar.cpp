#include "panels/schedulerbar.h"

#include "session/runcontroller.h"
#include "session/schedulersession.h"
#include "session/session.h"
#include "timeline/timelineview.h"

#include <QAction>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QVBoxLayout>

namespace tl::ui {

namespace {
constexpr int kNumberKeys = 9; // 1..9: more threads than that are picked by a click
} // namespace

SchedulerBar::SchedulerBar(Session* session, SchedulerSession* scheduler, TimelineView* view,
                           QWidget* parent)
    : QFrame(parent), m_session(session), m_scheduler(scheduler), m_view(view) {
    setObjectName(QStringLiteral("schedulerBar"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    QPalette pal = palette();
    pal.setColor(QPalette::Window, pal.color(QPalette::AlternateBase));
    setPalette(pal);

    m_modeAction = new QAction(tr("Step as &Scheduler"), this);
    m_modeAction->setObjectName(QStringLiteral("stepAsScheduler"));
    m_modeAction->setCheckable(true);
    m_modeAction->setShortcut(QKeySequence(Qt::Key_F6));
    m_modeAction->setToolTip(tr("Be the scheduler: the run stops at every choice and you pick "
                                "which thread takes the next step (F6)"));
    connect(m_modeAction, &QAction::triggered, this,
            [this](bool on) { on ? (void)enter() : leave(); });

    // Shortcuts of the bar: live while it is shown, anywhere in the window (a text field keeps
    // its own digits and Ctrl+Z).
    m_undoAction = new QAction(tr("Step as Scheduler: Undo a Step"), this);
    m_undoAction->setObjectName(QStringLiteral("undoStep"));
    m_undoAction->setShortcut(QKeySequence::Undo);
    m_undoAction->setToolTip(tr("Take back the last step (Ctrl+Z)"));
    connect(m_undoAction, &QAction::triggered, m_scheduler, &SchedulerSession::undo);
    m_hintAction = new QAction(tr("Step as Scheduler: Hint"), this);
    m_hintAction->setObjectName(QStringLiteral("schedulerHint"));
    m_hintAction->setShortcut(QKeySequence(Qt::Key_H));
    m_hintAction->setToolTip(tr("Search the fewest steps to the goal from here and mark the "
                                "thread to let go next (H)"));
    connect(m_hintAction, &QAction::triggered, m_scheduler, &SchedulerSession::requestHint);
    m_leaveAction = new QAction(tr("Step as Scheduler: Leave"), this);
    m_leaveAction->setObjectName(QStringLiteral("leaveScheduler"));
    m_leaveAction->setShortcut(QKeySequence(Qt::Key_Escape));
    m_leaveAction->setToolTip(tr("Leave Step as Scheduler; the steps taken stay on the "
                                 "timeline (Esc)"));
    connect(m_leaveAction, &QAction::triggered, this, &SchedulerBar::leave);
    addActions({m_undoAction, m_hintAction, m_leaveAction});
    for (int n = 1; n <= kNumberKeys; ++n) {
        auto* a = new QAction(tr("Step as Scheduler: Let Choice %1 Go").arg(n), this);
        const auto key = Qt::Key(Qt::Key_0 + n);
        a->setShortcuts(
            {QKeySequence(key), QKeySequence(QKeyCombination(Qt::KeypadModifier, key))});
        connect(a, &QAction::triggered, this, [this, n] { stepNumber(n); });
        addAction(a);
        m_numberActions << a;
    }

    auto* title = new QLabel(tr("<b>Step as Scheduler</b>"), this);
    m_headline = new QLabel(this);
    m_headline->setObjectName(QStringLiteral("schedulerHeadline"));
    m_headline->setWordWrap(true);
    m_headline->setTextFormat(Qt::RichText);
    m_hintLine = new QLabel(this);
    m_hintLine->setObjectName(QStringLiteral("schedulerHintLine"));
    m_hintLine->setTextFormat(Qt::PlainText);
    QFont bold = m_hintLine->font();
    bold.setBold(true);
    m_hintLine->setFont(bold);
    m_goal = new QComboBox(this);
    m_goal->setObjectName(QStringLiteral("schedulerGoal"));
    m_goal->setToolTip(tr("What to aim for: the bar says when a step reaches it"));
    connect(m_goal, &QComboBox::activated, this,
            [this](int index) { m_scheduler->setGoal(index - 1); });
    auto* goalLabel = new QLabel(tr("&Goal:"), this);
    goalLabel->setBuddy(m_goal);
    m_hintButton = new QPushButton(tr("&Hint (H)"), this);
    m_hintButton->setObjectName(QStringLiteral("schedulerHintButton"));
    m_hintButton->setToolTip(m_hintAction->toolTip());
    connect(m_hintButton, &QPushButton::clicked, m_hintAction, &QAction::trigger);
    m_undoButton = new QPushButton(tr("&Undo (Ctrl+Z)"), this);
    m_undoButton->setToolTip(m_undoAction->toolTip());
    connect(m_undoButton, &QPushButton::clicked, m_undoAction, &QAction::trigger);
    auto* leaveButton = new QPushButton(tr("L&eave (Esc)"), this);
    leaveButton->setToolTip(m_leaveAction->toolTip());
    connect(leaveButton, &QPushButton::clicked, m_leaveAction, &QAction::trigger);

    // Where the run is and the goal on top; below, who can go next, the hint, undo, leave.
    m_headline->setMinimumWidth(240);
    m_goal->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    auto* top = new QHBoxLayout;
    top->addWidget(title);
    top->addSpacing(12);
    top->addWidget(m_headline, 1);
    top->addSpacing(12);
    top->addWidget(goalLabel);
    top->addWidget(m_goal);
    top->addWidget(m_hintButton);
    // The choices scroll sideways rather than widen the window: 16 workers are 16 buttons.
    auto* choices = new QWidget;
    m_choiceRow = new QHBoxLayout(choices);
    m_choiceRow->setContentsMargins(0, 0, 0, 0);
    m_choiceRow->addStretch(1);
    m_choiceScroll = new QScrollArea(this);
    m_choiceScroll->setFrameShape(QFrame::NoFrame);
    m_choiceScroll->setWidgetResizable(true);
    m_choiceScroll->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_choiceScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    m_choiceScroll->setWidget(choices);
    m_choiceScroll->setBackgroundRole(QPalette::Window);
    choices->setBackgroundRole(QPalette::Window);
    auto* bottom = new QHBoxLayout;
    bottom->addWidget(new QLabel(tr("Let go:"), this));
    bottom->addWidget(m_choiceScroll, 1);
    bottom->addSpacing(12);
    bottom->addWidget(m_undoButton);
    bottom->addWidget(leaveButton);
    auto* rows = new QVBoxLayout(this);
    rows->setContentsMargins(8, 6, 8, 6);
    rows->setSpacing(6);
    rows->addLayout(top);
    rows->addLayout(bottom);
    // The hint on a row of its own, shown only while there is one: beside the choices it
    // took their width and squeezed the buttons to a few letters.
    m_hintLine->setWordWrap(true);
    m_hintLine->hide();
    rows->addWidget(m_hintLine);
    hide();

    connect(m_scheduler, &SchedulerSession::stepped, this, &SchedulerBar::refresh);
    connect(m_scheduler, &SchedulerSession::hintChanged, this, &SchedulerBar::refresh);
    connect(m_scheduler, &SchedulerSession::goalChanged, this, [this](int goal) {
        m_goal->setCurrentIndex(goal + 1);
        refresh();
    });
    connect(m_scheduler, &SchedulerSession::activeChanged, this, [this](bool active) {
        m_modeAction->setChecked(active);
        setVisible(active);
        if (!active) m_view->setLaneMarks({});
    });
    connect(m_view, &TimelineView::laneMarkClicked, this, [this](int thread) {
        if (m_scheduler->isActive()) m_scheduler->step(thread);
    });
    // Something else on the timeline, another scenario, other values: the mode ends.
    connect(m_session, &Session::traceChanged, this, [this](std::shared_ptr<const Trace> t) {
        if (m_scheduler->isActive() && t != m_scheduler->trace()) leave();
    });
    connect(m_session, &Session::currentScenarioChanged, this, &SchedulerBar::leave);
    connect(m_session, &Session::valuesChanged, this, &SchedulerBar::leave);
    connect(m_session, &Session::runOptionsChanged, this, &SchedulerBar::leave);
}

bool SchedulerBar::enter() {
    const Scenario* s = m_session->currentScenario();
    QString error = m_session->scenarioError();
    if (error.isEmpty() && !m_session->valuesError().isEmpty()) error = m_session->valuesError();
    if (!s && error.isEmpty()) error = tr("no scenario is chosen");
    if (error.isEmpty()) {
        try {
            m_scheduler->start(compile(*s, m_session->values()), m_session->runOptions());
            refreshGoals();
            return true;
        } catch (const std::exception& e) {
            error = QString::fromStdString(e.what());
        }
    }
    m_modeAction->setChecked(false);
    m_session->tell(tr("Cannot step through the scenario: %1").arg(error), 8000);
    return false;
}

void SchedulerBar::leave() {
    if (m_scheduler->isActive()) {
        m_scheduler->stop();
        m_session->tell(tr("Left Step as Scheduler"), 4000);
    }
    m_modeAction->setChecked(false);
}

void SchedulerBar::refreshGoals() {
    m_goal->clear();
    m_goal->addItem(tr("none"));
    m_goal->addItems(m_scheduler->goalNames());
    m_goal->setCurrentIndex(m_scheduler->goal() + 1);
    m_goal->setEnabled(m_goal->count() > 1);
}

void SchedulerBar::fitChoices() {
    // As tall as a row of buttons, and a scroll bar when they do not fit.
    const int row = m_undoButton->sizeHint().height();
    const bool overflow = m_choiceScroll->widget()->sizeHint().width() > m_choiceScroll->width();
    m_choiceScroll->setFixedHeight(
        row + (overflow ? m_choiceScroll->horizontalScrollBar()->sizeHint().height() : 0));
}

void SchedulerBar::resizeEvent(QResizeEvent* event) {
    QFrame::resizeEvent(event);
    fitChoices();
}

void SchedulerBar::stepNumber(int number) {
    if (m_scheduler->isActive()) m_scheduler->stepChoice(number);
}

QString SchedulerBar::headline() const {
    return m_scheduler->headline();
}

QString SchedulerBar::hintLine() const {
    return m_scheduler->hintText();
}

void SchedulerBar::refresh() {
    if (!m_scheduler->isActive()) return;
    if (m_goal->count() != m_scheduler->goalNames().size() + 1) refreshGoals();
    const ExplorePoint& point = m_scheduler->point();
    const auto hint = m_scheduler->hint();
    const int hinted = hint && hint->found ? hint->thread : -1;
    // The buttons, one per thread that can go, numbered as their keys.
    for (QPushButton* b : m_choices)
        b->deleteLater();
    m_choices.clear();
    std::vector<LaneMark> marks;
    for (std::size_t i = 0; i < point.choices.size(); ++i) {
        const ExploreChoice& c = point.choices[i];
        const QString words = QString::fromStdString(c.words);
        const QString label = QStringLiteral("%1  %2").arg(i + 1).arg(words);
        auto* b = new QPushButton(
            i < std::size_t(kNumberKeys) ? QStringLiteral("&") + label : label, this);
        b->setObjectName(QStringLiteral("choice%1").arg(i + 1));
        b->setToolTip(tr("Let %1 take this step (%2, or click its lane)")
                          .arg(QString::fromStdString(
                              m_scheduler->program()->threads[std::size_t(c.thread)].info.name))
                          .arg(i + 1));
        if (c.thread == hinted) {
            QFont f = b->font();
            f.setBold(true);
            b->setFont(f);
        }
        const int thread = c.thread;
        connect(b, &QPushButton::clicked, this, [this, thread] { m_scheduler->step(thread); });
        m_choiceRow->insertWidget(m_choiceRow->count() - 1, b); // before the stretch
        m_choices << b;
        marks.push_back(LaneMark{c.thread, label, c.thread == hinted});
    }
    m_view->setLaneMarks(std::move(marks));
    fitChoices();
    // The headline: a goal reached stands out.
    const QString line = m_scheduler->headline().toHtmlEscaped();
    if (m_scheduler->goalReached()) {
        const int dot = line.indexOf(QLatin1Char('.'));
        // Green that keeps its contrast: dark on a light bar, light on a dark one.
        const bool dark = palette().color(QPalette::Window).lightness() < 128;
        m_headline->setText(QStringLiteral("<span style=\"color:%1\"><b>%2</b></span>%3")
                                .arg(dark ? QStringLiteral("#56d364") : QStringLiteral("#1a7f37"),
                                     line.left(dot + 1), line.mid(dot + 1)));
    } else {
        m_headline->setText(line);
    }
    m_hintLine->setText(m_scheduler->hintText());
    m_hintLine->setVisible(!m_hintLine->text().isEmpty());
    const bool ended = point.end != Outcome::Running;
    m_undoAction->setEnabled(m_scheduler->canUndo());
    m_undoButton->setEnabled(m_scheduler->canUndo());
    const bool canHint = m_scheduler->goal() >= 0 && !m_scheduler->hintRunning() && !ended;
    m_hintAction->setEnabled(canHint);
    m_hintButton->setEnabled(canHint);
}

} // namespace tl::ui
