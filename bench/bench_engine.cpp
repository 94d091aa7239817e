// The simulated engine's speed in recorded events per second (items_per_second), on a
// large lock-contention run and a large producer/consumer run, beside the cost of only
// appending the same number of events to the same number of streams.
#include "benchdata.h"

#include <benchmark/benchmark.h>

namespace {

using namespace tl;

void simulateBenchmark(benchmark::State& state, const Program& p) {
    std::size_t events = 0;
    for (auto _ : state) {
        auto trace = bench::simulate(p);
        events += trace->eventCount();
        state.PauseTiming(); // freeing the recording is not the engine's work
        trace.reset();
        state.ResumeTiming();
    }
    state.SetItemsProcessed(std::int64_t(events));
}

// 64 workers on 4 cores: a convoy behind one mutex, with preemption (about 3 M events).
void BM_Sim_LockContention(benchmark::State& state) {
    static const Program p = bench::program(
        "lock-contention",
        {{"workers", "64"}, {"iterations", "5000"}, {"think", "200us"}, {"hold", "20us"}});
    simulateBenchmark(state, p);
}
BENCHMARK(BM_Sim_LockContention)->Unit(benchmark::kMillisecond)->MinTime(2.0);

// 8 producers, 8 consumers, 500,000 items through a queue of 16 (about 2.5 M events).
void BM_Sim_ProducerConsumer(benchmark::State& state) {
    static const Program p = bench::program("producer-consumer", {{"producers", "8"},
                                                                  {"consumers", "8"},
                                                                  {"capacity", "16"},
                                                                  {"items", "500000"},
                                                                  {"produceTime", "20us"},
                                                                  {"consumeTime", "40us"}});
    simulateBenchmark(state, p);
}
BENCHMARK(BM_Sim_ProducerConsumer)->Unit(benchmark::kMillisecond)->MinTime(2.0);

// Shared variables in play: 64 workers on 4 cores, 20,000 unprotected increments each
// (every access a moment of its own: a read, a compute, a write), about 5.2 M events.
void BM_Sim_LostUpdate(benchmark::State& state) {
    static const Program p =
        bench::program("lost-update", {{"workers", "64"}, {"increments", "20000"}});
    simulateBenchmark(state, p);
}
BENCHMARK(BM_Sim_LostUpdate)->Unit(benchmark::kMillisecond)->MinTime(2.0);

// Spinning: 16 workers on 4 cores take a test-and-test-and-set lock 60 times each; the
// waiters read the lock word every 10 ns until it looks free (about 5.4 M events: with more workers
// than cores the spinners keep the holder off the cores).
void BM_Sim_SpinLock(benchmark::State& state) {
    static const Program p =
        bench::program("spin-lock", {{"workers", "16"}, {"variant", "ttas"}, {"iterations", "60"}});
    simulateBenchmark(state, p);
}
BENCHMARK(BM_Sim_SpinLock)->Unit(benchmark::kMillisecond)->MinTime(2.0);

// The floor: the lock-contention run's event count appended round-robin to as many
// streams, with nothing simulated.
void BM_Sim_Baseline_AppendOnly(benchmark::State& state) {
    static const Program p = bench::program(
        "lock-contention",
        {{"workers", "64"}, {"iterations", "5000"}, {"think", "200us"}, {"hold", "20us"}});
    static const std::size_t count = bench::simulate(p)->eventCount();
    for (auto _ : state) {
        auto trace = std::make_unique<Trace>();
        for (int t = 0; t < 65; ++t)
            trace->addThread({"t", "t", 1});
        for (std::size_t i = 0; i < count; ++i)
            trace->threadEvents(i % 65).append(Event{Time(i), 0, kNoRef, 0, 0});
        benchmark::DoNotOptimize(trace->eventCount());
        state.PauseTiming();
        trace.reset();
        state.ResumeTiming();
    }
    state.SetItemsProcessed(std::int64_t(count * state.iterations()));
}
BENCHMARK(BM_Sim_Baseline_AppendOnly)->Unit(benchmark::kMillisecond)->MinTime(2.0);

} // namespace
