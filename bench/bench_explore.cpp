// The explorer's speed: states explored per second (items_per_second) and schedules run per
// second (the "runs/s" counter), at the default bound of 2 preemptions, on the bundled lessons
// it is meant for, each beside one plain simulated run of the same scenario and values in the
// same binary. Then what the reductions save (schedules and states with and without state
// hashing and sleep sets), and why the search copies a checkpoint for each state rather than
// run the schedule again from the start.
#include "benchdata.h"
#include "engine/simstep.h"
#include "experiment/explore.h"

#include <benchmark/benchmark.h>

#include <map>

namespace {

using namespace tl;

void exploreBenchmark(benchmark::State& state, const Program& p, ExploreOptions o = {}) {
    std::uint64_t states = 0, runs = 0, schedules = 0;
    for (auto _ : state) {
        const ExploreReport r = explore(p, o);
        states += r.states;
        runs += r.runs;
        schedules = r.schedules;
        if (!r.complete) state.SkipWithError("the search did not complete");
    }
    state.SetItemsProcessed(std::int64_t(states));
    state.counters["runs/s"] = benchmark::Counter(double(runs), benchmark::Counter::kIsRate);
    state.counters["schedules"] = double(schedules);
    state.counters["states"] = double(states) / double(state.iterations());
}

// The same scenario and values run once on the timed machine, recorded.
void simulateBenchmark(benchmark::State& state, const Program& p) {
    for (auto _ : state) {
        auto trace = bench::simulate(p);
        benchmark::DoNotOptimize(trace->eventCount());
        state.PauseTiming();
        trace.reset();
        state.ResumeTiming();
    }
}

const Program& lostUpdate() { // 2 workers x 1 increment: 6 schedules
    static const Program p = bench::program("lost-update", {{"workers", "2"}, {"increments", "1"}});
    return p;
}
const Program& lostUpdate3x2() { // 3 workers x 2 increments
    static const Program p = bench::program("lost-update", {{"workers", "3"}, {"increments", "2"}});
    return p;
}
const Program& philosophers(const char* n, const char* strategy) {
    static std::map<std::string, Program> programs;
    const std::string key = std::string(n) + strategy;
    auto it = programs.find(key);
    if (it == programs.end())
        it = programs
                 .emplace(key, bench::program("dining-philosophers",
                                              {{"philosophers", n}, {"strategy", strategy}}))
                 .first;
    return it->second;
}
const Program& peterson() { // correct, 20 rounds (the defaults)
    static const Program p = bench::program("peterson", {});
    return p;
}

void BM_Explore_LostUpdate(benchmark::State& s) {
    exploreBenchmark(s, lostUpdate());
}
void BM_Explore_LostUpdate_Baseline_OneRun(benchmark::State& s) {
    simulateBenchmark(s, lostUpdate());
}
void BM_Explore_Philosophers3Naive(benchmark::State& s) {
    exploreBenchmark(s, philosophers("3", "naive"));
}
void BM_Explore_Philosophers3Ordered(benchmark::State& s) {
    exploreBenchmark(s, philosophers("3", "ordered"));
}
void BM_Explore_Philosophers3_Baseline_OneRun(benchmark::State& s) {
    simulateBenchmark(s, philosophers("3", "ordered"));
}
void BM_Explore_Peterson(benchmark::State& s) {
    exploreBenchmark(s, peterson());
}
void BM_Explore_Peterson_Baseline_OneRun(benchmark::State& s) {
    simulateBenchmark(s, peterson());
}
// Larger: 4 philosophers of 10 meals, and 3 workers of 2 increments.
void BM_Explore_Philosophers4Ordered(benchmark::State& s) {
    exploreBenchmark(s, philosophers("4", "ordered"));
}
void BM_Explore_Philosophers4_Baseline_OneRun(benchmark::State& s) {
    simulateBenchmark(s, philosophers("4", "ordered"));
}
void BM_Explore_LostUpdate3x2(benchmark::State& s) {
    exploreBenchmark(s, lostUpdate3x2());
}
// Each baseline first, and the largest search last: after it, the first allocations of the
// next benchmark pay for giving back the millions of small blocks its state table held.
BENCHMARK(BM_Explore_LostUpdate_Baseline_OneRun)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Explore_LostUpdate)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Explore_LostUpdate3x2)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Explore_Philosophers3_Baseline_OneRun)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Explore_Philosophers3Naive)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Explore_Philosophers3Ordered)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Explore_Peterson_Baseline_OneRun)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Explore_Peterson)->Unit(benchmark::kMillisecond);
// What the reductions save: 3 workers x 2 increments, every schedule (no bound), with state
// hashing and sleep sets each on and off; 3 philosophers of 1 meal likewise. The counters
// say how many schedules were run and states met.
void reductions(benchmark::State& s, const Program& p) {
    ExploreOptions o;
    o.bound = kNoBound;
    o.stateHashing = s.range(0) != 0;
    o.sleepSets = s.range(1) != 0;
    exploreBenchmark(s, p, o);
}
void BM_Explore_Reductions_LostUpdate3x2(benchmark::State& s) {
    reductions(s, lostUpdate3x2());
}
void BM_Explore_Reductions_Philosophers3x1(benchmark::State& s) {
    static const Program p =
        bench::program("dining-philosophers", {{"philosophers", "3"}, {"meals", "1"}});
    reductions(s, p);
}
BENCHMARK(BM_Explore_Reductions_LostUpdate3x2)
    ->ArgNames({"hashing", "sleep"})
    ->Args({0, 0})
    ->Args({0, 1})
    ->Args({1, 0})
    ->Args({1, 1})
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Explore_Reductions_Philosophers3x1)
    ->ArgNames({"hashing", "sleep"})
    ->Args({0, 0})
    ->Args({0, 1})
    ->Args({1, 0})
    ->Args({1, 1})
    ->Unit(benchmark::kMillisecond);

// A state by checkpoint: the parent's machine copied onto a spare one and stepped once,
// beside the state by re-execution: a fresh machine and every step from the start again, at
// a depth of `depth` steps (a whole run of the 3 philosophers' 10 meals is 120 steps, and
// the states of its search lie anywhere from 0 to 120 deep).
void BM_Explore_StateByCheckpoint(benchmark::State& s) {
    const Program& p = philosophers("3", "ordered");
    SimStepper parent(p), child(p);
    std::vector<int> enabled;
    for (int k = 0; k < 12; ++k) {
        parent.enabledThreads(enabled);
        parent.step(enabled[std::size_t(k) % enabled.size()]);
    }
    parent.enabledThreads(enabled);
    for (auto _ : s) {
        child = parent;
        child.step(enabled[0]);
        benchmark::DoNotOptimize(child.hash());
    }
    s.SetItemsProcessed(std::int64_t(s.iterations()));
}
void BM_Explore_StateByReexecution(benchmark::State& s) {
    const Program& p = philosophers("3", "ordered");
    std::vector<int> path, enabled;
    {
        SimStepper m(p);
        for (int k = 0; k < s.range(0); ++k) {
            m.enabledThreads(enabled);
            path.push_back(enabled[std::size_t(k) % enabled.size()]);
            m.step(path.back());
        }
    }
    for (auto _ : s) {
        SimStepper m(p);
        for (const int t : path)
            m.step(t);
        benchmark::DoNotOptimize(m.hash());
    }
    s.SetItemsProcessed(std::int64_t(s.iterations()));
}
BENCHMARK(BM_Explore_StateByCheckpoint);
BENCHMARK(BM_Explore_StateByReexecution)->ArgName("depth")->Arg(13)->Arg(60);

BENCHMARK(BM_Explore_Philosophers4_Baseline_OneRun)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Explore_Philosophers4Ordered)->Unit(benchmark::kMillisecond);

} // namespace
