#include "analysis/checks.h"

#include "analysis/races.h"
#include "analysis/summary.h"
#include "analysis/variables.h"
#include "model/timefmt.h"

#include <map>
#include <unordered_map>
#include <vector>

namespace tl {

namespace {

std::string at(const Trace& trace, const Event& e) {
    return trace.thread(e.ref).name + " at " + exactTime(e.time);
}

class Checker {
public:
    explicit Checker(const Trace& trace) : m_trace(trace) {}

    std::vector<CheckResult> run() {
        for (const char* name : {"mutual exclusion", "permits", "queue depth", "barrier", "items",
                                 "intervals", "races", "asserts"})
            m_results.push_back(CheckResult{name, true, {}, false});
        for (std::size_t o = 0, n = m_trace.objectCount(); o < n; ++o) {
            switch (m_trace.object(o).kind) {
            case ObjectKind::Mutex:
            case ObjectKind::Gil: // one holder at a time, like a mutex
                m_results[0].applies = true;
                mutex(o);
                break;
            case ObjectKind::RwLock:
                m_results[0].applies = true;
                rwlock(o);
                break;
            case ObjectKind::Semaphore:
                m_results[1].applies = true;
                semaphore(o);
                break;
            case ObjectKind::Queue:
                m_results[2].applies = true; // depth, and every item got once
                m_results[4].applies = true;
                queue(o);
                break;
            case ObjectKind::Barrier:
                m_results[3].applies = true;
                barrier(o);
                break;
            default:
                break;
            }
        }
        for (std::size_t t = 0, n = m_trace.threadCount(); t < n; ++t) {
            m_results[5].applies = true;
            intervals(t);
        }
        races();
        asserts();
        return m_results;
    }

private:
    // Keeps the first failure of each check: the one to look at.
    void failed(std::size_t check, const std::string& detail) {
        if (m_results[check].passed) {
            m_results[check].passed = false;
            m_results[check].detail = detail;
        }
    }

    void mutex(std::size_t o) {
        const EventStream& s = m_trace.objectEvents(o);
        const std::string& name = m_trace.object(o).name;
        int owner = -1;
        for (std::size_t i = 0, n = s.size(); i < n; ++i) {
            const Event& e = s[i];
            if (e.op() == Op::Lock) {
                if (owner >= 0)
                    return failed(0, "\"" + name + "\" locked by " + at(m_trace, e) +
                                         " while held by " +
                                         m_trace.thread(std::size_t(owner)).name);
                owner = e.ref;
            } else if (e.op() == Op::Unlock) {
                if (owner != e.ref)
                    return failed(0, "\"" + name + "\" unlocked by " + at(m_trace, e) +
                                         ", which does not hold it");
                owner = -1;
            }
        }
    }

    // A writer alone; readers only while no writer holds it. A reader gives back only a
    // read lock it holds.
    void rwlock(std::size_t o) {
        const EventStream& s = m_trace.objectEvents(o);
        const std::string& name = m_trace.object(o).name;
        int writer = -1;
        std::map<int, int> readers; // thread -> read locks it holds
        std::int64_t inside = 0;
        for (std::size_t i = 0, n = s.size(); i < n; ++i) {
            const Event& e = s[i];
            const bool shared = e.arg & OpFlagShared;
            if (e.op() == Op::Lock) {
                if (writer >= 0)
                    return failed(0, "\"" + name + "\" " + (shared ? "read-locked" : "locked") +
                                         " by " + at(m_trace, e) + " while held by " +
                                         m_trace.thread(std::size_t(writer)).name);
                if (!shared && inside > 0)
                    return failed(0, "\"" + name + "\" locked by " + at(m_trace, e) + " while " +
                                         std::to_string(inside) +
                                         (inside == 1 ? " reader holds it" : " readers hold it"));
                if (shared) {
                    ++readers[e.ref];
                    ++inside;
                } else {
                    writer = e.ref;
                }
            } else if (e.op() == Op::Unlock) {
                if (shared ? readers[e.ref] <= 0 : writer != e.ref)
                    return failed(0, "\"" + name + "\" " + (shared ? "read-unlocked" : "unlocked") +
                                         " by " + at(m_trace, e) + ", which does not hold it");
                if (shared) {
                    --readers[e.ref];
                    --inside;
                } else {
                    writer = -1;
                }
            }
        }
    }

    void semaphore(std::size_t o) {
        const EventStream& s = m_trace.objectEvents(o);
        const ObjectInfo& info = m_trace.object(o);
        std::int64_t inUse = 0;
        for (std::size_t i = 0, n = s.size(); i < n; ++i) {
            const Event& e = s[i];
            if (e.op() == Op::Acquire && ++inUse > info.capacity)
                return failed(1, "\"" + info.name + "\": " + std::to_string(inUse) +
                                     " inside after the acquire by " + at(m_trace, e) +
                                     "; permits " + std::to_string(info.capacity));
            if (e.op() == Op::Release) --inUse;
        }
    }

    void queue(std::size_t o) {
        const EventStream& s = m_trace.objectEvents(o);
        const ObjectInfo& info = m_trace.object(o);
        std::int64_t depth = 0;
        bool closed = false;
        std::unordered_map<std::uint32_t, std::uint8_t> seen; // bit 1: put, bit 2: got
        for (std::size_t i = 0, n = s.size(); i < n; ++i) {
            const Event& e = s[i];
            if (e.op() == Op::Put) {
                if (++depth > info.capacity)
                    failed(2, "\"" + info.name + "\" holds " + std::to_string(depth) +
                                  " after the put by " + at(m_trace, e) + "; capacity " +
                                  std::to_string(info.capacity));
                std::uint8_t& st = seen[e.value];
                if (st & 1)
                    failed(4, "\"" + info.name + "\": item " + std::to_string(e.value) +
                                  " put twice (again by " + at(m_trace, e) + ")");
                st |= 1;
            } else if (e.op() == Op::Get) {
                if (--depth < 0)
                    failed(2, "\"" + info.name + "\" has a get by " + at(m_trace, e) +
                                  " from an empty queue");
                auto it = seen.find(e.value);
                if (it == seen.end() || !(it->second & 1))
                    failed(4, "\"" + info.name + "\": item " + std::to_string(e.value) +
                                  " got by " + at(m_trace, e) + " was never put");
                else if (it->second & 2)
                    failed(4, "\"" + info.name + "\": item " + std::to_string(e.value) +
                                  " got twice (again by " + at(m_trace, e) + ")");
                else
                    it->second |= 2;
            } else if (e.op() == Op::Close) {
                closed = true;
            }
        }
        // A drained queue (closed, empty, and the run completed) got every item exactly once.
        if (closed && depth == 0 && m_trace.outcome() == Outcome::Completed)
            for (const auto& [item, st] : seen)
                if (st != 3)
                    return failed(4, "\"" + info.name + "\": item " + std::to_string(item) +
                                         " was put but never got");
    }

    void barrier(std::size_t o) {
        const EventStream& s = m_trace.objectEvents(o);
        const ObjectInfo& info = m_trace.object(o);
        std::map<std::uint32_t, std::int64_t> arrivals;
        for (std::size_t i = 0, n = s.size(); i < n; ++i) {
            const Event& e = s[i];
            if (e.op() == Op::Arrive)
                ++arrivals[e.value];
            else if (e.op() == Op::Pass && !(e.arg & OpFlagBroken) &&
                     arrivals[e.value] < info.capacity)
                return failed(3, "\"" + info.name + "\": " + at(m_trace, e) +
                                     " passed generation " + std::to_string(e.value) + " after " +
                                     std::to_string(arrivals[e.value]) + " of " +
                                     std::to_string(info.capacity) + " arrivals");
        }
    }

    void intervals(std::size_t t) {
        const EventStream& s = m_trace.threadEvents(t);
        const std::string& name = m_trace.thread(t).name;
        for (std::size_t i = 0, n = s.size(); i < n; ++i) {
            if (i > 0 && s[i].time < s[i - 1].time)
                return failed(5, name + ": state at " + exactTime(s[i].time) +
                                     " starts before the previous one at " +
                                     exactTime(s[i - 1].time));
            if (s[i].state() == ThreadState::Exited && i + 1 != n)
                return failed(5, name + ": states recorded after the thread ended");
            if (s[i].code > std::uint8_t(ThreadState::Exited))
                return failed(5, name + ": unknown state code " + std::to_string(s[i].code));
        }
    }

    void races() {
        const RaceReport report = findRaces(m_trace);
        m_results[6].applies = report.applies;
        if (report.total == 0) return;
        std::string detail =
            countOf(report.total, "access races", "accesses race") +
            " with an earlier one; the first: " + describeRace(m_trace, report.races.front());
        if (report.checked < report.accessors)
            detail += " (only the first " + std::to_string(report.checked) + " of the " +
                      std::to_string(report.accessors) + " threads that access variables checked)";
        failed(6, detail);
    }

    // Every assert that failed while the run went on, and every variable that does not end
    // with the value the scenario expects (only when the run completed: a stopped run has not
    // done all its work).
    void asserts() {
        // The earliest failed assert is named first; then the values at the end.
        std::size_t failures = 0;
        std::string first;
        Time firstAt = 0;
        for (std::size_t o = 0, n = m_trace.objectCount(); o < n; ++o) {
            if (m_trace.object(o).kind != ObjectKind::Assertion) continue;
            m_results[7].applies = true;
            const EventStream& s = m_trace.objectEvents(o);
            for (std::size_t i = 0, k = s.size(); i < k; ++i) {
                if (s[i].op() != Op::AssertFailed || (s[i].arg & OpFlagMore)) continue;
                if (failures++ == 0 || s[i].time < firstAt) {
                    first = describeAssertFailure(m_trace, o, i);
                    firstAt = s[i].time;
                }
            }
        }
        for (std::size_t o = 0, n = m_trace.objectCount(); o < n; ++o) {
            const ObjectInfo& info = m_trace.object(o);
            if (info.kind != ObjectKind::Variable || !info.hasExpected) continue;
            m_results[7].applies = true;
            if (m_trace.outcome() == Outcome::Completed &&
                finalValue(m_trace, o) != info.expected && failures++ == 0)
                first = variableLine(m_trace, o);
        }
        if (const auto& e = m_trace.expectation()) {
            m_results[7].applies = true;
            if (m_trace.outcome() == Outcome::Completed && !e->held && failures++ == 0)
                first = expectationLine(m_trace);
        }
        if (failures == 0) return;
        failed(7,
               failures == 1 ? first : std::to_string(failures) + " failures; the first: " + first);
    }

    const Trace& m_trace;
    std::vector<CheckResult> m_results;
};

} // namespace

std::vector<CheckResult> runChecks(const Trace& trace) {
    return Checker(trace).run();
}

bool allPassed(const std::vector<CheckResult>& results) {
    for (const CheckResult& r : results)
        if (!r.passed) return false;
    return true;
}

} // namespace tl
