#pragma once
// Helpers shared by the explorer's tests (tst_explore, tst_exploregil): a bundled scenario
// compiled with values, and a report's outcomes as text to schedules.
#include "experiment/explore.h"
#include "scenario/catalog.h"

#include <initializer_list>
#include <map>
#include <string>
#include <utility>

namespace tl::test {

inline Program program(const std::string& id,
                       std::initializer_list<std::pair<const char*, const char*>> params) {
    const Scenario s = resolveScenario(id);
    ParamValues values = defaultValues(s);
    for (const auto& [name, value] : params)
        setParameter(s, values, name, value);
    return compile(s, values);
}

// outcome text -> schedules
inline std::map<std::string, std::uint64_t> outcomes(const ExploreReport& r) {
    std::map<std::string, std::uint64_t> out;
    for (const ExploreOutcome& o : r.outcomes)
        out[o.text] = o.schedules;
    return out;
}

} // namespace tl::test
