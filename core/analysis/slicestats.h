#pragma once
// Statistics of named slices (slices.h), for a time range of a trace: per name, and per
// thread (or async track) and name, how many slices, their total and self time and the
// longest. A slice counts when it overlaps the range, with only its time inside the range.
#include "model/slices.h"
#include "model/trace.h"

#include <string>
#include <vector>

namespace tl {

struct SliceStat {
    std::uint32_t name = 0; // SliceData::strings
    // A thread index, or -1 - k for async track k; kAllTracks in the per-name table.
    int track = kAllTracks;
    std::size_t count = 0;
    Time total = 0; // within the range
    Time self = 0;  // total minus what the slices' children cover
    Time max = 0;
    static constexpr int kAllTracks = INT32_MIN;
};

struct SliceStatistics {
    TimeRange range;
    std::size_t slices = 0;
    std::vector<SliceStat> byName;  // the most total time first (ties by name)
    std::vector<SliceStat> byTrack; // by thread then async track, each the most total first
};

// range.end <= range.start means the whole trace.
SliceStatistics computeSliceStatistics(const Trace& trace, TimeRange range = {});

// "JavaScriptMainThread (24607)" for a thread of another program, its name for ours;
// an async track's name and process.
std::string trackName(const Trace& trace, int track);

// For people: the per-name table, then each thread's, at most `rows` rows each.
std::string formatSliceStatistics(const Trace& trace, const SliceStatistics& st,
                                  std::size_t rows = 15);
// Per thread of another program's trace: the time in each state and the wakeups into it,
// threads with no state left out, the most working first.
std::string formatForeignThreads(const Trace& trace, TimeRange range = {});

} // namespace tl
