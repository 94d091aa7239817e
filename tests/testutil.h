#pragma once
// Helpers shared by the core tests: run a bundled scenario with parameters on an engine.
#include "experiment/run.h"
#include "scenario/catalog.h"

#include <initializer_list>
#include <memory>
#include <string>
#include <utility>

namespace tl::test {

inline std::unique_ptr<Trace>
runScenario(const std::string& id,
            std::initializer_list<std::pair<const char*, const char*>> params,
            RunOptions options = {}) {
    const Scenario s = resolveScenario(id);
    ParamValues values = defaultValues(s);
    for (const auto& [name, value] : params)
        setParameter(s, values, name, value);
    const Program program = compile(s, values);
    auto trace = std::make_unique<Trace>(runInfo(program, options));
    run(program, *trace, options);
    return trace;
}

inline std::unique_ptr<Trace>
runText(const std::string& json,
        std::initializer_list<std::pair<const char*, const char*>> params = {},
        RunOptions options = {}) {
    const Scenario s = parseScenario(json, "test.json");
    ParamValues values = defaultValues(s);
    for (const auto& [name, value] : params)
        setParameter(s, values, name, value);
    const Program program = compile(s, values);
    auto trace = std::make_unique<Trace>(runInfo(program, options));
    run(program, *trace, options);
    return trace;
}

// Two workers, one lock, fixed 3 ms of work and 1 ms holding it, two rounds. Worker 1 holds
// the lock over 3-4 ms, so worker 2, arriving at 3 ms too, is blocked for exactly 1 ms; from
// then on the two are out of step and never wait again. The run lasts 9 ms.
inline const char* const kTwoWorkers = R"({
  "id": "two", "title": "Two workers, one lock",
  "objects": [ {"mutex": "lock"} ],
  "roles": [ {"name": "worker", "count": 2, "program": [
    {"repeat": 2, "do": [ {"work": "3ms"}, {"lock": "lock"}, {"work": "1ms"}, {"unlock": "lock"} ]}
  ]} ]
})";

inline std::shared_ptr<const Trace> twoWorkers() {
    return std::shared_ptr<const Trace>(runText(kTwoWorkers).release());
}

} // namespace tl::test
