// The checks on the largest bundled runs: every check of a trace (runChecks, the race check
// included), the race check alone, and the check of mutual exclusion and the rest without
// it, in one run, so the race check's share can be read off. On traces without variables the
// race check only looks for a variable; on traces with them it is one pass over every
// operation with vector clocks of at most 64 entries.
#include "analysis/checks.h"
#include "analysis/races.h"
#include "benchdata.h"

#include <benchmark/benchmark.h>

namespace {

using namespace tl;

// 64 workers on 4 cores, 5000 updates each behind one mutex (about 1.5 M events).
const Trace& lockContention() {
    static const auto t = bench::simulate(bench::program(
        "lock-contention",
        {{"workers", "64"}, {"iterations", "5000"}, {"think", "200us"}, {"hold", "20us"}}));
    return *t;
}
// 8 producers, 8 consumers, 500,000 items (about 1.7 M events).
const Trace& producerConsumer() {
    static const auto t =
        bench::simulate(bench::program("producer-consumer", {{"producers", "8"},
                                                             {"consumers", "8"},
                                                             {"capacity", "16"},
                                                             {"items", "500000"},
                                                             {"produceTime", "20us"},
                                                             {"consumeTime", "40us"}}));
    return *t;
}
// 64 workers, 20,000 unprotected increments each on 4 cores: 2.56 M accesses to one
// variable, nearly every one of them racing.
const Trace& lostUpdate() {
    static const auto t = bench::simulate(
        bench::program("lost-update", {{"workers", "64"}, {"increments", "20000"}}));
    return *t;
}
// 16 workers, 60 updates each under a test-and-test-and-set lock: spinning reads,
// compare-exchanges and the counter under the lock (every access ordered).
const Trace& spinLock() {
    static const auto t = bench::simulate(bench::program(
        "spin-lock", {{"workers", "16"}, {"variant", "ttas"}, {"iterations", "60"}}));
    return *t;
}

template <const Trace& (*Make)()> void BM_Checks_All(benchmark::State& state) {
    const Trace& t = Make();
    for (auto _ : state)
        benchmark::DoNotOptimize(runChecks(t));
    state.SetItemsProcessed(std::int64_t(t.eventCount() * state.iterations()));
}
template <const Trace& (*Make)()> void BM_Checks_RacesOnly(benchmark::State& state) {
    const Trace& t = Make();
    for (auto _ : state)
        benchmark::DoNotOptimize(findRaces(t));
    state.SetItemsProcessed(std::int64_t(t.eventCount() * state.iterations()));
}

BENCHMARK(BM_Checks_All<lockContention>)
    ->Name("BM_Checks_All/lock-contention")
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Checks_RacesOnly<lockContention>)
    ->Name("BM_Checks_Races/lock-contention")
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Checks_All<producerConsumer>)
    ->Name("BM_Checks_All/producer-consumer")
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Checks_RacesOnly<producerConsumer>)
    ->Name("BM_Checks_Races/producer-consumer")
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Checks_All<lostUpdate>)
    ->Name("BM_Checks_All/lost-update")
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Checks_RacesOnly<lostUpdate>)
    ->Name("BM_Checks_Races/lost-update")
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Checks_All<spinLock>)->Name("BM_Checks_All/spin-lock")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Checks_RacesOnly<spinLock>)
    ->Name("BM_Checks_Races/spin-lock")
    ->Unit(benchmark::kMillisecond);

} // namespace
