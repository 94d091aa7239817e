#pragma once
// Internal to the explorer (explore.cpp: the depth-first search; explorepath.cpp: the
// shortest paths, a point of the search, replay; explorewords.cpp: steps in words): what each
// needs to read off a machine.
#include "engine/simstep.h"
#include "experiment/explore.h"

#include <optional>
#include <utility>

namespace tl::explorer {

// How a finished machine ended.
struct End {
    Outcome end = Outcome::Completed;
    bool assertFailed = false;
    bool expectHeld = true;
    std::vector<std::int64_t> values; // the variables', in object order
    bool operator==(const End&) const = default;
};
End endOf(const SimStepper& s);
// "counter=1", "deadlock", "an assert failed, inside=0", "completed" (no variables).
std::string endText(const Program& p, const End& e);

// Two enabled threads' next operations whose order may matter: on one object (or a
// condition and its mutex), unless both only read a variable; spawn and join with anything.
bool dependent(const SimStepper& s, int a, int b);

// Two enabled threads at accesses to one variable, one of them a plain write: a data race
// (the race check's rule, analysis/races.h: performed one after the other, nothing orders
// them). The first such pair in thread order, or nothing; nothing under a GIL, which orders them.
std::optional<std::pair<int, int>> raceAt(const SimStepper& s, const std::vector<int>& enabled);
// "data race on counter: worker 1's write and worker 2's read"
std::string raceWords(const SimStepper& s, std::pair<int, int> race);

// A goal: reached at this state (State, AssertFails), or by this finished run (End,
// Deadlock).
bool goalReached(const CompiledGoal& g, const SimStepper& s);

// What the search looks for, one kind at a time (for the shortest path to it).
struct Target {
    FailureKind kind = FailureKind::Deadlock;
    int goal = -1; // with FailureKind::Goal
};
// Whether the machine shows the target. For a race, `race` gets the pair: the failure comes
// two steps later, once both have gone.
bool reached(const Target& t, const SimStepper& s, const std::vector<int>& enabled,
             std::optional<std::pair<int, int>>* race = nullptr);

// The default choice: the thread that went last while it can go on, otherwise the first that
// can; -1 when nobody can.
int defaultChoice(const SimStepper& s, int last);

// "worker 2: read counter" — what an enabled thread would do next.
std::string nextWords(const SimStepper& s, int thread);
// "worker 1 reads 0" — what the thread did in the step just taken, which began with `at`
// (its instruction before the step; `timedOut` when the step was its wait's timeout).
std::string stepWords(const SimStepper& after, int thread, const Instr& at, bool timedOut);

} // namespace tl::explorer
