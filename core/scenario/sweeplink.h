#pragma once
// Reading a "what to look for" bullet that compares runs:
//   {"text": "Compare the total time with 2, 4 and 8 workers: …",
//    "sweep": {"vary": "workers", "values": [2, 4, 8], "chart": "duration"}}
// The values must be ones Run ▸ Sweep… can run as a range: evenly spaced (2, 4, 6) or each
// double the last (2, 4, 8). Durations are written as in the parameters ("500us").
#include "scenario/json.h"
#include "scenario/scenario.h"

#include <string>
#include <string_view>

namespace tl {

// What a sweep link may chart: the keys the app's sweep figures go by.
inline constexpr std::string_view kSweepCharts[] = {"duration", "throughput",   "blocked-waiting",
                                                    "fairness", "longest-wait", "contention"};

// Reads `v` (the bullet's "sweep" member, at `path`) against the scenario's parameters;
// throws ScenarioError naming what is wrong and where.
SweepLink parseSweepLink(const json::Value& v, const Scenario& s, const std::string& path);

} // namespace tl
