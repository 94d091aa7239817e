#pragma once
// Which values a sweep runs: a range of a parameter (or of the simulated machine's cores),
// evenly spaced or doubling. Here, below the engines, because a scenario's sweep links
// (sweeplink.h) are checked against the same rule the sweep runs by (experiment/sweep.h).
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace tl {

// The name that sweeps the simulated machine's cores (1..64) instead of a parameter.
inline constexpr std::string_view kSweepCores = "cores";

inline constexpr std::size_t kMaxSweepPoints = 200;

// Evenly spaced points from..to (inclusive), `count` of them, rounded to whole units and
// without repeats (so there may be fewer than `count`); the first is `from`, the last `to`.
// `doubling` spaces them geometrically (1, 2, 4, 8 ...) instead, and needs from >= 1.
// Throws ScenarioError when from > to, count is outside 1..kMaxSweepPoints, or a doubling
// starts below 1.
std::vector<std::int64_t> sweepPoints(std::int64_t from, std::int64_t to, int count, bool doubling);

} // namespace tl
