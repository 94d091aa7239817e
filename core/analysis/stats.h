#pragma once
// Statistics of a run, or of a time range of it: per thread, per object and per run.
#include "model/trace.h"

#include <array>
#include <string>
#include <vector>

namespace tl {

struct ThreadStats {
    int thread = 0;
    std::array<Time, kStateCount> time{}; // within the range
    Time total = 0;                       // sum of the above
    int waits = 0;                        // blocked or waiting intervals that began in range
};

struct WaitFigures {
    int count = 0;
    Time total = 0, mean = 0, p50 = 0, p95 = 0, max = 0;
};

struct ObjectStats {
    int object = 0;
    int acquisitions = 0; // lock / get / acquire / pass, by kind
    int contended = 0;    // of those, how many had to wait first
    WaitFigures wait;     // blocked/waiting intervals on the object that began in the range,
                          // each counted up to the range's end at most
    WaitFigures hold;     // locks: lock to unlock
    double meanLevel = 0; // time-weighted: queue depth, permits in use, waiting at barrier
    std::int64_t maxLevel = 0;
    Time timeFull = 0,
         timeEmpty = 0;  // queues: at capacity / at zero; semaphores: no permit left / all free
    int generations = 0; // barriers
    Time skewMean = 0, skewMax = 0; // barriers: last minus first arrival of a generation
    // Variables: accesses in the range (plain reads, plain writes, atomic operations), the
    // accesses that race with an earlier one and the updates lost for good (by the time of
    // the later access, of the losing write).
    int reads = 0, writes = 0, atomics = 0;
    int races = 0, lostUpdates = 0;

    double contention() const { return acquisitions ? double(contended) / acquisitions : 0; }
};

struct RunStats {
    TimeRange range;
    Time duration = 0;
    std::string unit;      // "items", "acquisitions" ...
    int completed = 0;     // in that unit
    double throughput = 0; // per second of the range
    Time longestWait = 0;  // as the waits above: limited to the range
    int longestWaiter = -1;
    int longestObject = -1;
    int longestCauser = -1; // who held the lock, or whose operation ended the wait

    // How evenly the threads were served, as Jain's index (sum x)^2 / (n sum x^2): 1 when
    // every thread got the same, 1/n when one got everything. Two measures, because equal
    // acquisitions can come with very unequal waits (20 updates each, one worker blocked
    // 12 % of its time and another 53 %).
    // Of acquisitions, over the threads that acquired something in the range:
    double fairness = 1;
    int acquirers = 0;
    int fewestAcquisitions = 0, mostAcquisitions = 0;
    // Of waiting time: over the threads that acquired something or waited on an object
    // (joins not counted), each thread's share of its time in the range spent blocked or
    // waiting.
    double waitFairness = 1;
    int waiters = 0;
    double leastWaitShare = 0, mostWaitShare = 0; // 0..1
};

// The word for an index. It heeds the spread too: with many threads one left far behind
// barely moves the index (63 threads at x and one at x/4: 0.99), so "even" needs the
// index at 0.95 or more and the largest value at most 1.25 times the smallest, "fairly
// even" 0.80 and twice; values a factor of four apart are at best "uneven".
enum class Evenness { Even, FairlyEven, Uneven, VeryUneven };
Evenness evenness(double index, double least, double most);
const char* evennessName(Evenness e); // "even", "fairly even", "uneven", "very uneven"

struct Statistics {
    std::vector<ThreadStats> threads;
    std::vector<ObjectStats> objects;
    RunStats run;
};

// range.end <= range.start means the whole run.
Statistics computeStatistics(const Trace& trace, TimeRange range = {});

// One CSV table: a row per thread, per object and one for the run, with a `section`
// column; times in nanoseconds.
std::string statisticsCsv(const Trace& trace, const Statistics& stats);
// The same for people: three aligned tables.
std::string formatStatistics(const Trace& trace, const Statistics& stats);

} // namespace tl
