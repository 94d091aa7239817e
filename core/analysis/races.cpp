#include "analysis/races.h"

#include "model/timefmt.h"

#include <algorithm>
#include <queue>

namespace tl {

namespace {

class RaceFinder {
public:
    explicit RaceFinder(const Trace& trace) : m_t(trace) {}

    RaceReport run() {
        const std::size_t threads = m_t.threadCount(), objects = m_t.objectCount();
        m_report.perObject.assign(objects, 0);
        // A clock entry for each thread that accesses a variable, the first 64 of them.
        m_entry.assign(threads, -1);
        for (std::size_t o = 0; o < objects; ++o) {
            if (m_t.object(o).kind != ObjectKind::Variable) continue;
            m_report.applies = true;
            const EventStream& s = m_t.objectEvents(o);
            for (std::size_t i = 0, n = s.size(); i < n; ++i)
                if (s[i].ref < threads && isAccess(s[i].op()) && m_entry[s[i].ref] == -1)
                    m_entry[s[i].ref] = -2; // an accessor; its entry is given below
        }
        if (!m_report.applies) return std::move(m_report);
        for (std::size_t t = 0; t < threads; ++t) {
            if (m_entry[t] != -2) continue;
            ++m_report.accessors;
            m_entry[t] = m_report.checked < kMaxClockThreads ? int(m_report.checked++) : -1;
        }
        m_k = m_report.checked;
        m_clocks.assign(threads * m_k, 0);
        for (std::size_t t = 0; t < threads; ++t)
            if (m_entry[t] >= 0) clock(t)[std::size_t(m_entry[t])] = 1;
        m_objectClock.resize(objects);
        m_readClock.resize(objects);
        m_vars.resize(objects);
        m_fences.assign(m_k, 0);
        merge();
        return std::move(m_report);
    }

private:
    std::uint32_t* clock(std::size_t thread) { return m_clocks.data() + thread * m_k; }
    std::vector<std::uint32_t>& objectClock(std::size_t o) {
        if (m_objectClock[o].empty()) m_objectClock[o].assign(m_k, 0);
        return m_objectClock[o];
    }
    std::vector<std::uint32_t>& readClock(std::size_t o) {
        if (m_readClock[o].empty()) m_readClock[o].assign(m_k, 0);
        return m_readClock[o];
    }
    void join(std::uint32_t* into, const std::uint32_t* from) const {
        for (std::size_t i = 0; i < m_k; ++i)
            into[i] = std::max(into[i], from[i]);
    }
    void tick(std::size_t t) {
        if (m_entry[t] >= 0) ++clock(t)[std::size_t(m_entry[t])];
    }
    void acquire(std::size_t t, const std::vector<std::uint32_t>& l) { join(clock(t), l.data()); }
    void release(std::size_t t, std::vector<std::uint32_t>& l) {
        join(l.data(), clock(t));
        tick(t);
    }
    void acquireRelease(std::size_t t, std::vector<std::uint32_t>& l) {
        join(clock(t), l.data());
        std::copy(clock(t), clock(t) + m_k, l.begin());
        tick(t);
    }

    // Operations of all objects in time order. At one instant a thread's accesses come after
    // its other operations: an access takes time after its moment (kAccessTime on the
    // simulated machine), so what the thread did at the same instant came before it, and
    // the lock it took just before a read must order that read.
    void merge() {
        const std::size_t objects = m_t.objectCount();
        using Key = std::tuple<Time, int, std::size_t>; // time, accesses last, object
        std::priority_queue<Key, std::vector<Key>, std::greater<>> heads;
        std::vector<std::size_t> pos(objects, 0), sizes(objects);
        auto rank = [&](std::size_t o) {
            return m_t.object(o).kind == ObjectKind::Variable ? 1 : 0;
        };
        for (std::size_t o = 0; o < objects; ++o) {
            sizes[o] = m_t.objectEvents(o).size();
            if (sizes[o] && m_t.object(o).kind != ObjectKind::Assertion)
                heads.emplace(m_t.objectEvents(o)[0].time, rank(o), o);
        }
        while (!heads.empty()) {
            const auto [time, r, o] = heads.top();
            heads.pop();
            const EventStream& s = m_t.objectEvents(o);
            std::size_t& i = pos[o];
            // Stay on this object while it is still first.
            do {
                step(o, s[i], i);
                ++i;
            } while (i < sizes[o] && (heads.empty() || Key(s[i].time, r, o) < heads.top()));
            if (i < sizes[o]) heads.emplace(s[i].time, r, o);
        }
    }

    void step(std::size_t o, const Event& e, std::size_t index) {
        const std::size_t t = e.ref;
        if (t >= m_t.threadCount()) return;
        const Op op = e.op();
        switch (m_t.object(o).kind) {
        case ObjectKind::Mutex:
        case ObjectKind::Gil:
            if (op == Op::Lock) acquire(t, objectClock(o));
            if (op == Op::Unlock) release(t, objectClock(o));
            break;
        case ObjectKind::RwLock: {
            const bool shared = e.arg & OpFlagShared;
            if (op == Op::Lock) {
                acquire(t, objectClock(o));
                if (!shared) acquire(t, readClock(o)); // a writer comes after the readers
            } else if (op == Op::Unlock) {
                release(t, shared ? readClock(o) : objectClock(o));
            }
            break;
        }
        case ObjectKind::Queue: // a locked structure: every operation takes its lock
            if (op == Op::Put || op == Op::Get || op == Op::Close)
                acquireRelease(t, objectClock(o));
            break;
        case ObjectKind::Semaphore:
            if (op == Op::Release) release(t, objectClock(o));
            if (op == Op::Acquire) acquire(t, objectClock(o));
            break;
        case ObjectKind::Barrier:
            if (op == Op::Arrive || op == Op::Abort) release(t, objectClock(o));
            if (op == Op::Pass) acquire(t, objectClock(o));
            break;
        case ObjectKind::Condition:
            if (op == Op::Notify || op == Op::NotifyAll) release(t, objectClock(o));
            if (op == Op::Wake) acquire(t, objectClock(o));
            break;
        case ObjectKind::Event:
            if (op == Op::Set) release(t, objectClock(o));
            if (op == Op::Wake || op == Op::Wait) acquire(t, objectClock(o));
            break;
        case ObjectKind::Threads:
            if (e.value >= m_t.threadCount()) break;
            if (op == Op::Spawn) { // the child starts knowing what its parent did
                join(clock(e.value), clock(t));
                tick(t);
            } else if (op == Op::Join) { // and the joiner what the child did
                join(clock(t), clock(e.value));
            }
            break;
        case ObjectKind::Fences: // every fence is ordered with the fences before it
            if (op == Op::Fence) acquireRelease(t, m_fences);
            break;
        case ObjectKind::Variable:
            // Every access to an atomic variable is an atomic one: none races, each orders.
            if (isAccess(op) && m_t.object(o).atomic)
                acquireRelease(t, objectClock(o));
            else if (isAccess(op))
                access(o, t, e, index);
            break;
        case ObjectKind::Assertion:
            break;
        }
    }

    void access(std::size_t o, std::size_t t, const Event& e, std::size_t index) {
        if (m_entry[t] < 0) return; // beyond the 64 threads with a clock entry
        const auto me = std::size_t(m_entry[t]);
        Shadow& v = m_vars[o];
        if (v.accessEpoch.empty()) {
            v.accessEpoch.assign(m_k, 0);
            v.writeEpoch.assign(m_k, 0);
            v.accessIndex.assign(m_k, 0);
            v.writeIndex.assign(m_k, 0);
        }
        const std::uint32_t* c = clock(t);
        const bool write = e.op() == Op::Write;
        // A plain write races with any earlier access it is not ordered after; any other
        // access with an earlier plain write. The test is one pass of compares over two
        // arrays of 32-bit epochs (vectorised); only a race looks for its partner, the latest
        // such access, which is the one named.
        const std::uint32_t* earlier = write ? v.accessEpoch.data() : v.writeEpoch.data();
        const std::uint32_t* at = write ? v.accessIndex.data() : v.writeIndex.data();
        // One branch-free pass: the latest earlier access not ordered before this one (its
        // index plus one; 0 for none). The thread's own entry never counts: its epoch is at
        // most its clock.
        std::uint32_t latest = 0;
        for (std::size_t u = 0; u < m_k; ++u) {
            const std::uint32_t candidate = earlier[u] > c[u] ? at[u] + 1 : 0;
            latest = candidate > latest ? candidate : latest;
        }
        const bool racy = latest > 0;
        const std::size_t partner = latest - 1;
        if (racy) {
            ++m_report.total;
            ++m_report.perObject[o];
            if (m_report.races.size() < RaceReport::kMaxKept)
                m_report.races.push_back({int(o), partner, index});
        }
        v.accessEpoch[me] = c[me];
        v.accessIndex[me] = std::uint32_t(index);
        if (write) {
            v.writeEpoch[me] = c[me];
            v.writeIndex[me] = std::uint32_t(index);
        }
        if (isAtomicAccess(e.op())) acquireRelease(t, objectClock(o));
    }

    // Each variable's last access of each thread and last plain write, by clock entry: the
    // thread's epoch then (0: none) and the access's index in the stream (a stream holds
    // fewer than 2^32 events: a trace file is at most 2 GB, an engine's cap is lower).
    struct Shadow {
        std::vector<std::uint32_t> accessEpoch, writeEpoch;
        std::vector<std::uint32_t> accessIndex, writeIndex;
    };

    const Trace& m_t;
    RaceReport m_report;
    std::vector<int> m_entry; // by thread: its clock entry, or -1
    std::size_t m_k = 0;
    std::vector<std::uint32_t> m_clocks; // threads x m_k
    std::vector<std::vector<std::uint32_t>> m_objectClock, m_readClock;
    std::vector<std::uint32_t> m_fences;
    std::vector<Shadow> m_vars;
};

std::string accessName(const Event& e) {
    return e.op() == Op::Read    ? "read"
           : e.op() == Op::Write ? "write"
                                 : std::string(opName(e.op()));
}

} // namespace

RaceReport findRaces(const Trace& trace) {
    return RaceFinder(trace).run();
}

std::string describeRace(const Trace& trace, const Race& race, TimeSpelling spelling) {
    const auto o = std::size_t(race.variable);
    const EventStream& s = trace.objectEvents(o);
    const Event& a = s[race.first];
    const Event& b = s[race.second];
    return "\"" + trace.object(o).name + "\": " + trace.thread(a.ref).name + "'s " + accessName(a) +
           " at " + exactTime(a.time, spelling) + " and " + trace.thread(b.ref).name + "'s " +
           accessName(b) + " at " + exactTime(b.time, spelling) + " are not ordered";
}

} // namespace tl
