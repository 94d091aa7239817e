// Measures how long a real-thread run takes to stop: the time from request_stop() on the
// caller's std::stop_source to runReal returning with every thread joined. The suite asserts
// only that a run stops, as cancelled, with well-formed intervals (tst_stopreal); the
// promise that it stops within 100 ms is measured here, and the figures are in
// docs/reliability.md ("Stop latency").
//
// Two runs of 64 threads, each stopped STOPS times (default 200) once all of its threads
// have started and recorded, plus a random 0-20 ms:
//   blocked  lock-contention, workers=64 think=0 hold=1ms: one thread holds the lock in a
//            CPU step while the other 63 are blocked on it;
//   busy     gil-convoy, threads=64 gil=false: 64 threads spinning in CPU work on however
//            many cores the machine has.
// Either would run for minutes if not stopped. Prints p50, p99 and the maximum of each (and
// the mean). Exits 1 when a run ends other than cancelled or a check fails.
//
//   stop_latency [STOPS [SEED [blocked|busy]]]
#include "analysis/checks.h"
#include "engine/engine.h"
#include "scenario/catalog.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Kind {
    const char* name;
    const char* scenario;
    std::vector<const char*> set;
};

const Kind kKinds[] = {
    {"blocked", "lock-contention", {"workers=64", "iterations=100000", "think=0", "hold=1ms"}},
    {"busy", "gil-convoy", {"threads=64", "gil=false", "tasks=6400"}},
};

// Every registered thread has recorded its first state.
bool allStarted(const tl::Trace& t) {
    const std::size_t n = t.threadCount();
    if (n == 0) return false;
    for (std::size_t i = 0; i < n; ++i)
        if (t.threadEvents(i).empty()) return false;
    return true;
}

double percentile(const std::vector<double>& sorted, double p) {
    const std::size_t rank = std::size_t(std::ceil(p * double(sorted.size())));
    return sorted[std::min(sorted.size(), std::max<std::size_t>(rank, 1)) - 1];
}

} // namespace

int main(int argc, char** argv) {
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    const int stops = argc > 1 ? std::max(1, std::atoi(argv[1])) : 200;
    const unsigned seed = argc > 2 ? unsigned(std::atoi(argv[2])) : 1;
    const std::string only = argc > 3 ? argv[3] : "";
    tl::Random rng(seed);
    int failures = 0;
    for (const Kind& kind : kKinds) {
        if (!only.empty() && only != kind.name) continue;
        const tl::Scenario s = tl::resolveScenario(kind.scenario);
        tl::ParamValues values = tl::defaultValues(s);
        for (const char* assignment : kind.set)
            tl::setAssignment(s, values, assignment);
        const tl::Program program = tl::compile(s, values);
        std::vector<double> ms;
        std::size_t threads = 0;
        const auto start = Clock::now();
        for (int i = 0; i < stops; ++i) {
            tl::RunOptions options;
            options.engine = tl::EngineKind::Real;
            options.seed = std::uint64_t(i) + 1;
            tl::Trace trace(tl::runInfo(program, options));
            std::stop_source stop;
            Clock::time_point returned{};
            std::thread engine([&] {
                tl::runReal(program, trace, options, stop.get_token());
                returned = Clock::now();
            });
            // A tool, not a test: polling every millisecond for the start is good enough.
            while (!allStarted(trace) && !trace.finished())
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
            std::this_thread::sleep_for(std::chrono::microseconds(rng.next() % 20'000));
            const Clock::time_point requested = Clock::now();
            stop.request_stop();
            engine.join();
            threads = trace.threadCount();
            ms.push_back(std::chrono::duration<double, std::milli>(returned - requested).count());
            if (trace.outcome() != tl::Outcome::Cancelled) {
                std::fprintf(stderr, "%s stop %d: ended %s: %s\n", kind.name, i,
                             std::string(tl::outcomeName(trace.outcome())).c_str(),
                             trace.message().c_str());
                ++failures;
            }
            for (const tl::CheckResult& c : tl::runChecks(trace))
                if (!c.passed) {
                    std::fprintf(stderr, "%s stop %d: check %s failed: %s\n", kind.name, i,
                                 c.name.c_str(), c.detail.c_str());
                    ++failures;
                }
        }
        const double wall = std::chrono::duration<double>(Clock::now() - start).count();
        std::vector<double> sorted = ms;
        std::sort(sorted.begin(), sorted.end());
        double sum = 0;
        for (const double v : ms)
            sum += v;
        std::printf("%-8s %d stops of %s (%zu threads) in %.1f s: p50 %.2f ms, p99 %.2f ms, "
                    "max %.2f ms, mean %.2f ms\n",
                    kind.name, stops, kind.scenario, threads, wall, percentile(sorted, 0.50),
                    percentile(sorted, 0.99), sorted.back(), sum / double(ms.size()));
    }
    if (failures) std::printf("failures: %d\n", failures);
    return failures ? 1 : 0;
}
