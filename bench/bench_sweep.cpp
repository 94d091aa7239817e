// A sweep's speed in recorded events per second, beside BM_Sim_LockContention (bench_engine):
// the same lock-contention run, swept over workers 1, 2, 4 ... 64. What a sweep adds to the
// runs themselves is per point: compiling, computeStatistics over the trace, and freeing it
// (which the single-run benchmark leaves out of its timing).
#include "experiment/sweep.h"
#include "scenario/catalog.h"

#include <benchmark/benchmark.h>

namespace {

using namespace tl;

void BM_Sweep_LockContention(benchmark::State& state) {
    SweepRequest r;
    r.scenario = resolveScenario("lock-contention");
    r.values = defaultValues(r.scenario);
    for (const auto& [name, value] :
         {std::pair{"iterations", "5000"}, std::pair{"think", "200us"}, std::pair{"hold", "20us"}})
        setParameter(r.scenario, r.values, name, value);
    r.parameter = "workers";
    r.points = sweepPoints(1, 64, 7, true); // 1, 2, 4, ... 64
    std::size_t events = 0;
    for (auto _ : state) {
        const SweepResult res = runSweep(r);
        for (const SweepPoint& pt : res.points)
            events += pt.events;
    }
    state.SetItemsProcessed(std::int64_t(events));
    state.counters["points"] = double(r.points.size());
}
BENCHMARK(BM_Sweep_LockContention)->Unit(benchmark::kMillisecond)->MinTime(2.0);

} // namespace
