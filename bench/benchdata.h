#pragma once
// Traces for the benchmarks: a bundled scenario run on the simulated engine, built once.
#include "experiment/run.h"
#include "scenario/catalog.h"

#include <initializer_list>
#include <memory>
#include <string>
#include <utility>

namespace tl::bench {

inline Program program(const std::string& id,
                       std::initializer_list<std::pair<const char*, const char*>> params) {
    const Scenario s = resolveScenario(id);
    ParamValues values = defaultValues(s);
    for (const auto& [name, value] : params)
        setParameter(s, values, name, value);
    return compile(s, values);
}

inline std::unique_ptr<Trace> simulate(const Program& p, std::uint64_t seed = 1) {
    RunOptions options;
    options.seed = seed;
    auto trace = std::make_unique<Trace>(runInfo(p, options));
    run(p, *trace, options);
    return trace;
}

// About 0.4 million events: 16 producers and 16 consumers moving 50,000 items through a
// queue of 8, on 4 simulated cores (waits, hand-offs, preemption, flows, counters).
inline const Trace& exportTrace() {
    static const std::unique_ptr<Trace> trace = simulate(
        program("producer-consumer",
                {{"producers", "16"}, {"consumers", "16"}, {"capacity", "8"}, {"items", "50000"}}));
    return *trace;
}

} // namespace tl::bench
