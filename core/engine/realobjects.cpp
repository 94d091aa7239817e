#include "engine/realobjects.h"

#include "engine/reallocks.h"

#include <algorithm>
#include <ctime>
#include <thread>

namespace tl::real {

namespace {

// (state, reason, object) in one word, compared to skip repeated states.
std::uint32_t pack(ThreadState s, int object, Reason r) {
    return std::uint32_t(s) | std::uint32_t(r) << 8 |
           std::uint32_t(object < 0 ? kNoRef : std::uint16_t(object)) << 16;
}

void cpuRelax() {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#else
    std::this_thread::yield();
#endif
}

// A wait slice on a std::timed_mutex. The deadline is on the system clock on purpose:
// libstdc++ turns a steady_clock deadline into pthread_mutex_clocklock, which
// ThreadSanitizer does not intercept (it would report false races); a jump of the wall
// clock only stretches or shortens one slice.
auto sliceEnd() {
    return std::chrono::system_clock::now() + kWaitSlice;
}

} // namespace

// CPU time, not wall time: a thread that loses its core meanwhile works longer in wall
// time, which is exactly what oversubscription looks like.
Time threadCpuTime() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return Time(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

// ---- Actor ----

Actor::Actor(Shared& shared, int id) : m_shared(shared), m_id(id) {}

const std::string& Actor::name() const {
    return m_shared.program.threads[std::size_t(m_id)].info.name;
}

void Actor::setState(ThreadState s, int object, Reason r, bool stuck) {
    // Blocked on the GIL itself while holding it is the yield, which hands it over next.
    if (m_holdsGil && s != ThreadState::Working && s != ThreadState::Running &&
        object != m_shared.gil->index())
        m_shared.gil->release(*this); // records its unlock before this state begins
    const std::uint32_t packed = pack(s, object, r);
    if (packed == m_last) return;
    m_last = packed;
    m_shared.trace.setState(m_id, stamp(), s, object, r);
    m_phase.store(stuck ? Phase::Stuck : Phase::Active, std::memory_order_release);
    count();
}

void Actor::exited() {
    m_last = pack(ThreadState::Exited, -1, Reason::None);
    m_shared.trace.setState(m_id, stamp(), ThreadState::Exited);
    m_phase.store(Phase::Done, std::memory_order_release);
    count();
}

void Actor::op(int object, Op o, int thread, std::uint32_t value, std::uint8_t flags) {
    m_shared.trace.operation(object, stamp(), o, thread, value, flags);
    count();
}

void Actor::logShared(int object, Op o, std::uint32_t value, std::uint8_t flags,
                      std::uint32_t version) {
    const Time floor = m_lastStamp;
    const Time t = stamp();
    const auto since = std::uint32_t(std::min<Time>(t - floor, 0xFFFFFFFF));
    m_sharedLog.push_back(
        {Event{t, value, std::uint16_t(object), std::uint8_t(o), flags}, version, since});
    count();
}

void Actor::count() {
    // Single writer: a plain load and store, no read-modify-write on the hot path.
    m_events.store(m_events.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
    if (m_grant > 0) {
        --m_grant;
        return;
    }
    const std::int64_t before =
        m_shared.budget.fetch_sub(m_shared.grant, std::memory_order_relaxed);
    if (before <= 0) {
        // This event is still recorded (the trace stays consistent); the run now ends.
        m_overLimit = true;
        m_shared.limitHit.store(true, std::memory_order_relaxed);
        return;
    }
    m_grant = std::min(m_shared.grant, before) - 1;
}

void Actor::pause(Time d) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::nanoseconds(d);
    {
        std::unique_lock lock(m_pauseMutex);
        m_pauseCv.wait_until(lock, m_shared.stop, deadline, [] { return false; });
    }
    checkStop();
}

void Actor::fail(int object, const std::string& what) const {
    throw Failure(name() + " " + what + " \"" + m_shared.trace.object(std::size_t(object)).name +
                  "\"");
}

// ---- SpinLock ----

void SpinLock::lock() noexcept {
    int spins = 0;
    while (m_flag.test_and_set(std::memory_order_acquire)) {
        // The holder only appends one event; if it lost its core meanwhile, give way
        // rather than burn this thread's whole time slice.
        if (++spins < 64)
            cpuRelax();
        else
            std::this_thread::yield();
    }
}

// ---- Mutex ----

void Mutex::lock(Actor& a, bool relock) {
    if (owner() == a.id()) a.fail(m_index, "locks again the lock it holds:");
    if (m_mutex.try_lock()) {
        // After a stop request a holder that ended gives its locks back unrecorded
        // (Runner::leave), so the lock may be free here only because of that: recording it
        // would show two holders at once.
        if (a.stopping()) {
            m_mutex.unlock();
            throw Stopped{};
        }
        obtained(a, relock ? OpFlagWaited : OpFlagNone);
        return;
    }
    a.setState(ThreadState::Blocked, m_index, Reason::Lock, true);
    for (;;) {
        a.checkStop();
        if (m_mutex.try_lock_until(sliceEnd())) break;
    }
    if (a.stopping()) { // got it just as the run ends: give it back unrecorded
        m_mutex.unlock();
        throw Stopped{};
    }
    obtained(a, OpFlagWaited);
    a.running();
}

void Mutex::obtained(Actor& a, std::uint8_t flags) {
    std::lock_guard guard(m_record);
    m_owner.store(a.id(), std::memory_order_release);
    a.op(m_index, Op::Lock, a.id(), 0, flags);
}

bool Mutex::tryLock(Actor& a) {
    if (owner() == a.id()) { // try-locking a std::timed_mutex one holds is undefined
        std::lock_guard guard(m_record);
        a.op(m_index, Op::TrylockFailed);
        return false;
    }
    for (;;) {
        if (m_mutex.try_lock()) {
            if (a.stopping()) { // possibly free only because its holder ended: see lock()
                m_mutex.unlock();
                throw Stopped{};
            }
            obtained(a, OpFlagNone);
            return true;
        }
        {
            std::lock_guard guard(m_record);
            if (m_owner.load(std::memory_order_relaxed) >= 0) {
                a.op(m_index, Op::TrylockFailed);
                return false;
            }
        }
        // The stream shows the lock free: its holder has recorded the unlock but not yet
        // released it, or a new holder has it but not yet recorded the lock. Try again, so
        // that a failed try-lock is only ever recorded while the stream shows a holder.
        a.checkStop();
        std::this_thread::yield();
    }
}

void Mutex::unlock(Actor& a) {
    if (owner() != a.id()) a.fail(m_index, "unlocks a lock it does not hold:");
    {
        std::lock_guard guard(m_record);
        a.op(m_index, Op::Unlock);
        m_owner.store(-1, std::memory_order_release);
    }
    m_mutex.unlock();
}

void Mutex::abandon(Actor& a) {
    if (owner() != a.id()) return;
    {
        std::lock_guard guard(m_record);
        m_owner.store(-1, std::memory_order_release);
    }
    m_mutex.unlock();
}

// ---- Queue ----

Queue::Queue(int index, const CompiledObject& spec)
    : Object(index, spec), m_capacity(std::size_t(std::max<std::int64_t>(1, spec.info.capacity))) {}

void Queue::put(Actor& a, std::optional<std::uint32_t> item) {
    std::unique_lock lock(m_mutex);
    if (m_closed) a.fail(m_index, "puts into the closed queue");
    const std::uint32_t id = item ? *item : m_nextItem++;
    bool waited = false;
    if (m_items.size() >= m_capacity) {
        waited = true;
        a.setState(ThreadState::Waiting, m_index, Reason::QueueFull, true);
        if (!m_notFull.wait(lock, a.stopToken(),
                            [&] { return m_items.size() < m_capacity || m_closed; }))
            throw Stopped{};
        if (m_closed) a.fail(m_index, "waits to put into the queue being closed:");
    }
    m_items.push_back(id);
    a.op(m_index, Op::Put, a.id(), id, waited ? OpFlagWaited : OpFlagNone);
    lock.unlock();
    m_notEmpty.notify_one();
    if (waited) a.running();
}

bool Queue::get(Actor& a, bool drain, std::uint32_t& item) {
    std::unique_lock lock(m_mutex);
    bool waited = false;
    if (m_items.empty() && !m_closed) {
        waited = true;
        a.setState(ThreadState::Waiting, m_index, Reason::QueueEmpty, true);
        if (!m_notEmpty.wait(lock, a.stopToken(), [&] { return !m_items.empty() || m_closed; }))
            throw Stopped{};
    }
    if (m_items.empty()) { // closed, and nothing more will come
        if (!drain)
            a.fail(m_index, waited ? "waits to get from the queue being closed:"
                                   : "gets from the closed, empty queue");
        lock.unlock();
        if (waited) a.running();
        return false;
    }
    item = m_items.front();
    m_items.pop_front();
    a.op(m_index, Op::Get, a.id(), item, waited ? OpFlagWaited : OpFlagNone);
    lock.unlock();
    m_notFull.notify_one();
    if (waited) a.running();
    return true;
}

void Queue::close(Actor& a, bool last, std::int64_t roleCount) {
    std::unique_lock lock(m_mutex);
    if (last && ++m_closeArrivals < roleCount) return;
    if (m_closed) return;
    m_closed = true;
    a.op(m_index, Op::Close);
    lock.unlock();
    // Waiting consumers learn that nothing more will come; a waiting producer fails.
    m_notEmpty.notify_all();
    m_notFull.notify_all();
}

// ---- Semaphore ----

Semaphore::Semaphore(int index, const CompiledObject& spec)
    : Object(index, spec), m_semaphore(std::ptrdiff_t(spec.info.capacity)),
      m_available(spec.info.capacity) {}

void Semaphore::acquire(Actor& a) {
    bool waited = false;
    if (!m_semaphore.try_acquire()) {
        waited = true;
        a.setState(ThreadState::Waiting, m_index, Reason::NoPermits, true);
        for (;;) {
            a.checkStop();
            if (m_semaphore.try_acquire_for(kWaitSlice)) break;
        }
        if (a.stopping()) { // got a permit just as the run ends: give it back unrecorded
            m_semaphore.release();
            throw Stopped{};
        }
    }
    {
        std::lock_guard guard(m_record);
        --m_available;
        a.op(m_index, Op::Acquire, a.id(), std::uint32_t(m_available),
             waited ? OpFlagWaited : OpFlagNone);
    }
    if (waited) a.running();
}

void Semaphore::release(Actor& a) {
    {
        std::lock_guard guard(m_record);
        ++m_available;
        a.op(m_index, Op::Release, a.id(), std::uint32_t(m_available));
    }
    m_semaphore.release();
}

// ---- Barrier ----

Barrier::Barrier(int index, const CompiledObject& spec)
    : Object(index, spec), m_parties(spec.info.capacity) {}

void Barrier::wait(Actor& a) {
    std::unique_lock lock(m_mutex);
    const std::uint32_t generation = m_generation;
    a.op(m_index, Op::Arrive, a.id(), generation);
    if (m_broken) {
        a.op(m_index, Op::Pass, a.id(), generation, OpFlagBroken);
        return;
    }
    if (++m_arrived < m_parties) {
        m_waiters.push_back(a.id());
        a.setState(ThreadState::Waiting, m_index, Reason::Barrier, true);
        if (!m_cv.wait(lock, a.stopToken(), [&] { return m_generation != generation || m_broken; }))
            throw Stopped{};
        lock.unlock();
        a.running();
        return;
    }
    // The last arrival opens the barrier; like the simulator it records every waiter's
    // pass at that moment, so the passes of a generation follow all of its arrivals.
    for (const int w : m_waiters)
        a.op(m_index, Op::Pass, w, generation, OpFlagWaited);
    a.op(m_index, Op::Pass, a.id(), generation);
    m_waiters.clear();
    m_arrived = 0;
    ++m_generation;
    lock.unlock();
    m_cv.notify_all();
}

void Barrier::abort(Actor& a) {
    std::unique_lock lock(m_mutex);
    a.op(m_index, Op::Abort, a.id(), m_generation);
    m_broken = true;
    for (const int w : m_waiters)
        a.op(m_index, Op::Pass, w, m_generation, OpFlagBroken | OpFlagWaited);
    m_waiters.clear();
    lock.unlock();
    m_cv.notify_all();
}

// ---- Condition ----

Condition::Condition(int index, const CompiledObject& spec, Mutex& mutex)
    : Object(index, spec), m_lock(mutex) {}

void Condition::wait(Actor& a) {
    if (m_lock.owner() != a.id()) a.fail(m_index, "waits without holding the mutex of condition");
    Waiter me{a.id(), false};
    {
        std::lock_guard guard(m_mutex);
        a.op(m_index, Op::Wait);
        m_waiters.push_back(&me);
    }
    // Registered before the mutex is given back, so a notify by whoever takes the mutex
    // next cannot be missed: the atomicity a condition variable promises.
    m_lock.unlock(a);
    a.setState(ThreadState::Waiting, m_index, Reason::Condition, true);
    {
        std::unique_lock lock(m_mutex);
        if (!m_cv.wait(lock, a.stopToken(), [&] { return me.woken; })) {
            std::erase(m_waiters, &me);
            throw Stopped{};
        }
    }
    m_lock.lock(a, true);
    a.running();
}

void Condition::notify(Actor& a, bool all) {
    std::unique_lock lock(m_mutex);
    const std::size_t n = all ? m_waiters.size() : std::min<std::size_t>(1, m_waiters.size());
    a.op(m_index, all ? Op::NotifyAll : Op::Notify, a.id(), std::uint32_t(n));
    for (std::size_t k = 0; k < n; ++k) {
        Waiter* w = m_waiters.front();
        m_waiters.pop_front();
        w->woken = true;
        a.op(m_index, Op::Wake, w->thread);
    }
    lock.unlock();
    // Every waiter checks its own flag; notify_one might wake one that was not chosen.
    if (n > 0) m_cv.notify_all();
}

// ---- EventFlag ----

bool EventFlag::wait(Actor& a, bool timed, Time timeout) {
    std::unique_lock lock(m_mutex);
    a.op(m_index, Op::Wait);
    if (m_set) return true;
    Waiter me{a.id(), false};
    m_waiters.push_back(&me);
    a.setState(ThreadState::Waiting, m_index, Reason::Event, !timed);
    const auto woken = [&] { return me.woken; };
    const bool ok =
        timed
            ? m_cv.wait_until(lock, a.stopToken(),
                              std::chrono::steady_clock::now() + std::chrono::nanoseconds(timeout),
                              woken)
            : m_cv.wait(lock, a.stopToken(), woken);
    if (!ok) {
        std::erase(m_waiters, &me);
        if (a.stopping()) throw Stopped{};
        a.op(m_index, Op::Timeout);
    }
    lock.unlock();
    a.running();
    return ok;
}

void EventFlag::set(Actor& a) {
    std::unique_lock lock(m_mutex);
    m_set = true;
    a.op(m_index, Op::Set);
    for (Waiter* w : m_waiters) {
        w->woken = true;
        a.op(m_index, Op::Wake, w->thread);
    }
    const bool any = !m_waiters.empty();
    m_waiters.clear();
    lock.unlock();
    if (any) m_cv.notify_all();
}

void EventFlag::clear(Actor& a) {
    std::lock_guard guard(m_mutex);
    m_set = false;
    a.op(m_index, Op::Clear);
}

} // namespace tl::real
