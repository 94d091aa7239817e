// The explorer's depth-first search (explore.h says what it does and why). One frame per
// choice on the way down, each holding a copy of the machine at that choice; a child is a
// copy of its parent's machine (assigned onto the child frame's, which reuses its memory)
// stepped once. Each state explored is remembered with the outcomes of the schedules through
// it, so that a schedule that comes to it again adds those and stops.
#include "experiment/exploreimpl.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <map>
#include <tuple>

namespace tl {

std::string_view failureKindName(FailureKind k) {
    switch (k) {
    case FailureKind::Goal:
        return "goal";
    case FailureKind::Deadlock:
        return "deadlock";
    case FailureKind::Assert:
        return "failed assert";
    case FailureKind::Error:
        return "error";
    case FailureKind::Expect:
        return "unexpected end";
    case FailureKind::Race:
        return "data race";
    }
    return "?";
}

std::uint64_t ExploreReport::failingSchedules() const {
    std::uint64_t n = 0;
    for (const ExploreOutcome& o : outcomes)
        if (o.fails()) n += o.schedules;
    return n;
}

namespace explorer {
// explorepath.cpp: the fewest steps from `prefix` to the target, breadth first. `exhausted`
// (when given) says whether nothing found means there is nothing to find: every state within
// the bound was seen, no limit ended the search.
std::optional<std::vector<int>> shortestPrefix(const Program& p, const std::vector<int>& prefix,
                                               const Target& target, const ExploreOptions& o,
                                               bool* exhausted = nullptr);
// The same for the first of several targets met: `*which` gets its index.
std::optional<std::vector<int>> shortestPrefix(const Program& p, const std::vector<int>& prefix,
                                               const std::vector<Target>& targets,
                                               const ExploreOptions& o, std::size_t* which);
// The words for a failure reached by `prefix` (its last steps show it).
std::string failureWords(const Program& p, const std::vector<int>& prefix, const Target& target);
} // namespace explorer

namespace {

using namespace explorer;
using Clock = std::chrono::steady_clock;

std::uint64_t addSaturating(std::uint64_t a, std::uint64_t b) {
    return a + b < a ? UINT64_MAX : a + b;
}

std::uint64_t mix(std::uint64_t h, std::uint64_t v) {
    h = (h ^ v) * 0x9E3779B97F4A7C15ull;
    return h ^ (h >> 29);
}

// Schedules by outcome: (outcome index, schedules); a state leads to few outcomes.
using Counts = std::vector<std::pair<std::uint32_t, std::uint64_t>>;

void addCount(Counts& counts, std::uint32_t outcome, std::uint64_t n) {
    for (auto& [o, c] : counts)
        if (o == outcome) {
            c = addSaturating(c, n);
            return;
        }
    counts.emplace_back(outcome, n);
}

// A state explored (or being explored): where its counts are, and which threads were asleep.
struct Entry {
    std::size_t countsAt = 0;
    std::uint32_t countsLength = 0;
    bool done = false; // false while it is on the way down: coming back to it is a cycle
    std::uint64_t sleep = 0;
};

constexpr std::uint32_t kNoEntry = UINT32_MAX;

// The states seen: each state's hash to its entry (KeyIndex), the entries in a vector beside.
// Two arrays are freed at once when the search ends: a node per state (std::unordered_map)
// took a second to free at 4 M states, which a cancelled search made the user wait for.
class StateTable {
public:
    // The entry of `key`, made when it is new (true).
    std::pair<std::uint32_t, bool> find(std::uint64_t key) {
        const auto found = m_index.insert(key);
        if (found.second) m_entries.emplace_back();
        return found;
    }
    Entry& operator[](std::uint32_t index) { return m_entries[index]; }

private:
    KeyIndex m_index;
    std::vector<Entry> m_entries;
};

struct Frame {
    std::optional<SimStepper> sim;
    std::vector<int> order; // the children to try: the thread that went last first
    std::size_t next = 0;
    std::uint64_t sleep = 0;    // threads asleep here (sleep sets)
    std::uint64_t explored = 0; // children explored so far
    int last = -1;              // the thread that went last, if it can go on
    int preemptions = 0;
    std::uint32_t entry = kNoEntry; // in the state table
    Counts counts;                  // of the children explored
};

class Explorer {
public:
    Explorer(const Program& p, const ExploreOptions& o) : m_p(p), m_o(o) {}

    ExploreReport run() {
        m_start = m_lastReport = Clock::now();
        m_report.bound = m_o.bound;
        m_report.stateHashing = m_o.stateHashing;
        m_bounded = m_o.bound != kNoBound;
        m_report.sleepSets = m_sleepSets = m_o.sleepSets && !m_bounded && m_p.threads.size() <= 64;
        m_frames.emplace_back();
        m_frames[0].sim.emplace(m_p);
        std::size_t d = 0;
        if (arrive(0)) descend(d);
        if (m_report.stopped != ExploreStop::None)
            for (std::size_t k = m_frames.size(); k-- > 0;) // fold what is on the way down
                if (k <= d) add(k == 0 ? m_rootCounts : m_frames[k - 1].counts, m_frames[k].counts);
        if (m_depthCut && m_report.stopped == ExploreStop::None)
            m_report.stopped = ExploreStop::MaxDepth;
        m_report.complete = m_report.stopped == ExploreStop::None;
        if (!m_report.complete && m_report.stopped != ExploreStop::Cancelled &&
            std::none_of(m_found.begin(), m_found.end(),
                         [](const auto& f) { return f.has_value(); }))
            lookNearby();
        finishReport();
        return std::move(m_report);
    }

private:
    void add(Counts& into, const Counts& from) {
        for (const auto& [o, c] : from)
            addCount(into, o, c);
    }

    // The search from the root, with d its depth; returns when done or stopped.
    void descend(std::size_t& d) {
        for (;;) {
            if (m_frames.size() < d + 2) m_frames.resize(d + 2);
            Frame& f = m_frames[d];
            int preemptions = 0;
            const int t = pick(f, preemptions);
            if (t < 0) {
                finish(d);
                if (d == 0) return;
                --d;
                m_path.pop_back();
                continue;
            }
            Frame& c = m_frames[d + 1];
            c.sleep = 0;
            if (m_sleepSets) { // what stays asleep: what does not depend on t
                const std::uint64_t asleep = f.sleep | f.explored;
                for (std::size_t u = 0; u < m_p.threads.size(); ++u)
                    if (((asleep >> u) & 1) && !dependent(*f.sim, int(u), t))
                        c.sleep |= std::uint64_t(1) << u;
            }
            f.explored |= std::uint64_t(1) << (t & 63);
            if (c.sim)
                *c.sim = *f.sim;
            else
                c.sim.emplace(*f.sim);
            m_assertsBefore = f.sim->assertFailures();
            c.sim->step(t);
            c.preemptions = preemptions;
            c.last = c.sim->enabled(t) ? t : -1;
            m_path.push_back(t);
            ++m_report.steps;
            if (arrive(d + 1))
                ++d;
            else
                m_path.pop_back();
            if (m_report.stopped != ExploreStop::None) return;
            if ((m_report.steps & 255) == 0 && checkLimits(d)) return;
        }
    }

    // The next child of f to explore, or -1: not asleep, and within the bound.
    int pick(Frame& f, int& preemptions) {
        while (f.next < f.order.size()) {
            const int t = f.order[f.next++];
            if (m_sleepSets && ((f.sleep >> t) & 1)) continue;
            preemptions = f.preemptions + (f.last >= 0 && t != f.last ? 1 : 0);
            if (m_bounded && preemptions > m_o.bound) {
                m_report.boundCut = true;
                continue;
            }
            return t;
        }
        return -1;
    }

    // A machine just reached at depth d: counted and left when it has ended or was explored
    // before; otherwise its children are laid out and it returns true.
    bool arrive(std::size_t d) {
        Frame& f = m_frames[d];
        const SimStepper& s = *f.sim;
        Counts& into = d == 0 ? m_rootCounts : m_frames[d - 1].counts;
        s.enabledThreads(m_enabled);
        noteState(s, d);
        if (s.finished()) {
            const End e = endOf(s);
            noteEnd(s, e);
            addCount(into, outcomeIndex(e), 1);
            countRun();
            m_report.longest = std::max(m_report.longest, d);
            return false;
        }
        if (d >= m_o.maxDepth) { // cut short, and the search goes on with the others
            m_depthCut = true;
            countRun();
            return false;
        }
        f.entry = kNoEntry;
        if (m_o.stateHashing) {
            std::uint64_t key = s.hash();
            // Under a bound, what can still happen depends on the preemptions left and on who
            // went last (going on with it is free); without one, on neither.
            if (m_bounded)
                key = mix(mix(key, std::uint64_t(f.last + 1)), std::uint64_t(f.preemptions));
            const auto [index, inserted] = m_seen.find(key);
            Entry& e = m_seen[index];
            if (!inserted) {
                if (!e.done) { // a cycle: a thread spins until another moves, which it can
                    m_cycles = true;
                    ++m_report.revisits;
                    countRun();
                    return false;
                }
                if (!m_sleepSets || (e.sleep & ~f.sleep) == 0) {
                    for (std::size_t k = 0; k < e.countsLength; ++k)
                        addCount(into, m_pool[e.countsAt + k].first, m_pool[e.countsAt + k].second);
                    ++m_report.revisits;
                    countRun();
                    return false;
                }
                e.done = false; // explored with fewer threads awake: again, with these
            } else {
                e.sleep = f.sleep;
                if (++m_report.states > m_o.maxStates) {
                    m_report.stopped = ExploreStop::MaxStates;
                    return false;
                }
            }
            f.entry = index;
        } else {
            ++m_report.states;
        }
        f.order.assign(m_enabled.begin(), m_enabled.end());
        if (f.last >= 0) { // going on with the thread that went last first: no preemption
            auto at = std::find(f.order.begin(), f.order.end(), f.last);
            if (at != f.order.end()) std::rotate(f.order.begin(), at, at + 1);
        }
        f.next = 0;
        f.explored = 0;
        f.counts.clear();
        return true;
    }

    // A schedule run to its end, or to a state explored before.
    void countRun() {
        if (++m_report.runs == m_o.maxSchedules) m_report.stopped = ExploreStop::MaxSchedules;
    }

    void finish(std::size_t d) {
        Frame& f = m_frames[d];
        if (f.entry != kNoEntry) {
            Entry& e = m_seen[f.entry];
            e.countsAt = m_pool.size();
            e.countsLength = std::uint32_t(f.counts.size());
            m_pool.insert(m_pool.end(), f.counts.begin(), f.counts.end());
            e.sleep &= f.sleep;
            e.done = true;
        }
        add(d == 0 ? m_rootCounts : m_frames[d - 1].counts, f.counts);
    }

    bool checkLimits(std::size_t d) {
        if (m_o.cancel && m_o.cancel->load(std::memory_order_relaxed))
            m_report.stopped = ExploreStop::Cancelled;
        if ((m_report.steps & 4095) == 0) {
            const Clock::time_point now = Clock::now();
            const double seconds = std::chrono::duration<double>(now - m_start).count();
            if (m_o.timeLimit > 0 && seconds >= m_o.timeLimit)
                m_report.stopped = ExploreStop::TimeLimit;
            if (m_o.progress && now - m_lastReport >= std::chrono::milliseconds(100)) {
                m_lastReport = now;
                ExploreProgress pr;
                pr.runs = m_report.runs;
                pr.states = m_report.states;
                pr.depth = d;
                pr.seconds = seconds;
                pr.runsPerSecond = seconds > 0 ? double(pr.runs) / seconds : 0;
                pr.statesPerSecond = seconds > 0 ? double(pr.states) / seconds : 0;
                m_o.progress(pr);
            }
        }
        return m_report.stopped != ExploreStop::None;
    }

    // ---- what the schedules show ----

    std::uint32_t outcomeIndex(const End& e) {
        auto [it, inserted] = m_outcomeIndex.try_emplace(
            std::tuple{int(e.end), e.assertFailed, e.expectHeld, e.values},
            std::uint32_t(m_report.outcomes.size()));
        if (inserted) {
            ExploreOutcome o;
            o.end = e.end;
            o.assertFailed = e.assertFailed;
            o.expectHeld = e.expectHeld;
            o.values = e.values;
            o.text = endText(m_p, e);
            o.example = m_path;
            m_report.outcomes.push_back(std::move(o));
        }
        return it->second;
    }

    void found(FailureKind kind, std::size_t extra = 0) {
        auto& f = m_found[std::size_t(kind)];
        if (!f || f->size() > m_path.size() + extra) {
            f = m_path;
            f->resize(m_path.size() + extra, -1); // a race's two accesses, filled in later
        }
    }

    // What a state shows on the way: a goal reached, an assert just failed, a data race.
    void noteState(const SimStepper& s, std::size_t d) {
        if (m_o.goal >= 0) {
            const CompiledGoal& g = m_p.goals[std::size_t(m_o.goal)];
            if ((g.kind == GoalSpec::Kind::State || g.kind == GoalSpec::Kind::AssertFails) &&
                goalReached(g, s))
                found(FailureKind::Goal);
            return;
        }
        if (s.assertFailures() > 0 && (d == 0 || m_assertsBefore == 0)) found(FailureKind::Assert);
        if (!m_found[std::size_t(FailureKind::Race)] && raceAt(s, m_enabled))
            found(FailureKind::Race, 2);
    }

    void noteEnd(const SimStepper& s, const End& e) {
        if (m_o.goal >= 0) {
            const CompiledGoal& g = m_p.goals[std::size_t(m_o.goal)];
            if ((g.kind == GoalSpec::Kind::End || g.kind == GoalSpec::Kind::Deadlock) &&
                goalReached(g, s))
                found(FailureKind::Goal);
            return;
        }
        if (e.end == Outcome::Deadlock) found(FailureKind::Deadlock);
        if (e.end == Outcome::Error) found(FailureKind::Error);
        if (!e.expectHeld) found(FailureKind::Expect);
    }

    // A limit ended the depth-first search before it met a failure, which may lie where it had
    // not come: it goes deep first, and six naive philosophers deadlock 12 steps from the start
    // in orders it would come to after millions of states. So the failures nearest the start
    // are looked for breadth first, within the bound, up to a million states more (eight naive
    // philosophers: their deadlock 16 steps away, in 0.9 s; eight ordered, nothing to find, 1.9 s).
    void lookNearby() {
        std::vector<Target> targets;
        if (m_o.goal >= 0) {
            targets.push_back({FailureKind::Goal, m_o.goal});
        } else {
            for (const FailureKind k : {FailureKind::Deadlock, FailureKind::Assert,
                                        FailureKind::Error, FailureKind::Expect, FailureKind::Race})
                targets.push_back({k, -1});
        }
        ExploreOptions bfs = m_o;
        bfs.progress = nullptr;
        bfs.maxStates = std::min<std::size_t>(m_o.maxStates, 1'000'000);
        bfs.timeLimit = remainingTime();
        std::size_t which = 0;
        if (auto found = shortestPrefix(m_p, {}, targets, bfs, &which)) {
            const auto k = std::size_t(targets[which].kind);
            m_found[k] = std::move(*found);
            m_nearby[k] = true;
        }
    }

    // What is left of the time limit, a tenth of it at least; 0 without one.
    double remainingTime() const {
        if (m_o.timeLimit <= 0) return 0;
        return std::max(m_o.timeLimit -
                            std::chrono::duration<double>(Clock::now() - m_start).count(),
                        m_o.timeLimit / 10);
    }

    void finishReport() {
        for (const auto& [o, c] : m_rootCounts) {
            m_report.outcomes[o].schedules = c;
            m_report.schedules = addSaturating(m_report.schedules, c);
        }
        m_report.exact = !m_sleepSets && !m_cycles && m_report.schedules != UINT64_MAX;
        std::stable_sort(m_report.outcomes.begin(), m_report.outcomes.end(),
                         [](const ExploreOutcome& a, const ExploreOutcome& b) {
                             return a.schedules > b.schedules;
                         });
        // Each kind found, in order of seriousness, with the shortest schedule to it.
        for (std::size_t k = 0; k < m_found.size(); ++k) {
            if (!m_found[k]) continue;
            const Target target{FailureKind(k), m_o.goal};
            ExploreFailure f;
            f.kind = target.kind;
            std::vector<int> prefix = *m_found[k];
            ExploreOptions bfs = m_o;
            bfs.progress = nullptr;
            bfs.timeLimit = remainingTime();
            f.pastTheSearch = m_nearby[k];
            if (m_nearby[k]) { // found breadth first already: the shortest
            } else if (auto shortest = shortestPrefix(m_p, {}, target, bfs)) {
                prefix = std::move(*shortest);
            } else {
                f.shortest = false;
                if (target.kind == FailureKind::Race) // the pair, as the state shows it
                    prefix = *shortestPrefix(m_p, {prefix.begin(), prefix.end() - 2}, target,
                                             ExploreOptions{});
            }
            f.steps = prefix.size();
            f.what = target.kind == FailureKind::Goal ? m_p.goals[std::size_t(m_o.goal)].name
                                                      : failureWords(m_p, prefix, target);
            f.schedule = completeSchedule(m_p, prefix);
            m_report.failures.push_back(std::move(f));
        }
        m_report.seconds = std::chrono::duration<double>(Clock::now() - m_start).count();
    }

    const Program& m_p;
    const ExploreOptions& m_o;
    ExploreReport m_report;
    bool m_bounded = true, m_sleepSets = false, m_cycles = false, m_depthCut = false;
    std::vector<Frame> m_frames;
    std::vector<int> m_path;    // the choices down to the frame being explored
    std::vector<int> m_enabled; // scratch
    std::size_t m_assertsBefore = 0;
    StateTable m_seen;
    std::vector<std::pair<std::uint32_t, std::uint64_t>> m_pool; // the states' counts
    Counts m_rootCounts;
    std::map<std::tuple<int, bool, bool, std::vector<std::int64_t>>, std::uint32_t> m_outcomeIndex;
    std::array<std::optional<std::vector<int>>, 6> m_found; // by FailureKind
    std::array<bool, 6> m_nearby{};                         // found by lookNearby
    Clock::time_point m_start, m_lastReport;
};

} // namespace

ExploreReport explore(const Program& program, const ExploreOptions& options) {
    if (options.goal >= int(program.goals.size()))
        throw std::invalid_argument("goal " + std::to_string(options.goal) + ": the scenario has " +
                                    std::to_string(program.goals.size()) + " goals");
    return Explorer(program, options).run();
}

} // namespace tl
