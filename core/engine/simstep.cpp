// The simulated machine one visible operation at a time: the abstract mode that SimStepper
// drives (simstep.h), and the gated mode of runSimulated that follows a schedule with every
// duration kept (RunOptions::schedule). Both stop a thread at its visible instructions
// (mayPerform, called by execute); everything else is the machine as it always runs.
#include "engine/simengineimpl.h"

#include <algorithm>

namespace tl {

namespace sim {

bool Simulator::mayPerform(SimThread& t) {
    if (m_mode == Mode::Abstract) {
        if (t.granted) { // chosen: this one operation
            t.granted = false;
            return true;
        }
        t.parked = true;
        return false;
    }
    // Gated. After the schedule, the machine's own order, or a stop (stopAtScheduleEnd).
    if (m_turn >= m_o->schedule.size() && !m_o->stopAtScheduleEnd) return true;
    if (m_turn < m_o->schedule.size() && m_o->schedule[m_turn] == t.id) {
        ++m_turn;
        // Whoever goes next is let go now; it runs once this operation is done (the machine
        // has one thread of control).
        admitNext();
        return true;
    }
    if (t.status == Status::Away) { // a timeout before its turn: it keeps waiting
        t.timeoutDue = true;
        return false;
    }
    // Not its turn: it waits, runnable, and leaves its core and the GIL to the others (as a
    // thread does that waits in a C call).
    t.gated = true;
    releaseGil(t);
    state(t, ThreadState::Runnable, -1, Reason::Turn);
    releaseCore(t);
    return false;
}

void Simulator::admitNext() {
    auto admit = [&](SimThread& n) {
        if (n.gated) {
            n.gated = false;
            wantCore(n);
        } else if (n.timeoutDue) {
            n.timeoutDue = false;
            timer(n, m_now); // the timeout happens now, from the timer queue (onTimer)
        }
    };
    if (m_turn < m_o->schedule.size()) return admit(m_threads[std::size_t(m_o->schedule[m_turn])]);
    if (m_o->stopAtScheduleEnd) return; // everyone stays where they are
    for (SimThread& n : m_threads)      // the schedule has run out: everyone goes on
        admit(n);
}

std::string Simulator::scheduleProblem() const {
    if (m_turn >= m_o->schedule.size()) return {};
    const SimThread& t = m_threads[std::size_t(m_o->schedule[m_turn])];
    std::string why = "has finished";
    if (t.status == Status::NotStarted) {
        why = "has not been started";
    } else if (t.status != Status::Done) {
        const Instr& in = t.program->code[std::size_t(t.pc)];
        why = in.object >= 0 && std::size_t(in.object) < m_p->objects.size()
                  ? "cannot go on (it waits on \"" +
                        m_p->objects[std::size_t(in.object)].info.name + "\")"
                  : "cannot go on";
    }
    return "the schedule cannot be followed: its step " + std::to_string(m_turn + 1) + " of " +
           std::to_string(m_o->schedule.size()) + " is " + t.program->info.name + "'s, who " + why;
}

void Simulator::drain() {
    while (!m_ready.empty()) {
        const int id = m_ready.front();
        m_ready.pop_front();
        resume(m_threads[std::size_t(id)]);
    }
}

void Simulator::begin() {
    m_log.clear();
    try {
        for (SimThread& t : m_threads)
            if (!t.program->spawned) start(t);
        drain();
    } catch (const RunFailure& e) {
        m_error = e.what();
    } catch (const EventCapReached&) {
        m_error = eventLimitMessage();
    }
}

void Simulator::step(int id) {
    m_log.clear();
    SimThread& t = m_threads[std::size_t(id)];
    try {
        if (t.parked) {
            t.parked = false;
            t.granted = true;
            execute(t);
        } else {
            timeOut(t);
        }
        drain();
    } catch (const RunFailure& e) {
        m_error = e.what();
    } catch (const EventCapReached&) {
        m_error = eventLimitMessage();
    }
}

namespace {

// 64-bit words folded with a multiply and a shift each: fast, and good enough that two of the
// few million states a search meets collide with a chance of about 1 in 10^6 at 10^6 states.
struct Hasher {
    std::uint64_t h = 0x9E3779B97F4A7C15ull;
    void add(std::uint64_t v) {
        h = (h ^ v) * 0xBF58476D1CE4E5B9ull;
        h ^= h >> 31;
    }
    template <class Seq> void seq(const Seq& s) {
        add(s.size());
        for (const auto& v : s)
            add(std::uint64_t(v));
    }
};

} // namespace

std::uint64_t Simulator::stateHash() const {
    Hasher h;
    for (const SimThread& t : m_threads) {
        h.add(std::uint64_t(std::uint32_t(t.pc)) | std::uint64_t(t.status) << 32 |
              std::uint64_t(t.parked) << 40 | std::uint64_t(t.wantsWrite) << 41);
        h.add(std::uint64_t(t.lastItem) | std::uint64_t(std::uint32_t(t.lastSpawned)) << 32);
        h.add(t.carry);
        h.seq(t.counters);
        h.seq(t.registers);
        h.seq(t.joiners);
    }
    for (const SimObject& o : m_objects) {
        h.add(std::uint64_t(std::uint32_t(o.owner)) | std::uint64_t(std::uint32_t(o.value)) << 32);
        h.add(std::uint64_t(o.available) ^ std::uint64_t(o.readers) << 20 ^
              std::uint64_t(o.arrived) << 40);
        h.add(std::uint64_t(o.generation) | std::uint64_t(o.nextItem) << 32);
        h.add(std::uint64_t(o.closeArrivals) << 3 | std::uint64_t(o.closed) << 2 |
              std::uint64_t(o.broken) << 1 | std::uint64_t(o.set));
        h.seq(o.waiters);
        h.seq(o.items);
        h.seq(o.putters);
    }
    h.add(m_assertFailures > 0); // a run that failed an assert stays one
    return h.h;
}

} // namespace sim

namespace {

// The abstract machine uses no option but the event cap: one set for all.
const RunOptions& abstractOptions() {
    static const RunOptions options;
    return options;
}

} // namespace

SimStepper::SimStepper(const Program& program) : m_program(&program) {
    for (const CompiledObject& o : program.objects)
        m_gilOn = m_gilOn || (o.info.kind == ObjectKind::Gil && o.enabled);
    m_sim = std::make_unique<sim::Simulator>(program, nullptr, abstractOptions(), std::stop_token{},
                                             sim::Mode::Abstract);
    m_sim->begin();
}

SimStepper::SimStepper(const SimStepper& other)
    : m_program(other.m_program), m_sim(std::make_unique<sim::Simulator>(*other.m_sim)),
      m_gilOn(other.m_gilOn) {}

SimStepper& SimStepper::operator=(const SimStepper& other) {
    if (this == &other) return *this;
    m_program = other.m_program;
    m_gilOn = other.m_gilOn;
    if (m_sim)
        *m_sim = *other.m_sim; // element by element: the buffers already here are reused
    else
        m_sim = std::make_unique<sim::Simulator>(*other.m_sim);
    return *this;
}

SimStepper::SimStepper(SimStepper&& other) noexcept = default;
SimStepper& SimStepper::operator=(SimStepper&& other) noexcept = default;
SimStepper::~SimStepper() = default;

std::size_t SimStepper::threadCount() const {
    return m_sim->threads().size();
}

bool SimStepper::enabled(int thread) const {
    return m_sim->error().empty() && m_sim->enabled(m_sim->threads()[std::size_t(thread)]);
}

void SimStepper::enabledThreads(std::vector<int>& out) const {
    out.clear();
    if (!m_sim->error().empty()) return;
    const auto& threads = m_sim->threads();
    for (std::size_t i = 0; i < threads.size(); ++i)
        if (m_sim->enabled(threads[i])) out.push_back(int(i));
}

SimStepper::ThreadStatus SimStepper::status(int thread) const {
    const sim::SimThread& t = m_sim->threads()[std::size_t(thread)];
    switch (t.status) {
    case sim::Status::NotStarted:
        return ThreadStatus::NotStarted;
    case sim::Status::Done:
        return ThreadStatus::Done;
    default:
        return t.parked ? ThreadStatus::Ready : ThreadStatus::Blocked;
    }
}

const Instr& SimStepper::next(int thread) const {
    const sim::SimThread& t = m_sim->threads()[std::size_t(thread)];
    return t.program->code[std::size_t(t.pc)];
}

bool SimStepper::timingOut(int thread) const {
    const sim::SimThread& t = m_sim->threads()[std::size_t(thread)];
    return !t.parked && t.status == sim::Status::Away && m_sim->timedWaiting(t);
}

void SimStepper::step(int thread) {
    if (thread < 0 || std::size_t(thread) >= threadCount() || !enabled(thread))
        throw std::invalid_argument("thread " + std::to_string(thread + 1) +
                                    " cannot go on now: it is not enabled");
    m_sim->step(thread);
}

const std::vector<StepOp>& SimStepper::lastOps() const {
    return m_sim->stepOps();
}

bool SimStepper::finished() const {
    if (!m_sim->error().empty()) return true;
    for (const sim::SimThread& t : m_sim->threads())
        if (m_sim->enabled(t)) return false;
    return true;
}

Outcome SimStepper::outcome() const {
    if (!m_sim->error().empty()) return Outcome::Error;
    for (const sim::SimThread& t : m_sim->threads()) {
        if (m_sim->enabled(t)) return Outcome::Running;
        if (t.status != sim::Status::Done && t.status != sim::Status::NotStarted)
            return Outcome::Deadlock;
    }
    return Outcome::Completed;
}

const std::string& SimStepper::error() const {
    return m_sim->error();
}

std::int64_t SimStepper::value(int object) const {
    return m_sim->objects()[std::size_t(object)].value;
}

std::size_t SimStepper::assertFailures() const {
    return m_sim->assertFailures();
}

int SimStepper::threadsObject() const {
    return m_sim->threadsObject();
}

std::uint64_t SimStepper::hash() const {
    return m_sim->stateHash();
}

} // namespace tl
