// The real-thread engine: one std::thread per scenario thread, real std primitives wrapped
// so that every operation is recorded (realobjects.h), and every state change recorded by
// the thread it concerns. The caller's thread supervises: it ends the run when every
// thread has finished, or on a stop request, the time limit, the event cap, an error, or a
// deadlock found by the watchdog; then it stops and joins every thread before it returns.
//
// What it cannot mirror of the simulator: there is no `runnable` state (the OS scheduler
// is invisible from inside a thread), and hand-offs of mutexes and permits are the
// machine's, not FIFO: a released mutex or permit goes to whichever waiter the OS wakes
// first. Readers-writer locks and the GIL keep their own queues (reallocks.h), so they
// admit in the simulator's order. The GIL's switch interval runs on the wall clock from
// when a waiter starts waiting (CPython's rule) rather than on the simulator's timer from
// when the holder took it, and a holder hands it over only while it spins in a work step.
#include "engine/engine.h"
#include "engine/reallocks.h"
#include "engine/realobjects.h"
#include "engine/realshared.h"
#include "model/timefmt.h"

#include <algorithm>
#include <condition_variable>
#include <latch>
#include <limits>
#include <optional>
#include <system_error>
#include <thread>

namespace tl {

namespace {

using real::Actor;
using real::Failure;
using real::Phase;
using real::Stopped;

// How often the supervisor looks at the clock, the event cap and the watchdog.
constexpr auto kPoll = std::chrono::milliseconds(5);
// How long every unfinished thread must sit in a wait without a timeout, with no event
// recorded anywhere, before the watchdog calls it a deadlock.
constexpr auto kQuiet = std::chrono::milliseconds(200);

// A thread's place in its program; only the thread that runs it touches it.
struct Script {
    const CompiledThread& program;
    std::vector<std::int64_t> counters;
    Random rng;
    std::int32_t pc = 0;
    std::uint32_t lastItem = 0;
    int lastSpawned = -1;
    std::vector<std::int64_t> registers;
};

class Runner {
public:
    Runner(const Program& p, Trace& trace, const RunOptions& o);
    void run(std::stop_token caller);

private:
    void threadMain(int id);
    void execute(Actor& a, Script& s);
    void work(Actor& a, Time d);
    void spawn(Actor& a, Script& s, int role);
    void join(Actor& a, const Script& s, const Instr& in);
    void leave(Actor& a);

    void requestEnd(Outcome outcome, std::string message);
    void supervise();
    void check();
    bool deadlocked();
    std::string limitMessage() const {
        return "the run reached the limit of " + std::to_string(m_options.maxEvents) +
               " events and was ended there";
    }

    template <class T> T& object(const Instr& in) const {
        return static_cast<T&>(*m_objects[std::size_t(in.object)]);
    }

    const Program& m_program;
    Trace& m_trace;
    const RunOptions& m_options;
    std::stop_source m_source; // the run's own stop: every wait of every thread watches it
    real::Shared m_shared;
    Time m_limit = 0;
    int m_threadsObject = -1;
    std::vector<std::unique_ptr<real::Object>> m_objects;
    std::vector<real::Mutex*> m_mutexes; // by object index; null for other kinds
    real::Gil* m_gil = nullptr;          // the enabled GIL, if the scenario has one
    real::Memory m_memory;               // the shared variables
    std::vector<std::unique_ptr<Actor>> m_actors;
    std::latch m_gate{1}; // the first threads start together, once all exist
    std::atomic<int> m_live{0};

    // Starting, ending and joining threads; the "threads" object's stream.
    std::mutex m_threadsMutex;
    std::condition_variable_any m_joinCv;
    std::vector<std::thread> m_handles;
    std::vector<char> m_started;
    std::vector<char> m_done;
    std::vector<std::vector<int>> m_joiners;
    bool m_closed = false; // no more spawns: the engine is joining

    // How the run ends; the first reason wins.
    std::mutex m_endMutex;
    std::condition_variable m_endCv;
    Outcome m_outcome = Outcome::Running;
    std::string m_message;

    // Watchdog; supervisor thread only.
    std::uint64_t m_quietEvents = std::numeric_limits<std::uint64_t>::max();
    std::chrono::steady_clock::time_point m_quietSince{};
};

Runner::Runner(const Program& p, Trace& trace, const RunOptions& o)
    : m_program(p), m_trace(trace), m_options(o), m_shared(trace, p, m_source.get_token()),
      m_memory(p) {
    m_limit = o.timeLimit > 0 ? o.timeLimit : p.timeLimit;
    m_threadsObject = trace.findObject("threads");
    const std::size_t n = p.threads.size();
    const auto cap = std::int64_t(
        std::min<std::size_t>(o.maxEvents, std::size_t(std::numeric_limits<std::int64_t>::max())));
    m_shared.budget.store(cap);
    // Small grants for a small cap, so that a thread cannot sit on much of it unused.
    m_shared.grant = std::clamp<std::int64_t>(cap / std::int64_t(16 * n), 1, 256);

    m_mutexes.assign(p.objects.size(), nullptr);
    for (std::size_t i = 0; i < p.objects.size(); ++i) {
        const CompiledObject& spec = p.objects[i];
        const int index = int(i);
        switch (spec.info.kind) {
        case ObjectKind::Queue:
            m_objects.push_back(std::make_unique<real::Queue>(index, spec));
            break;
        case ObjectKind::Semaphore:
            m_objects.push_back(std::make_unique<real::Semaphore>(index, spec));
            break;
        case ObjectKind::Barrier:
            m_objects.push_back(std::make_unique<real::Barrier>(index, spec));
            break;
        case ObjectKind::Event:
            m_objects.push_back(std::make_unique<real::EventFlag>(index, spec));
            break;
        case ObjectKind::Condition: // its mutex is declared before it
            m_objects.push_back(std::make_unique<real::Condition>(
                index, spec, *m_mutexes[std::size_t(spec.mutex)]));
            break;
        case ObjectKind::RwLock:
            m_objects.push_back(std::make_unique<real::RwLock>(index, spec));
            break;
        case ObjectKind::Gil:
            if (spec.enabled) {
                auto g = std::make_unique<real::Gil>(index, spec);
                m_gil = g.get();
                m_objects.push_back(std::move(g));
            } else { // switched off: an object on the timeline that nobody uses
                m_objects.push_back(std::make_unique<real::Object>(index, spec));
            }
            break;
        case ObjectKind::Threads:  // spawn and join are recorded by the engine itself
        case ObjectKind::Variable: // the shared state is m_memory's
        case ObjectKind::Fences:
        case ObjectKind::Assertion:
            m_objects.push_back(std::make_unique<real::Object>(index, spec));
            break;
        case ObjectKind::Mutex: {
            auto m = std::make_unique<real::Mutex>(index, spec);
            m_mutexes[i] = m.get();
            m_objects.push_back(std::move(m));
            break;
        }
        }
    }
    m_shared.gil = m_gil;
    for (std::size_t i = 0; i < n; ++i)
        m_actors.push_back(std::make_unique<Actor>(m_shared, int(i)));
    m_handles.resize(n);
    m_started.assign(n, 0);
    m_done.assign(n, 0);
    m_joiners.resize(n);
}

void Runner::run(std::stop_token caller) {
    std::stop_callback onCancel(caller, [this] { requestEnd(Outcome::Cancelled, "stopped"); });
    {
        std::lock_guard lock(m_threadsMutex);
        for (std::size_t i = 0; i < m_actors.size(); ++i) {
            // A stop meanwhile starts no more threads: each would only stop again, and
            // starting one is slow under ThreadSanitizer (about 1 ms here, more on a busy
            // machine: its pthread_create waits until the new thread has run), so 64 or
            // more of them would hold the stop back by far more than the 100 ms a stop may take
            // (docs/architecture.md, "Which thread writes what").
            if (m_source.stop_requested()) break;
            if (m_program.threads[i].spawned) continue;
            m_started[i] = 1;
            m_actors[i]->setPhase(Phase::Active);
            m_live.fetch_add(1);
            try {
                m_handles[i] = std::thread(&Runner::threadMain, this, int(i));
            } catch (const std::system_error& e) {
                m_live.fetch_sub(1);
                m_actors[i]->setPhase(Phase::NotStarted);
                requestEnd(Outcome::Error,
                           "cannot start thread " + m_actors[i]->name() + ": " + e.what());
                break;
            }
        }
    }
    // Time 0 is when the threads are let go; the latch publishes the start to them.
    m_shared.start = std::chrono::steady_clock::now();
    m_quietSince = m_shared.start;
    m_gate.count_down();

    supervise();

    m_source.request_stop();
    {
        std::lock_guard lock(m_threadsMutex);
        m_closed = true;
    }
    for (std::thread& h : m_handles)
        if (h.joinable()) h.join();
    m_memory.finish(m_trace, m_actors);

    Time last = m_trace.endTime();
    for (std::size_t i = 0; i < m_trace.threadCount(); ++i)
        if (!m_trace.threadEvents(i).empty())
            last = std::max(last, m_trace.threadEvents(i).back().time);
    for (std::size_t i = 0; i < m_trace.objectCount(); ++i)
        if (!m_trace.objectEvents(i).empty())
            last = std::max(last, m_trace.objectEvents(i).back().time);
    m_trace.setEndTime(last);
    std::lock_guard lock(m_endMutex);
    m_trace.finish(m_outcome, m_message); // last of all: a live view polls it to know the run ended
}

void Runner::threadMain(int id) {
    Actor& a = *m_actors[std::size_t(id)];
    m_gate.wait();
    a.running();
    try {
        const CompiledThread& program = m_program.threads[std::size_t(id)];
        // Seeded exactly as the simulator seeds its threads, so both draw the same durations.
        Random mix(m_options.seed * 0x100000001B3ull + std::uint64_t(id));
        Script s{program,
                 std::vector<std::int64_t>(std::size_t(program.counterSlots), 0),
                 Random(mix.next()),
                 0,
                 0,
                 -1,
                 std::vector<std::int64_t>(std::size_t(program.registers), 0)};
        execute(a, s);
    } catch (const Stopped&) {
    } catch (const Failure& e) {
        requestEnd(Outcome::Error, e.what());
    } catch (const std::exception& e) {
        requestEnd(Outcome::Error, a.name() + ": " + e.what());
    }
    leave(a);
}

void Runner::execute(Actor& a, Script& s) {
    const std::vector<Instr>& code = s.program.code;
    for (;;) {
        a.checkStop();
        if (a.overLimit()) {
            requestEnd(Outcome::EventLimit, limitMessage());
            throw Stopped{};
        }
        const Instr& in = code[std::size_t(s.pc)];
        switch (in.code) {
        case Code::Work: {
            // Taken before the draw, as the simulator does, even for a step of no time.
            if (m_gil && !a.holdsGil()) m_gil->acquire(a);
            ++s.pc;
            const Time d = drawDuration(in, s.rng);
            if (d <= 0) continue;
            a.setState(ThreadState::Working);
            work(a, d);
            a.running();
            continue;
        }
        case Code::Io:
        case Code::Sleep: {
            ++s.pc;
            const Time d = drawDuration(in, s.rng);
            if (d <= 0) continue;
            a.setState(in.code == Code::Io ? ThreadState::Io : ThreadState::Sleeping);
            a.pause(d);
            a.running();
            continue;
        }
        case Code::Lock:
            ++s.pc;
            if (m_program.objects[std::size_t(in.object)].info.kind == ObjectKind::RwLock)
                object<real::RwLock>(in).lock(a, true);
            else
                object<real::Mutex>(in).lock(a);
            continue;
        case Code::TryLock:
            s.pc = object<real::Mutex>(in).tryLock(a) ? s.pc + 1 : in.jump;
            continue;
        case Code::Unlock:
            ++s.pc;
            if (m_program.objects[std::size_t(in.object)].info.kind == ObjectKind::RwLock)
                object<real::RwLock>(in).unlock(a, true);
            else
                object<real::Mutex>(in).unlock(a);
            continue;
        case Code::Put: {
            ++s.pc;
            std::optional<std::uint32_t> item;
            if (in.flags & InstrPutSpawned) item = std::uint32_t(s.lastSpawned + 1);
            object<real::Queue>(in).put(a, item);
            continue;
        }
        case Code::Get:
        case Code::Drain: {
            std::uint32_t item = 0;
            if (object<real::Queue>(in).get(a, in.code == Code::Drain, item)) {
                s.lastItem = item;
                ++s.pc;
            } else {
                s.pc = in.jump; // drained: the queue is closed and empty
            }
            continue;
        }
        case Code::Close:
            ++s.pc;
            object<real::Queue>(in).close(a, (in.flags & InstrLast) != 0, in.count);
            continue;
        case Code::Acquire:
            ++s.pc;
            object<real::Semaphore>(in).acquire(a);
            continue;
        case Code::Release:
            ++s.pc;
            object<real::Semaphore>(in).release(a);
            continue;
        case Code::BarrierWait:
            ++s.pc;
            object<real::Barrier>(in).wait(a);
            continue;
        case Code::Abort:
            ++s.pc;
            object<real::Barrier>(in).abort(a);
            continue;
        case Code::CondWait:
            ++s.pc;
            object<real::Condition>(in).wait(a);
            continue;
        case Code::Notify:
        case Code::NotifyAll:
            ++s.pc;
            object<real::Condition>(in).notify(a, in.code == Code::NotifyAll);
            continue;
        case Code::Set:
            ++s.pc;
            object<real::EventFlag>(in).set(a);
            continue;
        case Code::Clear:
            ++s.pc;
            object<real::EventFlag>(in).clear(a);
            continue;
        case Code::EventWait: // "then" follows; a timeout jumps to "else"
            s.pc = object<real::EventFlag>(in).wait(a, in.timed, in.a) ? s.pc + 1 : in.jump;
            continue;
        case Code::Spawn:
            ++s.pc;
            spawn(a, s, in.object);
            continue;
        case Code::Join:
            ++s.pc;
            join(a, s, in);
            continue;
        case Code::RepeatBegin:
            s.counters[std::size_t(in.slot)] = in.count;
            ++s.pc;
            continue;
        case Code::RepeatEnd:
            s.pc = --s.counters[std::size_t(in.slot)] > 0 ? in.jump : s.pc + 1;
            continue;
        case Code::Jump:
            s.pc = in.jump;
            continue;
        case Code::JumpIfNotEmpty:
            s.pc = object<real::Queue>(in).hasItemOrClosed() ? in.jump : s.pc + 1;
            continue;
        case Code::ReadLock:
            ++s.pc;
            object<real::RwLock>(in).lock(a, false);
            continue;
        case Code::ReadUnlock:
            ++s.pc;
            object<real::RwLock>(in).unlock(a, false);
            continue;
        case Code::Exit:
            return;
        case Code::Read:
        case Code::Write:
        case Code::FetchAdd:
        case Code::Exchange:
        case Code::CompareExchange:
        case Code::Fence:
            // CPU work, so under a GIL only its holder does it.
            if (m_gil && !a.holdsGil()) m_gil->acquire(a);
            a.setState(ThreadState::Working);
            s.pc = m_memory.access(a, s.program, s.registers, s.pc, in);
            continue;
        case Code::Compute: {
            if (m_gil && !a.holdsGil()) m_gil->acquire(a);
            a.setState(ThreadState::Working);
            m_memory.compute(a, s.program, s.registers, in);
            ++s.pc;
            if (const Time d = drawDuration(in, s.rng); d > 0) work(a, d);
            continue;
        }
        case Code::Assert:
            ++s.pc;
            m_memory.check(a, s.program, s.registers, in);
            continue;
        case Code::JumpIfFalse:
            s.pc = m_memory.evaluate(a, s.program, s.registers, in.expr) != 0 ? s.pc + 1 : in.jump;
            continue;
        }
    }
}

// CPU work. Under a GIL the holder gives way when a waiter has asked for it, queues again,
// and goes on with what is left once it has the GIL back.
void Runner::work(Actor& a, Time d) {
    if (!m_gil) return a.spin(d);
    for (Time left = d; left > 0;) {
        left = a.spin(left, [this, &a] { return m_gil->dropWanted(a); });
        if (left <= 0) break;
        m_gil->yield(a);
        a.setState(ThreadState::Working);
    }
}

void Runner::spawn(Actor& a, Script& s, int role) {
    std::lock_guard lock(m_threadsMutex);
    // Not after a stop request either: the engine is about to join, and a new thread is
    // slow to start (see run).
    if (m_closed || a.stopping()) throw Stopped{};
    int child = -1;
    for (std::size_t i = 0; i < m_actors.size() && child < 0; ++i)
        if (!m_started[i] && m_program.threads[i].roleIndex == role) child = int(i);
    if (child < 0)
        throw Failure(a.name() + " spawns a " + m_program.roles[std::size_t(role)] +
                      " but every thread of that role has been started");
    Actor& c = *m_actors[std::size_t(child)];
    m_started[std::size_t(child)] = 1;
    s.lastSpawned = child;
    a.op(m_threadsObject, Op::Spawn, a.id(), std::uint32_t(child));
    c.setPhase(Phase::Active);
    m_live.fetch_add(1);
    try {
        m_handles[std::size_t(child)] = std::thread(&Runner::threadMain, this, child);
    } catch (const std::system_error& e) {
        m_live.fetch_sub(1);
        c.setPhase(Phase::NotStarted);
        throw Failure(a.name() + " cannot start " + c.name() + ": " + e.what());
    }
}

void Runner::join(Actor& a, const Script& s, const Instr& in) {
    const int target = in.count == 1 ? s.lastSpawned : int(s.lastItem) - 1;
    if (target < 0 || target >= int(m_actors.size()) || target == a.id())
        throw Failure(a.name() + " joins a thread it has no handle of");
    const auto t = std::size_t(target);
    std::unique_lock lock(m_threadsMutex);
    if (m_done[t]) {
        a.op(m_threadsObject, Op::Join, a.id(), std::uint32_t(target));
        return;
    }
    // The target records this join when it ends (see leave), as the simulator does.
    m_joiners[t].push_back(a.id());
    a.setState(ThreadState::Waiting, m_threadsObject, Reason::Join, true);
    if (!m_joinCv.wait(lock, a.stopToken(), [&] { return m_done[t] != 0; })) {
        std::erase(m_joiners[t], a.id());
        throw Stopped{};
    }
    lock.unlock();
    a.running();
}

void Runner::leave(Actor& a) {
    const auto id = std::size_t(a.id());
    if (a.holdsGil()) m_gil->release(a); // a thread that ends lets the others run
    a.exited();
    {
        std::lock_guard lock(m_threadsMutex);
        m_done[id] = 1;
        for (const int j : m_joiners[id])
            a.op(m_threadsObject, Op::Join, j, std::uint32_t(id), OpFlagWaited);
        m_joiners[id].clear();
    }
    m_joinCv.notify_all();
    bool holds = false;
    for (const real::Mutex* m : m_mutexes)
        holds = holds || (m && m->owner() == a.id());
    if (m_live.fetch_sub(1) == 1) {
        std::lock_guard lock(m_endMutex);
        m_endCv.notify_all();
    }
    if (!holds) return;
    // A thread that ends holding a lock keeps it, as in the simulator: whoever wants it
    // stays blocked, and the watchdog reports the deadlock. Only its owner may unlock a
    // std::timed_mutex, so the OS thread stays, unseen, until the run ends, and only then
    // gives its locks back, unrecorded.
    {
        std::mutex mutex;
        std::condition_variable_any cv;
        std::unique_lock lock(mutex);
        cv.wait(lock, a.stopToken(), [] { return false; });
    }
    for (real::Mutex* m : m_mutexes)
        if (m) m->abandon(a);
}

void Runner::requestEnd(Outcome outcome, std::string message) {
    {
        std::lock_guard lock(m_endMutex);
        if (m_outcome != Outcome::Running) return;
        m_outcome = outcome;
        m_message = std::move(message);
    }
    m_source.request_stop();
    m_endCv.notify_all();
}

void Runner::supervise() {
    std::unique_lock lock(m_endMutex);
    for (;;) {
        if (m_outcome != Outcome::Running) return;
        if (m_live.load() == 0) {
            // Over the cap counts even when the run got to its end meanwhile, as in the
            // simulator; otherwise every thread has finished.
            const bool over = m_shared.limitHit.load();
            m_outcome = over ? Outcome::EventLimit : Outcome::Completed;
            if (over) m_message = limitMessage();
            return;
        }
        m_endCv.wait_for(lock, kPoll);
        if (m_outcome != Outcome::Running || m_live.load() == 0) continue;
        lock.unlock();
        check();
        lock.lock();
    }
}

void Runner::check() {
    if (m_shared.now() >= m_limit)
        requestEnd(Outcome::TimeLimit,
                   "the run reached its time limit of " + exactTime(m_limit) + " and was ended");
    else if (m_shared.limitHit.load())
        requestEnd(Outcome::EventLimit, limitMessage());
    else if (deadlocked())
        requestEnd(Outcome::Deadlock, deadlockMessage(m_trace, m_options));
}

// True when every unfinished thread has sat in a wait without a timeout, and no event at
// all has been recorded, for kQuiet. A thread that a waker has released records a state
// change within microseconds, and the waker records its operation first, so a quiet spell
// that long means nobody can release anybody.
bool Runner::deadlocked() {
    std::uint64_t events = 0;
    bool anyStuck = false, allStuck = true;
    for (const auto& a : m_actors) {
        events += a->events();
        const Phase p = a->phase();
        anyStuck = anyStuck || p == Phase::Stuck;
        allStuck = allStuck && p != Phase::Active;
    }
    const auto now = std::chrono::steady_clock::now();
    if (!anyStuck || !allStuck || events != m_quietEvents) {
        m_quietEvents = events;
        m_quietSince = now;
        return false;
    }
    return now - m_quietSince >= kQuiet;
}

} // namespace

void runReal(const Program& program, Trace& trace, const RunOptions& options,
             std::stop_token stop) {
    prepareTrace(program, trace, options);
    if (!options.schedule.empty()) { // the OS schedules real threads: no order can be imposed
        trace.finish(Outcome::Error, "a schedule can be followed on the simulated machine only");
        return;
    }
    Runner(program, trace, options).run(std::move(stop));
}

} // namespace tl
