#pragma once
// Run ▸ Step as Scheduler, apart from any widget: the user is the scheduler. The run stops at
// every choice (experiment/explore.h: who can go next, in words); the user lets one thread
// take one step, or takes a step back. The steps taken so far are a schedule, replayed on the
// simulated machine with the scenario's durations and stopped where it ends
// (RunOptions::stopAtScheduleEnd): an ordinary trace that grows by a step each time, saved
// and opened like any other, its schedule in it. Undo is the same replay one step shorter.
//
// A goal (one of the scenario's, Program::goals) can be set: stepping says when it is
// reached. A hint searches the fewest steps to it from here (pathToGoal) off the GUI thread,
// and names the thread to let go next.
#include "engine/engine.h"
#include "experiment/explore.h"
#include "scenario/scenario.h"

#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <QStringList>

#include <atomic>
#include <memory>
#include <optional>
#include <vector>

namespace tl::ui {

class SchedulerSession : public QObject {
    Q_OBJECT
public:
    // The hint search stops after this long; 20 s: every bundled scenario's small sizes take
    // well under a second.
    static constexpr double kHintTimeLimit = 20;
    static constexpr std::size_t kHintMaxStates = 1'000'000;

    explicit SchedulerSession(QObject* parent = nullptr);
    ~SchedulerSession() override; // a hint under way is cancelled and waited for

    // Starts stepping through the program from its beginning, timed as `options` say (seed,
    // cores). A GIL is left out of the choices (it forbids no order of the operations) and
    // kept in the timeline, where a thread held for its turn gives it back.
    void start(Program program, const RunOptions& options);
    // Ends the mode: forgets the program, cancels a hint.
    void stop();
    bool isActive() const { return m_program != nullptr; }

    const Program* program() const { return m_program.get(); }
    const std::vector<int>& schedule() const { return m_prefix; }
    const ExplorePoint& point() const { return m_point; }
    // The steps taken so far, replayed: null when not active.
    std::shared_ptr<const Trace> trace() const { return m_trace; }

    // Lets the thread take one step; false (and nothing changes) when it cannot go on.
    bool step(int thread);
    // The same by its number in point().choices, from 1.
    bool stepChoice(int number);
    bool canUndo() const { return !m_prefix.empty(); }
    bool undo();

    // The scenario's goals by name; the current one (an index into them, -1: none).
    QStringList goalNames() const;
    int goal() const { return m_goal; }
    void setGoal(int goal);
    // Whether the current goal holds after the steps taken so far.
    bool goalReached() const;

    // The fewest steps to the goal from here, searched in the background; hintChanged()
    // says when it is done (or cancelled by a step, an undo or another goal).
    struct Hint {
        bool found = false;     // a path exists (else: none within the search's reach)
        int thread = -1;        // who goes next on it
        int steps = 0;          // steps to the goal, this one included
        bool exhausted = false; // not found, and every state was searched: none exists
    };
    void requestHint();
    bool hintRunning() const { return m_hintRunning; }
    std::optional<Hint> hint() const { return m_hint; }

    // What the mode says now, in a line: the goal reached ("Goal reached: lose an update — in
    // 4 steps"), the end of the run ("The run completed: counter=1", "Deadlock: …"), or who
    // can go next.
    QString headline() const;
    // The hint in words: "Hint: let worker 2 go (3 more steps to the goal)"; empty for none.
    QString hintText() const;

signals:
    void activeChanged(bool active);
    // The steps changed (a step, an undo, the start): trace(), point() and the headline.
    void stepped();
    void goalChanged(int goal);
    void hintChanged();

private:
    void rebuild(); // the point and the trace for m_prefix
    void cancelHint();

    std::shared_ptr<const Program> m_program;
    RunOptions m_options;
    std::vector<int> m_prefix;
    ExplorePoint m_point;
    std::shared_ptr<const Trace> m_trace;
    int m_goal = -1;

    std::shared_ptr<std::atomic<bool>> m_hintCancel;
    struct Search {
        std::optional<std::vector<int>> path;
        bool exhausted = false;
    };
    QFutureWatcher<Search>* m_hintWatcher = nullptr;
    bool m_hintRunning = false;
    int m_hintGeneration = 0;
    std::optional<Hint> m_hint;
};

} // namespace tl::ui
