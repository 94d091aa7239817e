#pragma once
// Finds on a recorded run the moment a "what to look for" bullet talks about.
#include "model/trace.h"
#include "scenario/scenario.h"

#include <optional>

namespace tl {

struct Moment {
    TimeRange span;     // the interval, or an instant (start == end) for an operation
    int thread = -1;    // the thread it concerns
    long interval = -1; // its interval index, for a state
    int object = -1;    // the object, for an operation or a wait
    long index = -1;    // the operation's index in the object's stream
};

std::optional<Moment> findMoment(const Trace& trace, const MomentQuery& query);

} // namespace tl
