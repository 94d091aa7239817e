// The explorer's paths: the fewest steps to a failure or a goal (breadth first), a schedule
// completed to the end, the machine after a prefix (Step as Scheduler), a failure in words,
// and the replay of a schedule with the scenario's durations.
#include "experiment/exploreimpl.h"
#include "experiment/run.h"

#include <chrono>
#include <unordered_set>

namespace tl {

namespace explorer {

namespace {

std::uint64_t mix(std::uint64_t h, std::uint64_t v) {
    h = (h ^ v) * 0x9E3779B97F4A7C15ull;
    return h ^ (h >> 29);
}

[[noreturn]] void cannotStep(const SimStepper& s, std::size_t k, int t) {
    const std::string who = t >= 0 && std::size_t(t) < s.threadCount()
                                ? s.program().threads[std::size_t(t)].info.name
                                : "thread " + std::to_string(t + 1) + " (there are " +
                                      std::to_string(s.threadCount()) + ")";
    throw std::invalid_argument("step " + std::to_string(k + 1) + " of the schedule: " + who +
                                " cannot go on there");
}

// The machine after `prefix`, with the preemptions it used and the thread that went last (if
// it can go on). Throws std::invalid_argument for a step that cannot be taken.
struct Replayed {
    SimStepper sim;
    int last = -1;
    int preemptions = 0;
};
Replayed replayPrefix(const Program& p, const std::vector<int>& prefix) {
    Replayed r{SimStepper(p)};
    for (std::size_t k = 0; k < prefix.size(); ++k) {
        const int t = prefix[k];
        if (t < 0 || std::size_t(t) >= r.sim.threadCount() || !r.sim.enabled(t))
            cannotStep(r.sim, k, t);
        if (r.last >= 0 && t != r.last) ++r.preemptions;
        r.sim.step(t);
        r.last = r.sim.enabled(t) ? t : -1;
    }
    return r;
}

} // namespace

namespace {

std::optional<std::vector<int>> nearest(const Program& p, const std::vector<int>& prefix,
                                        const std::vector<Target>& targets, const ExploreOptions& o,
                                        bool* exhausted, std::size_t* which) {
    if (exhausted) *exhausted = false;
    using Clock = std::chrono::steady_clock;
    const Clock::time_point start = Clock::now();
    const bool bounded = o.bound != kNoBound;
    Replayed first = replayPrefix(p, prefix);
    // trail[i]: (the node it came from, the thread that went); node 0 is the start.
    std::vector<std::pair<std::size_t, int>> trail{{0, -1}};
    std::vector<int> enabled;
    std::optional<std::pair<int, int>> race;
    auto pathTo = [&](std::size_t node) {
        std::vector<int> tail;
        for (; node != 0; node = trail[node].first)
            tail.push_back(trail[node].second);
        std::vector<int> path = prefix;
        path.insert(path.end(), tail.rbegin(), tail.rend());
        if (race) {
            path.push_back(race->first);
            path.push_back(race->second);
        }
        return path;
    };
    // The first target the machine shows, into *which.
    auto shows = [&](const SimStepper& s) {
        for (std::size_t k = 0; k < targets.size(); ++k)
            if (reached(targets[k], s, enabled, &race)) {
                if (which) *which = k;
                return true;
            }
        return false;
    };
    first.sim.enabledThreads(enabled);
    if (shows(first.sim)) return pathTo(0);

    struct Node {
        std::optional<SimStepper> sim; // kept for the first nodes of a level
        std::size_t trail;
        int last, preemptions;
    };
    // Two levels of nodes. The first kKept of each keep their machine, assigned onto a spare
    // one (which reuses its memory); the others are made again from the start by their path
    // when their turn comes: a machine is about 1.2 KB, and a level of a big program holds
    // hundreds of thousands, while a step of the path takes a few hundred nanoseconds.
    constexpr std::size_t kKept = 16'384;
    std::vector<Node> level, next;
    std::size_t levelSize = 1, nextSize = 0;
    const SimStepper root = first.sim;
    level.push_back(Node{std::move(first.sim), 0, first.last, first.preemptions});
    SimStepper child = root, rebuilt = root;
    std::vector<int> path;
    auto machineOf = [&](const Node& n) -> const SimStepper& {
        if (n.sim) return *n.sim;
        path.clear();
        for (std::size_t k = n.trail; k != 0; k = trail[k].first)
            path.push_back(trail[k].second);
        rebuilt = root;
        for (auto t = path.rbegin(); t != path.rend(); ++t)
            rebuilt.step(*t);
        return rebuilt;
    };
    KeyIndex seen;
    const std::size_t maxStates = std::min<std::size_t>(o.maxStates, 2'000'000);
    std::size_t steps = 0, depth = prefix.size();
    std::vector<int> choices;
    while (levelSize > 0 && ++depth < o.maxDepth) {
        for (std::size_t i = 0; i < levelSize; ++i) {
            const Node& n = level[i];
            const SimStepper& machine = machineOf(n);
            machine.enabledThreads(choices);
            for (const int t : choices) {
                const int preemptions = n.preemptions + (n.last >= 0 && t != n.last ? 1 : 0);
                if (bounded && preemptions > o.bound) continue;
                child = machine;
                child.step(t);
                const int last = child.enabled(t) ? t : -1;
                std::uint64_t key = child.hash();
                if (bounded)
                    key = mix(mix(key, std::uint64_t(last + 1)), std::uint64_t(preemptions));
                if (!seen.insert(key).second) continue;
                trail.emplace_back(n.trail, t);
                child.enabledThreads(enabled);
                if (shows(child)) return pathTo(trail.size() - 1);
                if (child.finished()) continue;
                if (seen.size() > maxStates) return std::nullopt;
                if ((++steps & 1023) == 0) {
                    if (o.cancel && o.cancel->load(std::memory_order_relaxed)) return std::nullopt;
                    if (o.timeLimit > 0 &&
                        std::chrono::duration<double>(Clock::now() - start).count() >= o.timeLimit)
                        return std::nullopt;
                }
                if (nextSize == next.size()) next.emplace_back();
                Node& spare = next[nextSize];
                if (nextSize < kKept)
                    spare.sim = child; // assigned: reuses its memory
                else
                    spare.sim.reset(); // nothing left from a node of an earlier level
                spare.trail = trail.size() - 1;
                spare.last = last;
                spare.preemptions = preemptions;
                ++nextSize;
            }
        }
        level.swap(next);
        levelSize = nextSize;
        nextSize = 0;
    }
    if (exhausted) *exhausted = levelSize == 0;
    return std::nullopt;
}

} // namespace

std::optional<std::vector<int>> shortestPrefix(const Program& p, const std::vector<int>& prefix,
                                               const Target& target, const ExploreOptions& o,
                                               bool* exhausted) {
    return nearest(p, prefix, {target}, o, exhausted, nullptr);
}

std::optional<std::vector<int>> shortestPrefix(const Program& p, const std::vector<int>& prefix,
                                               const std::vector<Target>& targets,
                                               const ExploreOptions& o, std::size_t* which) {
    return nearest(p, prefix, targets, o, nullptr, which);
}

std::string failureWords(const Program& p, const std::vector<int>& prefix, const Target& target) {
    const std::vector<std::string> words = describeSchedule(p, prefix);
    if (target.kind == FailureKind::Race) {
        const Replayed r = replayPrefix(p, {prefix.begin(), prefix.end() - 2});
        return raceWords(r.sim, {prefix[prefix.size() - 2], prefix.back()});
    }
    const Replayed r = replayPrefix(p, prefix);
    const SimStepper& s = r.sim;
    switch (target.kind) {
    case FailureKind::Deadlock: {
        // What each thread still there did last: what it waits for.
        std::string who;
        for (std::size_t t = 0; t < s.threadCount(); ++t) {
            if (s.status(int(t)) != SimStepper::ThreadStatus::Blocked) continue;
            for (std::size_t k = prefix.size(); k-- > 0;)
                if (prefix[k] == int(t)) {
                    who += (who.empty() ? "" : ", ") + words[k];
                    break;
                }
        }
        return "a deadlock" + (who.empty() ? std::string() : ": " + who);
    }
    case FailureKind::Assert:
        for (const StepOp& op : s.lastOps())
            if (op.event.op() == Op::AssertFailed)
                return "the assert " + p.objects[std::size_t(op.object)].info.name + " fails";
        return "an assert fails";
    case FailureKind::Error:
        return s.error();
    case FailureKind::Expect: {
        std::string what;
        for (std::size_t o = 0; o < p.objects.size(); ++o) {
            const ObjectInfo& info = p.objects[o].info;
            if (info.kind == ObjectKind::Variable && info.hasExpected &&
                s.value(int(o)) != info.expected)
                what += (what.empty() ? "" : "; ") + info.name + " ends " +
                        std::to_string(s.value(int(o))) + ", expected " +
                        std::to_string(info.expected);
        }
        if (p.hasExpect && endOf(s).expectHeld == false && what.empty())
            what = p.expect.expr.text + " does not hold at the end";
        return what;
    }
    default:
        return std::string(failureKindName(target.kind));
    }
}

} // namespace explorer

using namespace explorer;

std::vector<int> completeSchedule(const Program& program, const std::vector<int>& prefix) {
    Replayed r = replayPrefix(program, prefix);
    std::vector<int> schedule = prefix;
    // Going on with the same thread, except where that comes back to a state it was in (a
    // spin loop waiting for another thread): then the next thread round the table goes.
    std::unordered_set<std::uint64_t> seen{r.sim.hash()};
    std::vector<int> enabled;
    int last = r.last;
    for (std::size_t n = 0; n < 1'000'000; ++n) {
        r.sim.enabledThreads(enabled);
        if (enabled.empty()) break;
        int t = defaultChoice(r.sim, last);
        SimStepper child = r.sim;
        child.step(t);
        if (!seen.insert(child.hash()).second) {
            auto after = std::upper_bound(enabled.begin(), enabled.end(), t);
            const int other = after != enabled.end() ? *after : enabled.front();
            if (other != t) {
                t = other;
                child = r.sim;
                child.step(t);
                seen.insert(child.hash());
            }
        }
        r.sim = std::move(child);
        schedule.push_back(t);
        last = r.sim.enabled(t) ? t : -1;
    }
    return schedule;
}

ExplorePoint explorePoint(const Program& program, const std::vector<int>& prefix) {
    ExplorePoint point;
    point.steps = describeSchedule(program, prefix);
    const Replayed r = replayPrefix(program, prefix);
    std::vector<int> enabled;
    r.sim.enabledThreads(enabled);
    for (const int t : enabled)
        point.choices.push_back(ExploreChoice{t, nextWords(r.sim, t)});
    for (std::size_t g = 0; g < program.goals.size(); ++g)
        if (goalReached(program.goals[g], r.sim)) point.goalsReached.push_back(int(g));
    if (r.sim.finished()) {
        point.end = r.sim.outcome();
        point.ending = point.end == Outcome::Error ? r.sim.error() : endText(program, endOf(r.sim));
    }
    return point;
}

std::optional<std::vector<int>> pathToGoal(const Program& program, const std::vector<int>& prefix,
                                           int goal, const ExploreOptions& options,
                                           bool* exhausted) {
    if (goal < 0 || std::size_t(goal) >= program.goals.size())
        throw std::invalid_argument("goal " + std::to_string(goal) + ": the scenario has " +
                                    std::to_string(program.goals.size()) + " goals");
    auto path =
        shortestPrefix(program, prefix, Target{FailureKind::Goal, goal}, options, exhausted);
    if (!path) return std::nullopt;
    return std::vector<int>(path->begin() + std::ptrdiff_t(prefix.size()), path->end());
}

std::unique_ptr<Trace> replay(const Program& program, const std::vector<int>& schedule,
                              RunOptions options) {
    options.engine = EngineKind::Simulated;
    options.schedule = schedule;
    auto trace = std::make_unique<Trace>(runInfo(program, options));
    run(program, *trace, options);
    return trace;
}

} // namespace tl
