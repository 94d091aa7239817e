#pragma once
// What is drawn of shared variables besides their tracks: the updates lost for good
// (variables.h) and the accesses that race (races.h), read off a finished trace once, and
// what each says in words when hovered. The timeline's painter draws them; the hover text
// comes from here.
#include "analysis/races.h"
#include "analysis/variables.h"

#include <memory>
#include <string>
#include <vector>

namespace tl {

struct SharedMarks {
    std::vector<LostUpdate> lost; // in the order of the writes
    std::vector<Race> races;      // the race check's first RaceReport::kMaxKept, in time order
    std::size_t raceTotal = 0;
    // Failed asserts: (assertion object, index of its assert-failed), continuations left out.
    std::vector<std::pair<int, std::size_t>> failedAsserts;
    bool empty() const { return lost.empty() && races.empty() && failedAsserts.empty(); }
};

// Nothing (nullptr) for a trace without variables or asserts, or one still recording: what
// is lost and what races is known only once every access is in.
std::shared_ptr<const SharedMarks> findSharedMarks(const Trace& trace);

// The hover text of a variable's operation that takes part in a lost update or a race, in
// plain words ("worker 2 wrote 5 over worker 1's 5: worker 1's increment is lost"), one line
// per finding; empty for one that does not.
std::string sharedMarkText(const Trace& trace, const SharedMarks& marks, int object, long index);

} // namespace tl
