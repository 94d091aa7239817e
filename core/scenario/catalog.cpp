#include "scenario/catalog.h"

#include "bundled_scenarios.h"

#include <algorithm>
#include <cctype>

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

namespace {

// Edits (insert, delete, replace, swap two neighbours) that turn a into b, ignoring case:
// "lock-contentoin" is 1 from "lock-contention".
std::size_t editDistance(std::string_view a, std::string_view b) {
    const auto same = [](char x, char y) {
        return std::tolower(static_cast<unsigned char>(x)) ==
               std::tolower(static_cast<unsigned char>(y));
    };
    std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
    for (std::size_t i = 0; i <= a.size(); ++i)
        d[i][0] = i;
    for (std::size_t j = 0; j <= b.size(); ++j)
        d[0][j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i)
        for (std::size_t j = 1; j <= b.size(); ++j) {
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1,
                                d[i - 1][j - 1] + (same(a[i - 1], b[j - 1]) ? 0 : 1)});
            if (i > 1 && j > 1 && same(a[i - 1], b[j - 2]) && same(a[i - 2], b[j - 1]))
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    return d[a.size()][b.size()];
}

} // namespace

std::vector<std::string> similarScenarioIds(const std::string& name) {
    std::vector<std::string> out;
    if (name.empty()) return out;
    // Close enough to be a slip: two edits, or one in four characters of a long name.
    const std::size_t allowed = std::max<std::size_t>(2, name.size() / 4);
    std::size_t best = allowed + 1;
    for (const BundledScenario& b : bundledScenarios()) {
        const std::size_t d = editDistance(name, b.id);
        if (d < best) {
            best = d;
            out.clear();
        }
        if (d == best) out.emplace_back(b.id);
    }
    if (!out.empty()) return out;
    // A part of an id: "contention", "philosophers".
    if (name.size() >= 4)
        for (const BundledScenario& b : bundledScenarios())
            if (b.id.find(name) != std::string_view::npos) out.emplace_back(b.id);
    return out;
}

Scenario resolveScenario(const std::string& idOrPath) {
    for (const BundledScenario& b : bundledScenarios())
        if (b.id == idOrPath) return parseScenario(b.text, std::string(b.id) + ".json");
    const bool looksLikePath = idOrPath.find('/') != std::string::npos ||
                               idOrPath.find('\\') != std::string::npos ||
                               (idOrPath.size() > 5 && idOrPath.ends_with(".json"));
    if (!looksLikePath) {
        // Naming the close ones beats listing all fourteen.
        const std::vector<std::string> similar = similarScenarioIds(idOrPath);
        std::string guess;
        for (std::size_t i = 0; i < similar.size(); ++i)
            guess += (i == 0 ? "" : i + 1 == similar.size() ? " or " : ", ") + similar[i];
        throw ScenarioError("no scenario \"" + idOrPath + "\"" +
                            (guess.empty() ? "" : "; did you mean " + guess + "?") +
                            " (\"threadlens list\" shows them all; or give a path to a .json "
                            "file)");
    }
    return loadScenarioFile(idOrPath);
}

} // namespace tl
