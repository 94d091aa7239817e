#pragma once
// The bundled scenarios (compiled into the program, so it needs no data files) and the
// resolution of "an id or a file path" as the command line and the app accept it.
#include "scenario/scenario.h"

#include <string>
#include <string_view>
#include <vector>

namespace tl {

struct BundledScenario {
    std::string_view id;
    std::string_view text; // the JSON source
};

// In presentation order: the core lessons first.
const std::vector<BundledScenario>& bundledScenarios();
std::vector<Scenario> loadBundledScenarios(); // parsed; a broken bundled file throws
// A bundled id, or a path to a .json file; throws ScenarioError naming what is wrong.
// An unknown id names the bundled ids that look like it ("did you mean lock-contention?").
Scenario resolveScenario(const std::string& idOrPath);
// The bundled ids within a slip of name (a couple of letters wrong, missing, extra or swapped;
// case ignored), the closest first, or failing that the ids that contain it; often none.
std::vector<std::string> similarScenarioIds(const std::string& name);
inline constexpr std::string_view kDefaultScenario = "producer-consumer";

} // namespace tl
