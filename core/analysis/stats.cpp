#include "analysis/stats.h"

#include "analysis/causality.h"
#include "analysis/races.h"
#include "analysis/variables.h"
#include "model/timefmt.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>

namespace tl {

namespace {

WaitFigures figures(std::vector<Time> v) {
    WaitFigures f;
    if (v.empty()) return f;
    f.count = int(v.size());
    for (const Time t : v)
        f.total += t;
    f.mean = f.total / Time(v.size());
    // nearest-rank percentiles, found by selection rather than a full sort (a long run has
    // hundreds of thousands of waits on one lock)
    auto rank = [&](double p) {
        const std::size_t k = std::size_t(std::ceil(p * double(v.size())));
        return std::min(v.size() - 1, k == 0 ? 0 : k - 1);
    };
    const std::size_t i50 = rank(0.50), i95 = rank(0.95);
    std::nth_element(v.begin(), v.begin() + std::ptrdiff_t(i50), v.end());
    f.p50 = v[i50];
    // everything past i50 is at least v[i50], so the 95th lies in that part
    std::nth_element(v.begin() + std::ptrdiff_t(i50), v.begin() + std::ptrdiff_t(i95), v.end());
    f.p95 = v[i95];
    f.max = *std::max_element(v.begin() + std::ptrdiff_t(i95), v.end());
    return f;
}

Time clip(TimeRange r, TimeRange in) {
    return std::max<Time>(0, std::min(r.end, in.end) - std::max(r.start, in.start));
}

// Races and lost updates on the variables, counted where their later access falls.
void variables(const Trace& trace, TimeRange range, Statistics& st) {
    bool any = false;
    for (const ObjectStats& o : st.objects)
        any = any || trace.object(std::size_t(o.object)).kind == ObjectKind::Variable;
    if (!any) return;
    auto in = [&](int object, std::size_t index) {
        const Time t = trace.objectEvents(std::size_t(object))[index].time;
        return t >= range.start && t <= range.end;
    };
    for (const Race& r : findRaces(trace).races)
        if (std::size_t(r.variable) < st.objects.size() && in(r.variable, r.second))
            ++st.objects[std::size_t(r.variable)].races;
    for (const LostUpdate& l : findLostUpdates(trace))
        if (std::size_t(l.variable) < st.objects.size() && in(l.variable, l.write))
            ++st.objects[std::size_t(l.variable)].lostUpdates;
}

bool acquiring(ObjectKind k, Op op) {
    switch (k) {
    case ObjectKind::Mutex:
    case ObjectKind::RwLock:
    case ObjectKind::Gil:
        return op == Op::Lock;
    case ObjectKind::Queue:
        return op == Op::Get;
    case ObjectKind::Semaphore:
        return op == Op::Acquire;
    case ObjectKind::Barrier:
        return op == Op::Pass;
    case ObjectKind::Condition:
    case ObjectKind::Event:
        return op == Op::Wake;
    case ObjectKind::Threads:
        return op == Op::Join;
    case ObjectKind::Variable: // accesses are counted apart (VariableStats)
    case ObjectKind::Fences:
    case ObjectKind::Assertion:
        return false;
    }
    return false;
}

// Jain's fairness index, (sum x)^2 / (n * sum x^2); 1 for no values or all zero.
double jain(const std::vector<double>& x) {
    double sum = 0, squares = 0;
    for (const double v : x) {
        sum += v;
        squares += v * v;
    }
    return squares > 0 ? sum * sum / (double(x.size()) * squares) : 1;
}

std::string ns(Time t) {
    return std::to_string(t);
}

std::string fixed(double v, int digits) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f", digits, v);
    return buf;
}

std::string csvText(const std::string& s) {
    if (s.find_first_of(",\"\n") == std::string::npos) return s;
    std::string out = "\"";
    for (const char c : s)
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

// What the pass over the threads leaves for the pass over the objects and the run's figures.
struct ThreadPass {
    std::vector<std::vector<Time>> waits; // per object: the waits that began in the range
    std::vector<Time> waited;             // per thread: blocked or waiting, joins aside
    std::size_t longestInterval = 0;      // the longest wait, in its thread's intervals
};

// Time in each state per thread, the waits that began in the range, and the longest of them.
// The first nt threads and no objects: a live trace may grow while it is read.
ThreadPass threadFigures(const Trace& trace, TimeRange range, std::size_t nt, std::size_t no,
                         Statistics& st) {
    ThreadPass pass;
    pass.waits.resize(no);
    pass.waited.assign(nt, 0);
    for (std::size_t t = 0; t < nt; ++t) {
        ThreadStats ts;
        ts.thread = int(t);
        const auto [first, last] = trace.intervalsIn(t, range);
        for (std::size_t i = first; i < last; ++i) {
            const Trace::Interval iv = trace.interval(t, i);
            const Time d = clip(iv.range, range);
            if (std::size_t(iv.state) < ts.time.size()) ts.time[std::size_t(iv.state)] += d;
            ts.total += d;
            const bool wait = iv.state == ThreadState::Blocked || iv.state == ThreadState::Waiting;
            // Waiting for a thread to end is not being served late: a main thread that joins
            // its workers would otherwise make every run look unfair.
            if (wait && (iv.object < 0 || std::size_t(iv.object) >= no ||
                         trace.object(std::size_t(iv.object)).kind != ObjectKind::Threads))
                pass.waited[t] += d;
            if (!wait || !range.contains(iv.range.start)) continue;
            ++ts.waits;
            // A wait still going at the end of the range counts up to that end: during a
            // playback paused at 136 ms, a wait that goes on to 355 ms has lasted 136 ms
            // minus its start so far, and the rest has not been shown.
            if (iv.object >= 0) pass.waits[std::size_t(iv.object)].push_back(d);
            if (d > st.run.longestWait) {
                st.run.longestWait = d;
                st.run.longestWaiter = int(t);
                st.run.longestObject = iv.object;
                pass.longestInterval = i;
            }
        }
        st.threads.push_back(ts);
    }
    return pass;
}

// Who caused the longest wait, asked once at the end: causeOfWait replays the object's
// whole stream, and in a convoy each wait is longer than the last, so asking at every new
// longest made statistics quadratic in the waits.
void longestWaitCause(const Trace& trace, TimeRange range, std::size_t interval, RunStats& run) {
    if (run.longestWaiter < 0) return;
    const auto cause = causeOfWait(trace, std::size_t(run.longestWaiter), interval);
    if (cause && cause->holderAtStart >= 0) {
        run.longestCauser = cause->holderAtStart;
    } else if (cause && cause->link) {
        // The operation that ended the wait, if it happened within the range: beyond it the
        // wait is still going on, as far as the range goes.
        const Event& from = trace.objectEvents(std::size_t(cause->object))[cause->link->from];
        if (from.time <= range.end) run.longestCauser = int(from.ref);
    }
}

// One object's figures over the range: acquisitions (counted per thread in perThreadAcq),
// holds, its time-weighted level, and for a barrier the skew of its arrivals.
// perThreadAcq has an entry for each of the threads that were read.
ObjectStats objectFigures(const Trace& trace, TimeRange range, std::size_t o,
                          std::vector<Time> waits, std::vector<int>& perThreadAcq) {
    const std::size_t nt = perThreadAcq.size();
    ObjectStats os;
    os.object = int(o);
    const ObjectInfo& info = trace.object(o);
    const EventStream& s = trace.objectEvents(o);
    const std::vector<std::int64_t> levels = objectLevels(trace, o);
    os.wait = figures(std::move(waits));
    std::vector<Time> holds;
    std::vector<Time> lockedAt(nt, -1);
    std::map<std::uint32_t, std::pair<Time, Time>> arrivals; // generation -> first, last
    // time-weighted level over the range (a variable's: its value)
    std::int64_t level =
        info.kind == ObjectKind::Semaphore || info.kind == ObjectKind::Variable ? info.capacity : 0;
    Time at = range.start;
    double area = 0;
    auto account = [&](Time until) {
        const Time from = std::max(at, range.start), to = std::min(until, range.end);
        if (to > from) {
            const std::int64_t shown =
                info.kind == ObjectKind::Semaphore ? info.capacity - level : level;
            area += double(shown) * double(to - from);
            os.maxLevel = std::max(os.maxLevel, shown);
            if (info.kind == ObjectKind::Queue || info.kind == ObjectKind::Semaphore) {
                if (shown >= info.capacity && info.capacity > 0) os.timeFull += to - from;
                if (shown == 0) os.timeEmpty += to - from;
            }
        }
        at = std::max(at, until);
    };
    // As far as the levels go: a live trace may have grown since they were computed.
    for (std::size_t i = 0, n = levels.size(); i < n; ++i) {
        const Event& e = s[i];
        account(e.time);
        level = levels[i];
        // events at the very end of the range count too (a run's last unlock)
        if (e.time < range.start || e.time > range.end) continue;
        if (acquiring(info.kind, e.op()) && !(e.arg & OpFlagClosed)) {
            ++os.acquisitions;
            if (e.arg & OpFlagWaited) ++os.contended;
            if (e.ref < nt) ++perThreadAcq[e.ref];
        }
        if (e.op() == Op::Lock && e.ref < nt)
            lockedAt[e.ref] = e.time;
        else if (e.op() == Op::Unlock && e.ref < nt && lockedAt[e.ref] >= 0) {
            holds.push_back(e.time - lockedAt[e.ref]);
            lockedAt[e.ref] = -1;
        }
        if (info.kind == ObjectKind::Variable) {
            os.reads += e.op() == Op::Read;
            os.writes += e.op() == Op::Write;
            os.atomics += isAtomicAccess(e.op());
        }
        if (info.kind == ObjectKind::Barrier && e.op() == Op::Arrive) {
            auto [it, fresh] = arrivals.try_emplace(e.value, e.time, e.time);
            if (!fresh) it->second.second = e.time;
        }
    }
    account(range.end);
    os.meanLevel = range.delta() > 0 ? area / double(range.delta()) : 0;
    os.hold = figures(holds);
    if (info.kind == ObjectKind::Barrier) {
        Time total = 0;
        for (const auto& [gen, fl] : arrivals) {
            const Time skew = fl.second - fl.first;
            total += skew;
            os.skewMax = std::max(os.skewMax, skew);
        }
        os.generations = int(arrivals.size());
        os.skewMean = arrivals.empty() ? 0 : total / Time(arrivals.size());
    }
    return os;
}

// Throughput in the most telling unit the scenario has: items got from queues, then lock
// acquisitions, permit acquisitions, barrier phases.
void throughput(const Trace& trace, Statistics& st) {
    int queueGets = 0, lockAcqs = 0, semAcqs = 0, passes = 0;
    for (const ObjectStats& os : st.objects) {
        const ObjectKind kind = trace.object(std::size_t(os.object)).kind;
        if (kind == ObjectKind::Barrier) passes += os.generations;
        if (kind == ObjectKind::Queue)
            queueGets += os.acquisitions;
        else if (kind == ObjectKind::Mutex || kind == ObjectKind::RwLock)
            lockAcqs += os.acquisitions;
        else if (kind == ObjectKind::Semaphore)
            semAcqs += os.acquisitions;
    }
    if (queueGets > 0) {
        st.run.unit = "items";
        st.run.completed = queueGets;
    } else if (lockAcqs > 0) {
        st.run.unit = "lock acquisitions";
        st.run.completed = lockAcqs;
    } else if (semAcqs > 0) {
        st.run.unit = "permit acquisitions";
        st.run.completed = semAcqs;
    } else if (passes > 0) {
        st.run.unit = "barrier phases";
        st.run.completed = passes;
    }
    st.run.throughput = st.run.duration > 0 ? st.run.completed * 1e9 / double(st.run.duration) : 0;
}

// Fairness of acquisitions, over the threads that acquired something, and of waiting time.
void fairness(const std::vector<int>& perThreadAcq, const std::vector<Time>& waited,
              Statistics& st) {
    std::vector<double> acquired;
    for (const int a : perThreadAcq)
        if (a > 0) acquired.push_back(a);
    st.run.fairness = jain(acquired);
    st.run.acquirers = int(acquired.size());
    if (!acquired.empty()) {
        const auto [lo, hi] = std::minmax_element(acquired.begin(), acquired.end());
        st.run.fewestAcquisitions = int(*lo);
        st.run.mostAcquisitions = int(*hi);
    }
    // Fairness of waiting time, over those and the threads that waited without acquiring
    // (one starved all through a selected range is the least fairly served of all): the
    // share of each one's time, so that a thread that ended early is not counted as fair.
    std::vector<double> shares;
    for (std::size_t t = 0; t < perThreadAcq.size(); ++t)
        if ((perThreadAcq[t] > 0 || waited[t] > 0) && st.threads[t].total > 0)
            shares.push_back(double(waited[t]) / double(st.threads[t].total));
    st.run.waitFairness = jain(shares);
    st.run.waiters = int(shares.size());
    if (!shares.empty()) {
        const auto [lo, hi] = std::minmax_element(shares.begin(), shares.end());
        st.run.leastWaitShare = *lo;
        st.run.mostWaitShare = *hi;
    }
}

} // namespace

Statistics computeStatistics(const Trace& trace, TimeRange range) {
    if (range.end <= range.start) range = {0, trace.endTime()};
    Statistics st;
    st.run.range = range;
    st.run.duration = range.delta();
    // Counted once: a live trace may grow while it is read.
    const std::size_t nt = trace.threadCount(), no = trace.objectCount();
    ThreadPass pass = threadFigures(trace, range, nt, no, st);
    longestWaitCause(trace, range, pass.longestInterval, st.run);
    std::vector<int> perThreadAcq(nt, 0);
    for (std::size_t o = 0; o < no; ++o)
        st.objects.push_back(
            objectFigures(trace, range, o, std::move(pass.waits[o]), perThreadAcq));
    variables(trace, range, st);
    throughput(trace, st);
    fairness(perThreadAcq, pass.waited, st);
    return st;
}

Evenness evenness(double index, double least, double most) {
    const double ratio = most <= 0   ? 1
                         : least > 0 ? most / least
                                     : std::numeric_limits<double>::infinity();
    if (index >= 0.95 && ratio <= 1.25) return Evenness::Even;
    if (index >= 0.80 && ratio <= 2) return Evenness::FairlyEven;
    if (index >= 0.50) return Evenness::Uneven;
    return Evenness::VeryUneven;
}

const char* evennessName(Evenness e) {
    switch (e) {
    case Evenness::Even:
        return "even";
    case Evenness::FairlyEven:
        return "fairly even";
    case Evenness::Uneven:
        return "uneven";
    case Evenness::VeryUneven:
        return "very uneven";
    }
    return "";
}

std::string statisticsCsv(const Trace& trace, const Statistics& st) {
    // Every row has every column; a row leaves empty what does not apply to it.
    std::vector<std::string> columns = {"section", "name", "kind"};
    for (int s = 0; s < kStateCount; ++s)
        columns.push_back(std::string(stateName(ThreadState(s))) + "_ns");
    for (const char* c : {"waits",           "acquisitions",     "contended",
                          "contention",      "wait_total_ns",    "wait_mean_ns",
                          "wait_p50_ns",     "wait_p95_ns",      "wait_max_ns",
                          "hold_mean_ns",    "hold_max_ns",      "mean_level",
                          "max_level",       "time_full_ns",     "time_empty_ns",
                          "generations",     "skew_mean_ns",     "skew_max_ns",
                          "longest_wait_ns", "completed",        "throughput_per_s",
                          "fairness",        "acquisitions_min", "acquisitions_max",
                          "wait_fairness",   "wait_share_min",   "wait_share_max",
                          "reads",           "writes",           "atomics",
                          "races",           "lost_updates"})
        columns.push_back(c);
    std::string out;
    auto emit = [&](const std::map<std::string, std::string>& row) {
        for (std::size_t i = 0; i < columns.size(); ++i) {
            const auto it = row.find(columns[i]);
            if (i) out += ',';
            if (it != row.end()) out += csvText(it->second);
        }
        out += "\n";
    };
    for (std::size_t i = 0; i < columns.size(); ++i) {
        if (i) out += ',';
        out += columns[i];
    }
    out += "\n";
    for (const ThreadStats& t : st.threads) {
        std::map<std::string, std::string> row = {
            {"section", "thread"},
            {"name", trace.thread(std::size_t(t.thread)).name},
            {"kind", trace.thread(std::size_t(t.thread)).role},
            {"waits", std::to_string(t.waits)}};
        for (int s = 0; s < kStateCount; ++s)
            row[std::string(stateName(ThreadState(s))) + "_ns"] = ns(t.time[std::size_t(s)]);
        emit(row);
    }
    for (const ObjectStats& o : st.objects) {
        const ObjectInfo& info = trace.object(std::size_t(o.object));
        std::map<std::string, std::string> row = {{"section", "object"},
                                                  {"name", info.name},
                                                  {"kind", std::string(objectKindName(info.kind))},
                                                  {"acquisitions", std::to_string(o.acquisitions)},
                                                  {"contended", std::to_string(o.contended)},
                                                  {"contention", fixed(o.contention(), 4)},
                                                  {"wait_total_ns", ns(o.wait.total)},
                                                  {"wait_mean_ns", ns(o.wait.mean)},
                                                  {"wait_p50_ns", ns(o.wait.p50)},
                                                  {"wait_p95_ns", ns(o.wait.p95)},
                                                  {"wait_max_ns", ns(o.wait.max)},
                                                  {"mean_level", fixed(o.meanLevel, 3)},
                                                  {"max_level", std::to_string(o.maxLevel)}};
        if (info.kind == ObjectKind::Mutex || info.kind == ObjectKind::RwLock ||
            info.kind == ObjectKind::Gil) {
            row["hold_mean_ns"] = ns(o.hold.mean);
            row["hold_max_ns"] = ns(o.hold.max);
        }
        if (info.kind == ObjectKind::Queue || info.kind == ObjectKind::Semaphore) {
            row["time_full_ns"] = ns(o.timeFull);
            row["time_empty_ns"] = ns(o.timeEmpty);
        }
        if (info.kind == ObjectKind::Variable) {
            row["reads"] = std::to_string(o.reads);
            row["writes"] = std::to_string(o.writes);
            row["atomics"] = std::to_string(o.atomics);
            row["races"] = std::to_string(o.races);
            row["lost_updates"] = std::to_string(o.lostUpdates);
        }
        if (info.kind == ObjectKind::Barrier) {
            row["generations"] = std::to_string(o.generations);
            row["skew_mean_ns"] = ns(o.skewMean);
            row["skew_max_ns"] = ns(o.skewMax);
        }
        emit(row);
    }
    emit({{"section", "run"},
          {"name", trace.info().scenarioId},
          {"kind", st.run.unit},
          {"longest_wait_ns", ns(st.run.longestWait)},
          {"completed", std::to_string(st.run.completed)},
          {"throughput_per_s", fixed(st.run.throughput, 3)},
          {"fairness", fixed(st.run.fairness, 4)},
          {"acquisitions_min", std::to_string(st.run.fewestAcquisitions)},
          {"acquisitions_max", std::to_string(st.run.mostAcquisitions)},
          {"wait_fairness", fixed(st.run.waitFairness, 4)},
          {"wait_share_min", fixed(st.run.leastWaitShare, 4)},
          {"wait_share_max", fixed(st.run.mostWaitShare, 4)}});
    return out;
}

std::string formatStatistics(const Trace& trace, const Statistics& st) {
    std::string out;
    char line[256];
    out += "Threads (" + readableTime(st.run.range.start, TimeSpelling::Terminal) + " to " +
           readableTime(st.run.range.end, TimeSpelling::Terminal) + ")\n";
    std::snprintf(line, sizeof line, "  %-22s %9s %9s %9s %9s %9s %9s %6s\n", "thread", "working",
                  "io", "sleeping", "runnable", "blocked", "waiting", "waits");
    out += line;
    for (const ThreadStats& t : st.threads) {
        auto pct = [&](ThreadState s) {
            return t.total
                       ? fixed(100.0 * double(t.time[std::size_t(s)]) / double(t.total), 1) + "%"
                       : std::string("-");
        };
        std::snprintf(line, sizeof line, "  %-22s %9s %9s %9s %9s %9s %9s %6d\n",
                      trace.thread(std::size_t(t.thread)).name.c_str(),
                      pct(ThreadState::Working).c_str(), pct(ThreadState::Io).c_str(),
                      pct(ThreadState::Sleeping).c_str(), pct(ThreadState::Runnable).c_str(),
                      pct(ThreadState::Blocked).c_str(), pct(ThreadState::Waiting).c_str(),
                      t.waits);
        out += line;
    }
    out += "\nObjects\n";
    std::snprintf(line, sizeof line, "  %-18s %-10s %6s %9s %9s %9s %9s %9s %9s\n", "object",
                  "kind", "acq", "contended", "wait tot", "wait p50", "wait p95", "wait max",
                  "hold avg");
    out += line;
    for (const ObjectStats& o : st.objects) {
        const ObjectInfo& info = trace.object(std::size_t(o.object));
        std::snprintf(
            line, sizeof line, "  %-18s %-10s %6d %8.0f%% %9s %9s %9s %9s %9s\n", info.name.c_str(),
            std::string(objectKindName(info.kind)).c_str(), o.acquisitions, 100 * o.contention(),
            readableTime(o.wait.total, TimeSpelling::Terminal).c_str(),
            readableTime(o.wait.p50, TimeSpelling::Terminal).c_str(),
            readableTime(o.wait.p95, TimeSpelling::Terminal).c_str(),
            readableTime(o.wait.max, TimeSpelling::Terminal).c_str(),
            o.hold.count ? readableTime(o.hold.mean, TimeSpelling::Terminal).c_str() : "-");
        out += line;
        if (info.kind == ObjectKind::Queue) {
            std::snprintf(line, sizeof line,
                          "  %-18s depth mean %.2f, max %lld of %lld; full %s, empty %s\n", "",
                          o.meanLevel, static_cast<long long>(o.maxLevel),
                          static_cast<long long>(info.capacity),
                          readableTime(o.timeFull, TimeSpelling::Terminal).c_str(),
                          readableTime(o.timeEmpty, TimeSpelling::Terminal).c_str());
            out += line;
        } else if (info.kind == ObjectKind::Semaphore) {
            std::snprintf(line, sizeof line, "  %-18s in use mean %.2f, max %lld of %lld\n", "",
                          o.meanLevel, static_cast<long long>(o.maxLevel),
                          static_cast<long long>(info.capacity));
            out += line;
        } else if (info.kind == ObjectKind::Barrier) {
            std::snprintf(line, sizeof line,
                          "  %-18s %d generation%s; arrival skew mean %s, max %s\n", "",
                          o.generations, o.generations == 1 ? "" : "s",
                          readableTime(o.skewMean, TimeSpelling::Terminal).c_str(),
                          readableTime(o.skewMax, TimeSpelling::Terminal).c_str());
            out += line;
        } else if (info.kind == ObjectKind::Variable) {
            std::snprintf(line, sizeof line,
                          "  %-18s %d reads, %d writes, %d atomic; %d racing, %d updates lost\n",
                          "", o.reads, o.writes, o.atomics, o.races, o.lostUpdates);
            out += line;
        }
    }
    out += "\nRun\n";
    if (!st.run.unit.empty()) {
        std::snprintf(line, sizeof line, "  throughput: %.1f %s per second (%d in %s)\n",
                      st.run.throughput, st.run.unit.c_str(), st.run.completed,
                      readableTime(st.run.duration, TimeSpelling::Terminal).c_str());
        out += line;
    }
    if (st.run.longestWaiter >= 0) {
        out += "  longest wait: " + readableTime(st.run.longestWait, TimeSpelling::Terminal) +
               ", " + trace.thread(std::size_t(st.run.longestWaiter)).name;
        if (st.run.longestObject >= 0)
            out += " on " + trace.object(std::size_t(st.run.longestObject)).name;
        if (st.run.longestCauser >= 0)
            out += ", because of " + trace.thread(std::size_t(st.run.longestCauser)).name;
        out += "\n";
    }
    // Jain's index, 1 = even; the word heeds the spread as well (see evenness).
    if (st.run.acquirers > 0) {
        const int lo = st.run.fewestAcquisitions, hi = st.run.mostAcquisitions;
        out += "  fairness of acquisitions (Jain's index, 1 = even): " + fixed(st.run.fairness, 3) +
               ", " + evennessName(evenness(st.run.fairness, lo, hi)) + " (" +
               (lo == hi ? std::to_string(lo) + " each"
                         : std::to_string(lo) + " to " + std::to_string(hi) + " a thread") +
               ", " + std::to_string(st.run.acquirers) + " threads)\n";
    }
    if (st.run.waiters > 0) {
        out += "  fairness of waiting time (Jain's index of shares blocked or waiting): ";
        if (st.run.mostWaitShare <= 0) {
            out += "nobody waited\n";
        } else {
            const double lo = st.run.leastWaitShare, hi = st.run.mostWaitShare;
            out += fixed(st.run.waitFairness, 3) + ", " +
                   evennessName(evenness(st.run.waitFairness, lo, hi)) + " (" + fixed(100 * lo, 1) +
                   "% to " + fixed(100 * hi, 1) + "% of their time, " +
                   std::to_string(st.run.waiters) + " threads)\n";
        }
    }
    return out;
}

} // namespace tl
