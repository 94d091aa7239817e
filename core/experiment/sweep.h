#pragma once
// A sweep: the same scenario run once for each of several values of one parameter (or of the
// simulated machine's number of cores), each run reduced to a few figures that can be drawn
// against the value — "past eight workers, lock contention stops getting faster". Runs on
// the simulated machine, so a sweep is deterministic: the same request gives the same
// figures, byte for byte.
#include "engine/engine.h"
#include "model/progress.h"
#include "model/trace.h"
#include "scenario/scenario.h"
#include "scenario/sweeppoints.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace tl {

struct SweepRequest {
    Scenario scenario;
    ParamValues values;               // every parameter; the swept one is replaced per point
    std::string parameter;            // an int or duration parameter's name, or kSweepCores
    std::vector<std::int64_t> points; // the values to run, in the parameter's unit (ns for
                                      // durations); each within the parameter's range
    RunOptions options;               // engine is forced to Simulated
};

struct SweepPoint {
    std::int64_t value = 0; // as in SweepRequest::points
    std::string label;      // the value as the parameter shows it: "8", "1.5ms"
    Outcome outcome = Outcome::Completed;
    std::string message; // how a run that did not complete ended (the deadlock, the error)
    Time duration = 0;   // end time of the run
    std::size_t events = 0;
    int threads = 0;
    // Share of all threads' time in each state (sums to 1 when the run recorded any time).
    std::array<double, kStateCount> stateShare{};
    std::string unit;      // what throughput counts: "items", "acquisitions", ...
    double throughput = 0; // per second of run time
    double fairness = 1;   // Jain's index of acquisitions per thread
    Time longestWait = 0;
    double contention = 0; // the most contended object's share of acquisitions that waited
};

struct SweepResult {
    std::string parameter;
    std::string parameterLabel; // "Workers", "Cores"
    std::vector<SweepPoint> points;
};

// Checks the request (parameter exists and can be swept, points in range, at most
// kMaxSweepPoints, at least one) and throws ScenarioError naming what is wrong.
void validateSweep(const SweepRequest& request);

// Runs every point in order. With progress: reports the fraction of points done and throws
// Cancelled when told to stop. A point whose run fails (an error outcome) is kept, with its
// outcome; a compile error (an expression that breaks at this value) throws ScenarioError
// naming the value.
SweepResult runSweep(const SweepRequest& request, const Progress* progress = nullptr);

// One CSV table, a row per point: value, label, outcome, duration_ns, events, threads, a
// share column per state, unit, throughput_per_s, fairness, longest_wait_ns, contention.
std::string sweepCsv(const SweepResult& result);
// The same for people: an aligned table.
std::string formatSweep(const SweepResult& result);

} // namespace tl
