#pragma once
// All events of a trace - state changes of threads and operations on objects - merged
// into one time-ordered sequence and filtered by thread and object. An entry is 8 bytes
// (which stream, which event); the times stay in the trace, so a 20 M-event run costs the
// viewer 160 MB here, not a copy of every event.
//
// A live trace (real threads still recording) grows the index in steps: take() collects
// what the streams published since, and append()/insert() place it. Rows are ordered by
// (time, stream order, index), the order build() produces, so an index grown step by step
// ends equal to one built from the finished trace.
#include "model/trace.h"

#include <cstdint>
#include <optional>
#include <span>
#include <stop_token>
#include <vector>

namespace tl::ui {

struct EventRef {
    bool isState = true; // a thread's state change, or an operation on an object
    int stream = 0;      // the thread (state) or the object (operation)
    std::size_t index = 0;
    bool operator==(const EventRef&) const = default;
};

// Which events to keep: -1 means any. A thread matches its own state changes and the
// operations it performed; an object matches the operations on it and the states of
// threads blocked or waiting on it.
struct EventFilter {
    int thread = -1;
    int object = -1;
    bool operator==(const EventFilter&) const = default;
};

class EventIndex {
public:
    // A published event not yet in the index, as take() hands it out.
    struct Arrival {
        Time time = 0;
        std::uint64_t entry = 0; // the packed EventRef: its order is the tie-break
        bool operator<(const Arrival& o) const {
            return time != o.time ? time < o.time : entry < o.entry;
        }
    };

    // Merges what the trace has published by now. Building stops early (and returns what it
    // has) when stop is requested, so a background build can be abandoned.
    static EventIndex build(const Trace& trace, EventFilter filter = {}, std::stop_token stop = {});

    std::size_t size() const { return m_entries.size(); }
    bool empty() const { return m_entries.empty(); }
    EventRef at(std::size_t row) const;
    const Event& event(const Trace& trace, std::size_t row) const;
    Time time(const Trace& trace, std::size_t row) const { return event(trace, row).time; }
    EventFilter filter() const { return m_filter; }

    // Rows with time < t, and with time <= t (the index is sorted by time).
    std::size_t lowerBound(const Trace& trace, Time t) const;
    std::size_t upperBound(const Trace& trace, Time t) const;
    // The row of an event, if the filter kept it.
    std::optional<std::size_t> rowOf(const Trace& trace, EventRef ref) const;

    // The events the trace published since build() or the last take(), those at or before
    // `until` only, that the filter keeps; sorted. Reads each stream's size once (what the
    // recording threads have published) and nothing past it, so it may run while they
    // append. Marks them taken: the caller places every one with append() or insert().
    std::vector<Arrival> take(const Trace& trace, Time until);
    // Whether an arrival belongs before the last row (an event stamped earlier than rows
    // already listed but published after them: its thread was preempted in between).
    bool before(const Trace& trace, const Arrival& a) const;
    // The row an arrival goes to: after every row that sorts before it.
    std::size_t insertionRow(const Trace& trace, const Arrival& a) const;
    void insert(std::size_t row, std::span<const Arrival> arrivals);
    void append(std::span<const Arrival> arrivals);

private:
    static std::uint64_t pack(EventRef r);
    std::vector<std::uint64_t> m_entries;
    EventFilter m_filter;
    // How many events of each stream are merged (kept or filtered out) so far.
    std::vector<std::size_t> m_threadTaken;
    std::vector<std::size_t> m_objectTaken;
};

// The nearest event time strictly after / before t, over every stream of the trace: what
// the replay's "next event" and "previous event" step to.
std::optional<Time> nextEventTime(const Trace& trace, Time t);
std::optional<Time> previousEventTime(const Trace& trace, Time t);

} // namespace tl::ui
