#include "scenario/sweeppoints.h"

#include "scenario/scenario.h"

#include <cmath>
#include <string>

namespace tl {

std::vector<std::int64_t> sweepPoints(std::int64_t from, std::int64_t to, int count,
                                      bool doubling) {
    if (from > to)
        throw ScenarioError("sweep: from " + std::to_string(from) + " is above to " +
                            std::to_string(to));
    if (count < 1) throw ScenarioError("sweep: at least one point");
    if (std::size_t(count) > kMaxSweepPoints)
        throw ScenarioError("sweep: " + std::to_string(count) + " points; at most " +
                            std::to_string(kMaxSweepPoints));
    if (doubling && from < 1)
        throw ScenarioError("sweep: doubling needs a start above zero (got " +
                            std::to_string(from) + ")");
    std::vector<std::int64_t> out;
    out.reserve(std::size_t(count));
    auto add = [&](std::int64_t v) {
        if (out.empty() || out.back() != v) out.push_back(v);
    };
    if (count == 1 || from == to) {
        add(from);
        return out;
    }
    const std::int64_t steps = count - 1;
    for (std::int64_t i = 0; i <= steps; ++i) {
        if (i == steps) {
            add(to); // exactly, whatever the rounding did on the way
        } else if (doubling) {
            // from * (to/from)^(i/steps), rounded; long double keeps whole powers exact
            const long double ratio = static_cast<long double>(to) / from;
            add(std::llround(from * std::pow(ratio, static_cast<long double>(i) / steps)));
        } else {
            // from + (to-from)*i/steps rounded half up, exactly: the span split into whole
            // steps and a remainder, in unsigned arithmetic so no span overflows
            const std::uint64_t span = std::uint64_t(to) - std::uint64_t(from);
            const std::uint64_t q = span / std::uint64_t(steps), r = span % std::uint64_t(steps);
            const std::uint64_t ui = std::uint64_t(i), us = std::uint64_t(steps);
            const std::uint64_t offset = q * ui + (2 * r * ui + us) / (2 * us);
            add(std::int64_t(std::uint64_t(from) + offset));
        }
    }
    return out;
}

} // namespace tl
