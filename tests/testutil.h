#pragma once
// Helpers shared by the core tests: run a bundled scenario with parameters on an engine.
#include "catalog.h"
#include "engine.h"

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
    auto trace = std::make_unique<Trace>();
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
    auto trace = std::make_unique<Trace>();
    run(program, *trace, options);
    return trace;
}

} // namespace tl::test
