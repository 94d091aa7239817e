#include "catalog.h"

#include "bundled_scenarios.h"

namespace tl {

const std::vector<BundledScenario>& bundledScenarios() {
    static const std::vector<BundledScenario> all = [] {
        std::vector<BundledScenario> v;
        for (std::size_t i = 0; i < kBundledCount; ++i)
            v.push_back({kBundled[i].id, kBundled[i].text});
        return v;
    }();
    return all;
}

std::vector<Scenario> loadBundledScenarios() {
    std::vector<Scenario> out;
    for (const BundledScenario& b : bundledScenarios())
        out.push_back(parseScenario(b.text, std::string(b.id) + ".json"));
    return out;
}

Scenario resolveScenario(const std::string& idOrPath) {
    for (const BundledScenario& b : bundledScenarios())
        if (b.id == idOrPath) return parseScenario(b.text, std::string(b.id) + ".json");
    const bool looksLikePath = idOrPath.find('/') != std::string::npos ||
                               idOrPath.find('\\') != std::string::npos ||
                               (idOrPath.size() > 5 && idOrPath.ends_with(".json"));
    if (!looksLikePath) {
        std::string known;
        for (const BundledScenario& b : bundledScenarios())
            known += (known.empty() ? "" : ", ") + std::string(b.id);
        throw ScenarioError("no scenario \"" + idOrPath + "\" (bundled: " + known +
                            "; or give a path to a .json file)");
    }
    return loadScenarioFile(idOrPath);
}

} // namespace tl
