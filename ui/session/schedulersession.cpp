#include "session/schedulersession.h"

#include <QtConcurrent>

#include <stdexcept>

namespace tl::ui {

SchedulerSession::SchedulerSession(QObject* parent) : QObject(parent) {}

SchedulerSession::~SchedulerSession() {
    cancelHint();
}

void SchedulerSession::start(Program program, const RunOptions& options) {
    cancelHint();
    m_program = std::make_shared<const Program>(std::move(program));
    m_options = options;
    m_options.engine = EngineKind::Simulated;
    m_options.stopAtScheduleEnd = true;
    m_prefix.clear();
    m_goal = m_program->goals.empty() ? -1 : 0;
    rebuild();
    emit activeChanged(true);
    emit goalChanged(m_goal);
    emit stepped();
}

void SchedulerSession::stop() {
    if (!m_program) return;
    cancelHint();
    m_program.reset();
    m_prefix.clear();
    m_point = {};
    m_trace.reset();
    m_goal = -1;
    emit activeChanged(false);
}

void SchedulerSession::rebuild() {
    m_point = explorePoint(*m_program, m_prefix);
    m_options.schedule = m_prefix;
    m_trace = replay(*m_program, m_prefix, m_options);
}

bool SchedulerSession::step(int thread) {
    if (!m_program) return false;
    bool can = false;
    for (const ExploreChoice& c : m_point.choices)
        can = can || c.thread == thread;
    if (!can) return false;
    cancelHint();
    m_prefix.push_back(thread);
    rebuild();
    emit stepped();
    return true;
}

bool SchedulerSession::stepChoice(int number) {
    if (number < 1 || std::size_t(number) > m_point.choices.size()) return false;
    return step(m_point.choices[std::size_t(number - 1)].thread);
}

bool SchedulerSession::undo() {
    if (!m_program || m_prefix.empty()) return false;
    cancelHint();
    m_prefix.pop_back();
    rebuild();
    emit stepped();
    return true;
}

QStringList SchedulerSession::goalNames() const {
    QStringList names;
    if (m_program)
        for (const CompiledGoal& g : m_program->goals)
            names << QString::fromStdString(g.name);
    return names;
}

void SchedulerSession::setGoal(int goal) {
    if (!m_program || goal < -1 || goal >= int(m_program->goals.size())) goal = -1;
    if (goal == m_goal) return;
    cancelHint();
    m_goal = goal;
    emit goalChanged(goal);
}

bool SchedulerSession::goalReached() const {
    return m_goal >= 0 && std::find(m_point.goalsReached.begin(), m_point.goalsReached.end(),
                                    m_goal) != m_point.goalsReached.end();
}

QString SchedulerSession::headline() const {
    if (!m_program) return {};
    const auto steps = [](std::size_t n) { return n == 1 ? tr("1 step") : tr("%1 steps").arg(n); };
    QString goal;
    if (goalReached())
        goal = tr("Goal reached: %1 — in %2.")
                   .arg(QString::fromStdString(m_program->goals[std::size_t(m_goal)].name),
                        steps(m_prefix.size()));
    QString where;
    switch (m_point.end) {
    case Outcome::Running:
        where = m_prefix.empty()
                    ? tr("Pick the thread that goes first: click its lane or press its number.")
                    : tr("%1 taken; pick who goes next.").arg(steps(m_prefix.size()));
        break;
    case Outcome::Completed:
        where = tr("The run completed after %1: %2.")
                    .arg(steps(m_prefix.size()), QString::fromStdString(m_point.ending));
        break;
    case Outcome::Deadlock: {
        // The cycle as the run names it: "deadlock: philosopher 1 holds fork 1 and waits …".
        QString cycle = QString::fromStdString(m_trace ? m_trace->message() : m_point.ending);
        if (cycle.startsWith(QLatin1String("deadlock: "))) cycle = cycle.mid(10);
        if (!cycle.endsWith(QLatin1Char('.'))) cycle += QLatin1Char('.');
        where = tr("Deadlock after %1: %2").arg(steps(m_prefix.size()), cycle);
        break;
    }
    default:
        where = tr("The run failed after %1: %2.")
                    .arg(steps(m_prefix.size()), QString::fromStdString(m_point.ending));
        break;
    }
    return goal.isEmpty() ? where : goal + QLatin1Char(' ') + where;
}

QString SchedulerSession::hintText() const {
    if (m_hintRunning) return tr("Hint: searching…");
    if (!m_hint || !m_program) return {};
    if (!m_hint->found)
        return m_hint->exhausted
                   ? tr("Hint: the goal cannot be reached from here.")
                   : tr("Hint: too many states between here and the goal to find the fewest "
                        "steps (try fewer threads or steps).");
    if (m_hint->steps == 0) return tr("Hint: the goal is reached.");
    const QString who =
        QString::fromStdString(m_program->threads[std::size_t(m_hint->thread)].info.name);
    return m_hint->steps == 1
               ? tr("Hint: let %1 go (that reaches the goal).").arg(who)
               : tr("Hint: let %1 go (%2 more steps to the goal).").arg(who).arg(m_hint->steps);
}

void SchedulerSession::cancelHint() {
    ++m_hintGeneration;
    const bool had = m_hintRunning || m_hint.has_value();
    if (m_hintCancel) m_hintCancel->store(true);
    if (m_hintWatcher) {
        m_hintWatcher->disconnect(this);
        // The search looks at the flag every 1024 states: it ends within milliseconds.
        m_hintWatcher->waitForFinished();
        m_hintWatcher->deleteLater();
        m_hintWatcher = nullptr;
    }
    m_hintCancel.reset();
    m_hintRunning = false;
    m_hint.reset();
    if (had) emit hintChanged();
}

void SchedulerSession::requestHint() {
    if (!m_program || m_goal < 0 || m_hintRunning) return;
    cancelHint();
    m_hintRunning = true;
    m_hintCancel = std::make_shared<std::atomic<bool>>(false);
    const int generation = m_hintGeneration;
    m_hintWatcher = new QFutureWatcher<Search>(this);
    connect(m_hintWatcher, &QFutureWatcher<Search>::finished, this, [this, generation] {
        if (generation != m_hintGeneration || !m_hintWatcher) return;
        const Search result = m_hintWatcher->result();
        m_hintWatcher->deleteLater();
        m_hintWatcher = nullptr;
        m_hintCancel.reset();
        m_hintRunning = false;
        Hint h;
        h.exhausted = result.exhausted;
        if (result.path) {
            h.found = true;
            h.steps = int(result.path->size());
            h.thread = result.path->empty() ? -1 : result.path->front();
        }
        m_hint = h;
        emit hintChanged();
    });
    m_hintWatcher->setFuture(QtConcurrent::run(
        [program = m_program, prefix = m_prefix, goal = m_goal, cancel = m_hintCancel] {
            ExploreOptions o;
            // The fewest steps, whatever the preemptions: the shortest path is what teaches.
            o.bound = kNoBound;
            o.timeLimit = kHintTimeLimit;
            // Breadth first keeps a whole level of machines: a quarter of a million states
            // keeps the memory in the tens of megabytes and the answer within seconds.
            o.maxStates = kHintMaxStates;
            o.cancel = cancel.get();
            Search s;
            try {
                s.path = pathToGoal(*program, prefix, goal, o, &s.exhausted);
            } catch (const std::exception&) {
                s.path.reset();
            }
            return s;
        }));
    emit hintChanged();
}

} // namespace tl::ui
