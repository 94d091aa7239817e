#pragma once
// Internal to the explorer (explore.cpp: the depth-first search; explorepath.cpp: the
// shortest paths, a point of the search, replay; explorewords.cpp: steps in words): what each
// needs to read off a machine.
#include "engine/simstep.h"
#include "experiment/explore.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

namespace tl::explorer {

// State hashes numbered 0, 1, 2… in the order first met: open addressing with linear probing
// in one array that doubles when 70 % full, freed at once (a node per key took a second to
// free at 4 M keys).
class KeyIndex {
public:
    // The number of `key`, and whether it is new.
    std::pair<std::uint32_t, bool> insert(std::uint64_t key) {
        key += key == 0; // 0 marks an empty slot
        if ((m_size + 1) * 10 > m_slots.size() * 7) grow();
        for (std::size_t i = slot(key);; i = (i + 1) & m_mask) {
            Slot& s = m_slots[i];
            if (s.key == key) return {s.index, false};
            if (s.key == 0) {
                s = Slot{key, m_size++};
                return {s.index, true};
            }
        }
    }
    std::size_t size() const { return m_size; }

private:
    struct Slot {
        std::uint64_t key = 0;
        std::uint32_t index = 0;
    };
    std::size_t slot(std::uint64_t key) const { return std::size_t(key ^ (key >> 32)) & m_mask; }
    void grow() {
        std::vector<Slot> old(std::max<std::size_t>(m_slots.size() * 2, 1024));
        old.swap(m_slots);
        m_mask = m_slots.size() - 1;
        for (const Slot& s : old) {
            if (s.key == 0) continue;
            std::size_t i = slot(s.key);
            while (m_slots[i].key != 0)
                i = (i + 1) & m_mask;
            m_slots[i] = s;
        }
    }

    std::vector<Slot> m_slots;
    std::uint32_t m_size = 0;
    std::size_t m_mask = 0;
};

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
