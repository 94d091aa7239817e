#pragma once
// Shared variables read off a trace: the value a variable holds at each moment and at the
// end, the lost updates, and the line the summary prints for each. Derived from the variables'
// streams alone, so it works the same for both engines and for traces read from files.
#include "model/timefmt.h"
#include "model/trace.h"
#include "model/varvalue.h"

#include <cstdint>
#include <string>
#include <vector>

namespace tl {

// An update lost: a thread read the variable, computed from what it read and wrote it back
// (a write recorded with OpFlagUpdate), and meanwhile another thread stored into it. The
// later write overwrote that store: whatever it added is gone. Only what is gone for good
// counts: the value at the end descends from a chain of stores, each computed from the one
// before, and the lost ones are those the chain jumps over (a store that a later write was
// computed from lives on in the value, even if a write in between overwrote it). For a
// counter that only goes up by one, the lost updates are exactly the increments missing at
// the end. Indices into the variable's stream.
struct LostUpdate {
    int variable = -1;
    std::size_t staleRead = 0;   // the read the losing write was computed from
    std::size_t write = 0;       // the write computed from a stale value
    std::size_t overwritten = 0; // the other thread's store between them, now lost
    // What the overwritten store meant to add: its value less the value its thread read, for
    // a write computed by hand; less the value it replaced, for any other store.
    std::int64_t added = 0;
};
// In the order of the writes, and for one write in the order of the stores it overwrote.
std::vector<LostUpdate> findLostUpdates(const Trace& trace, std::size_t object);
std::vector<LostUpdate> findLostUpdates(const Trace& trace);

// "increment" when the overwritten store added one, "decrement" when it took one away,
// "update" otherwise.
std::string lostWord(const Trace& trace, const LostUpdate& lost);
// "worker 2 wrote 5 over worker 1's 5: worker 1's increment is lost"
std::string describeLostUpdate(const Trace& trace, const LostUpdate& lost);

// A failed assert (operation `index` of an assertion's stream, an assert-failed that is not a
// continuation): "worker 2's assert occupants <= 1 failed at 3.2ms: occupants = 2".
std::string describeAssertFailure(const Trace& trace, std::size_t assertion, std::size_t index,
                                  TimeSpelling spelling = TimeSpelling::File);

// A variable at the end of a run: "counter = 37, expected 40: 3 increments lost", or
// "counter = 40" when the scenario states no expectation. The summary prints one per
// variable.
std::string variableLine(const Trace& trace, std::size_t object);

// The scenario's expectation of the end (Trace::expectation): "counter == $workers *
// $increments holds", or "counter == $workers * $increments does not hold: counter = 38".
std::string expectationLine(const Trace& trace);

} // namespace tl
