#include "analysis/slicestats.h"

#include "analysis/stats.h"
#include "model/timefmt.h"

#include <algorithm>
#include <cstdio>
#include <limits>
#include <unordered_map>

namespace tl {

namespace {

TimeRange wholeOr(TimeRange range) {
    if (range.end > range.start) return range;
    // Everything: a range that holds any slice, even one past the recorded end.
    return TimeRange{std::numeric_limits<Time>::min() / 2, std::numeric_limits<Time>::max() / 2};
}

void add(SliceStat& s, Time length, Time self) {
    ++s.count;
    s.total += length;
    s.self += self;
    s.max = std::max(s.max, length);
}

void sortByTotal(const SliceData& d, std::vector<SliceStat>& v, std::size_t from, std::size_t to) {
    std::sort(v.begin() + long(from), v.begin() + long(to),
              [&](const SliceStat& a, const SliceStat& b) {
                  if (a.total != b.total) return a.total > b.total;
                  return d.strings[a.name] < d.strings[b.name];
              });
}

std::string cell(Time ns) {
    return ns ? readableTime(ns, TimeSpelling::Terminal) : std::string("-");
}

} // namespace

SliceStatistics computeSliceStatistics(const Trace& trace, TimeRange range) {
    const SliceData& d = trace.slices();
    SliceStatistics st;
    st.range = range;
    const TimeRange r = wholeOr(range);
    std::unordered_map<std::uint32_t, std::size_t> byName;
    auto visit = [&](const SliceTrack& t, int track) {
        std::unordered_map<std::uint32_t, std::size_t> mine;
        const std::size_t first = st.byTrack.size();
        for (std::size_t depth = 0; depth < t.depth(); ++depth) {
            const auto [a, b] = t.slicesIn(depth, r);
            for (std::size_t i = a; i < b; ++i) {
                const Slice& s = t.level(depth)[i];
                const Time length =
                    std::max<Time>(0, std::min(s.end(), r.end) - std::max(s.start, r.start));
                const Time self = t.selfTime(depth, i, r);
                const std::uint32_t name = d.labels[s.label].name;
                auto [n, addedName] = byName.emplace(name, st.byName.size());
                if (addedName) st.byName.push_back(SliceStat{name, SliceStat::kAllTracks});
                add(st.byName[n->second], length, self);
                auto [m, addedMine] = mine.emplace(name, st.byTrack.size());
                if (addedMine) st.byTrack.push_back(SliceStat{name, track});
                add(st.byTrack[m->second], length, self);
                ++st.slices;
            }
        }
        sortByTotal(d, st.byTrack, first, st.byTrack.size());
    };
    for (std::size_t i = 0; i < d.threadLanes.size(); ++i)
        visit(d.threadTrack(i), int(i));
    for (std::size_t k = 0; k < d.async.size(); ++k)
        visit(d.asyncTrack(k), -1 - int(k));
    sortByTotal(d, st.byName, 0, st.byName.size());
    return st;
}

std::string trackName(const Trace& trace, int track) {
    const SliceData& d = trace.slices();
    if (track >= 0) {
        const auto t = std::size_t(track);
        std::string name = trace.thread(t).name;
        if (t < d.threads.size()) name += " (" + std::to_string(d.threads[t].tid) + ")";
        return name;
    }
    const auto k = std::size_t(-1 - track);
    if (k >= d.async.size()) return "?";
    const AsyncTrack& a = d.async[k];
    std::string name = "async " + std::string(d.asyncName(k));
    if (a.process >= 0)
        name += " (" + std::to_string(d.processes[std::size_t(a.process)].pid) + ")";
    return name;
}

std::string formatSliceStatistics(const Trace& trace, const SliceStatistics& st, std::size_t rows) {
    const SliceData& d = trace.slices();
    if (st.slices == 0) return {};
    std::string out;
    char line[512];
    auto row = [&](const SliceStat& s, const char* indent) {
        std::string name(d.strings[s.name]);
        if (name.size() > 34) name = name.substr(0, 33) + "~";
        std::snprintf(line, sizeof line, "%s%-34s %7zu %10s %10s %10s\n", indent, name.c_str(),
                      s.count, cell(s.total).c_str(), cell(s.self).c_str(), cell(s.max).c_str());
        out += line;
    };
    out += "Slices (" + std::to_string(st.slices) + ")\n";
    std::snprintf(line, sizeof line, "  %-34s %7s %10s %10s %10s\n", "name", "count", "total",
                  "self", "max");
    out += line;
    for (std::size_t i = 0; i < st.byName.size() && i < rows; ++i)
        row(st.byName[i], "  ");
    if (st.byName.size() > rows)
        out += "  ... and " + std::to_string(st.byName.size() - rows) + " more names\n";
    out += "\nSlices per thread\n";
    for (std::size_t i = 0; i < st.byTrack.size();) {
        const int track = st.byTrack[i].track;
        std::size_t end = i;
        while (end < st.byTrack.size() && st.byTrack[end].track == track)
            ++end;
        out += "  " + trackName(trace, track) + "\n";
        for (std::size_t k = i; k < end && k - i < rows; ++k)
            row(st.byTrack[k], "    ");
        if (end - i > rows) out += "    ... and " + std::to_string(end - i - rows) + " more\n";
        i = end;
    }
    return out;
}

std::string formatForeignThreads(const Trace& trace, TimeRange range) {
    const Statistics st = computeStatistics(trace, range);
    const SliceData& d = trace.slices();
    std::vector<const ThreadStats*> rows;
    for (const ThreadStats& t : st.threads)
        if (t.total > 0) rows.push_back(&t);
    if (rows.empty()) return {};
    std::stable_sort(rows.begin(), rows.end(), [](const ThreadStats* a, const ThreadStats* b) {
        return a->time[std::size_t(ThreadState::Working)] >
               b->time[std::size_t(ThreadState::Working)];
    });
    std::string out = "Threads (" + readableTime(st.run.range.start, TimeSpelling::Terminal) +
                      " to " + readableTime(st.run.range.end, TimeSpelling::Terminal) + ")\n";
    char line[512];
    std::snprintf(line, sizeof line, "  %-32s %10s %10s %10s %10s %8s\n", "thread", "working",
                  "runnable", "waiting", "io", "wakeups");
    out += line;
    for (const ThreadStats* t : rows) {
        const auto i = std::size_t(t->thread);
        const auto [a, b] = d.flowsInto(i);
        std::size_t wakeups = 0;
        for (std::size_t k = a; k < b; ++k)
            if (d.flows[k].toTime >= st.run.range.start && d.flows[k].toTime < st.run.range.end)
                ++wakeups;
        std::string name = trackName(trace, int(i));
        if (name.size() > 32) name = name.substr(0, 31) + "~";
        std::snprintf(line, sizeof line, "  %-32s %10s %10s %10s %10s %8zu\n", name.c_str(),
                      cell(t->time[std::size_t(ThreadState::Working)]).c_str(),
                      cell(t->time[std::size_t(ThreadState::Runnable)]).c_str(),
                      cell(t->time[std::size_t(ThreadState::Waiting)]).c_str(),
                      cell(t->time[std::size_t(ThreadState::Io)]).c_str(), wakeups);
        out += line;
    }
    return out;
}

} // namespace tl
