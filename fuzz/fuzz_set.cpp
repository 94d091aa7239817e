// libFuzzer target: `--set name=value` text applied to a bundled scenario (the first byte
// picks which), then the scenario compiled with the values, as `threadlens run --set` does.
// A value that passes the range checks must compile: every parameter's whole range is
// meant to be usable, so a ScenarioError from compile() is a finding too.
#include "scenario/catalog.h"
#include "scenario/scenario.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const std::vector<tl::Scenario> scenarios = tl::loadBundledScenarios();
    if (size == 0) return 0;
    const tl::Scenario& s = scenarios[data[0] % scenarios.size()];
    const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
    tl::ParamValues values = tl::defaultValues(s);
    // Several assignments, one a line, as several --set options.
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t end = std::min(text.find('\n', start), text.size());
        try {
            tl::setAssignment(s, values, text.substr(start, end - start));
        } catch (const tl::ScenarioError& e) {
            if (std::string_view(e.what()).empty()) std::abort();
        }
        start = end + 1;
    }
    try {
        (void)tl::compile(s, values);
    } catch (const tl::ScenarioError& e) {
        std::fprintf(stderr, "%s: in-range values do not compile: %s\n", s.id.c_str(), e.what());
        std::abort();
    }
    return 0;
}
