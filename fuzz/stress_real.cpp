// The stress driver of scripts/stress.sh: every bundled scenario on real threads with its worker
// counts at 64, over and over, each run cancelled at a random moment through a std::stop_source. It
// fails (exit 1) when a run does not stop within a second of the request (docs/architecture.md
// promises 100 ms; HANG_MS below), when a run ends in an error, or when a check fails; the
// sanitizers it is built with report races and leaks. It prints the resident memory as it goes, to
// show that it stays flat from run to run.
//
//   stress_real [CANCELS [MAX_DELAY_MS [SEED [HANG_MS [SCENARIO]]]]]
//
// Defaults: 1000 cancels, 40 ms, seed 1, a hang is 1000 ms without stopping (TSan slows
// everything down several times: give it more), every bundled scenario.
#include "analysis/checks.h"
#include "engine/engine.h"
#include "scenario/catalog.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

// The parameters that count threads in the bundled scenarios (threadlens run ID --params).
constexpr std::string_view kWorkerCounts[] = {"workers", "threads", "producers",    "consumers",
                                              "readers", "writers", "philosophers", "parties",
                                              "waiters", "pollers", "handlers",     "pairs"};

long residentKiB() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmRSS:", 0) == 0) return std::atol(line.c_str() + 6);
    return -1;
}

struct Job {
    std::string id;
    tl::Program program;
};

std::vector<Job> jobs() {
    std::vector<Job> out;
    for (const tl::Scenario& s : tl::loadBundledScenarios()) {
        tl::ParamValues values = tl::defaultValues(s);
        for (const tl::ParamSpec& p : s.parameters)
            if (p.type == tl::ParamType::Int &&
                std::find(std::begin(kWorkerCounts), std::end(kWorkerCounts), p.name) !=
                    std::end(kWorkerCounts))
                tl::setParameter(s, values, p.name,
                                 std::to_string(std::min<std::int64_t>(64, p.max)));
        out.push_back({s.id, tl::compile(s, values)});
    }
    return out;
}

} // namespace

int main(int argc, char** argv) {
    std::setvbuf(stdout, nullptr, _IOLBF, 0); // progress lines as they come, also into a file
    const int cancels = argc > 1 ? std::atoi(argv[1]) : 1000;
    const int maxDelayMs = argc > 2 ? std::max(1, std::atoi(argv[2])) : 40;
    const unsigned seed = argc > 3 ? unsigned(std::atoi(argv[3])) : 1;
    const int hangMs = argc > 4 ? std::max(1, std::atoi(argv[4])) : 1000;
    std::vector<Job> all = jobs();
    if (argc > 5) std::erase_if(all, [&](const Job& j) { return j.id != argv[5]; });
    if (all.empty()) {
        std::fprintf(stderr, "stress_real: no scenario %s\n", argc > 5 ? argv[5] : "");
        return 2;
    }
    tl::Random rng(seed);

    long rssFirst = 0;
    int failures = 0, finishedFirst = 0;
    std::map<std::string, int> errorsBy; // scenario id -> runs that ended in an error
    double worstStopMs = 0, sumStopMs = 0;
    int stopped = 0;
    const auto start = Clock::now();
    for (int i = 0; i < cancels; ++i) {
        const Job& job = all[std::size_t(i) % all.size()];
        tl::RunOptions options;
        options.engine = tl::EngineKind::Real;
        options.seed = std::uint64_t(i) + 1;
        tl::Trace trace(tl::runInfo(job.program, options));
        std::stop_source stop;
        std::mutex m;
        std::condition_variable cv;
        bool done = false;
        Clock::time_point requested{};
        const auto delay =
            std::chrono::microseconds(rng.next() % (std::uint64_t(maxDelayMs) * 1000));
        // The canceller: requests the stop after the delay, unless the run ended first, and
        // then gives the run one second to return.
        std::thread canceller([&] {
            std::unique_lock lock(m);
            if (cv.wait_for(lock, delay, [&] { return done; })) return;
            requested = Clock::now();
            stop.request_stop();
            if (!cv.wait_for(lock, std::chrono::milliseconds(hangMs), [&] { return done; })) {
                std::fprintf(stderr, "run %d (%s): not stopped %d ms after the request\n", i,
                             job.id.c_str(), hangMs);
                std::abort();
            }
        });
        tl::runReal(job.program, trace, options, stop.get_token());
        Clock::time_point returned = Clock::now();
        {
            std::lock_guard lock(m);
            done = true;
        }
        cv.notify_all();
        canceller.join();
        if (requested != Clock::time_point{}) {
            const double ms =
                std::chrono::duration<double, std::milli>(returned - requested).count();
            worstStopMs = std::max(worstStopMs, ms);
            sumStopMs += ms;
            ++stopped;
        } else {
            ++finishedFirst;
        }
        if (trace.outcome() == tl::Outcome::Error) {
            std::fprintf(stderr, "run %d (%s): error: %s\n", i, job.id.c_str(),
                         trace.message().c_str());
            ++failures;
            ++errorsBy[job.id];
        }
        for (const tl::CheckResult& c : tl::runChecks(trace))
            if (!c.passed) {
                std::fprintf(stderr, "run %d (%s, %s): check %s failed: %s\n", i, job.id.c_str(),
                             std::string(tl::outcomeName(trace.outcome())).c_str(), c.name.c_str(),
                             c.detail.c_str());
                ++failures;
            }
        if (i + 1 == int(all.size())) rssFirst = residentKiB(); // after one of each
        if ((i + 1) % 100 == 0 || i + 1 == cancels)
            std::printf("%5d runs  %6.1f s  RSS %ld KiB\n", i + 1,
                        std::chrono::duration<double>(Clock::now() - start).count(), residentKiB());
    }
    std::printf("runs %d: %d cancelled mid-run, %d ended before the cancel; stop latency mean "
                "%.2f ms, worst %.2f ms; RSS after the first %zu runs %ld KiB, at the end %ld "
                "KiB; failures %d\n",
                cancels, stopped, finishedFirst, stopped ? sumStopMs / stopped : 0.0, worstStopMs,
                all.size(), rssFirst, residentKiB(), failures);
    for (const auto& [id, n] : errorsBy)
        std::printf("  %s: %d of %d runs ended in an error\n", id.c_str(), n,
                    cancels / int(all.size()) + (cancels % int(all.size()) > 0 ? 1 : 0));
    return failures ? 1 : 0;
}
