#pragma once
// The rules that decide who enabled whom, for one object, fed its operations in stream
// order. objectLinks (causality.cpp) collects what they find for the app's arrows and the
// analysis; the Chrome JSON writer (chromejson.cpp) writes each find as a flow while it
// streams. Both replay this one class, so the arrows and the exported flows cannot drift
// apart. It is inline because the writer calls it once per operation at gigabytes a
// second, and its memory is bounded by what an object really has outstanding (queued
// items), never by the length of the trace.
#include "model/eventstream.h"
#include "model/trace.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <limits>
#include <string_view>
#include <utility>

namespace tl {

// Which rule made a link; the export names its flows after it.
enum class LinkRule : std::uint8_t {
    None,
    UnlockLock,     // the unlock that let a blocked thread lock
    PutGet,         // the put of the item a get took
    GetPut,         // the get that made room for a put that waited on a full queue
    ReleaseAcquire, // the release that freed the permit a waiting acquire took
    ArrivePass,     // the last arrival that opened the barrier
    AbortPass,      // the abort that broke the barrier
    NotifyWake,     // the notify (or notify-all) that woke a condition waiter
    SetWake,        // the set that woke an event waiter
};

// "unlock->lock", "put->get", ...: the flow names of the Chrome JSON export.
constexpr std::string_view linkRuleName(LinkRule rule) {
    constexpr std::array<std::string_view, 9> names = {"",
                                                       "unlock->lock",
                                                       "put->get",
                                                       "get->put",
                                                       "release->acquire",
                                                       "arrive->pass",
                                                       "abort->pass",
                                                       "notify->wake",
                                                       "set->wake"};
    return names[std::size_t(rule)];
}

// Whether the Chrome JSON export writes a rule's links as flows. The interchange format
// (docs/trace-format.md, "Flows") has flows from the operation that enabled a wait to the one
// it enabled: unlock to lock, put to get, release to acquire, notify or set to wake, and the
// barrier's last arrival or abort to its passes. A put that waited for room, let in by a get,
// is drawn in the app and told in its wait descriptions, but it is not written: a flow from a
// get to a put would read, to a viewer of the file, as if items went from consumer to producer.
constexpr bool exportedAsFlow(LinkRule rule) {
    return rule != LinkRule::None && rule != LinkRule::GetPut;
}

class LinkRules {
public:
    static constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();

    // A link found at an operation: the rule and the index of the enabling operation.
    struct Found {
        LinkRule rule = LinkRule::None;
        std::size_t from = kNone;
        explicit operator bool() const { return rule != LinkRule::None; }
    };

    LinkRules(const EventStream& stream, ObjectKind kind) : m_s(&stream), m_kind(kind) {}

    // Feeds operation `i` of the stream (`e` is stream[i]); indices must rise, and an event
    // that is not an operation may be left out. Returns the link that ends at `i`, if any.
    Found step(std::size_t i, const Event& e) {
        const Op op = e.op();
        const bool waited = e.arg & OpFlagWaited;
        switch (m_kind) {
        case ObjectKind::Mutex:
        case ObjectKind::RwLock:
        case ObjectKind::Gil:
            if (op == Op::Unlock) {
                m_last = i;
                m_armed = true;
            } else if (op == Op::Lock) {
                // Only the next lock after an unlock can have been enabled by it.
                const bool enabled = m_armed && waited;
                m_armed = false;
                if (enabled) return {LinkRule::UnlockLock, m_last};
            }
            break;
        case ObjectKind::Queue:
            if (op == Op::Put) {
                m_puts.emplace_back(i, e.value);
                // A put that waited for room was let in by the get that made it.
                if (waited && m_last != kNone) return {LinkRule::GetPut, m_last};
            } else if (op == Op::Get && !(e.arg & OpFlagClosed)) {
                m_last = i;
                // A FIFO queue finds the item at the front; the search is for traces from
                // elsewhere.
                const auto it = std::find_if(m_puts.begin(), m_puts.end(),
                                             [&](const auto& p) { return p.second == e.value; });
                if (it != m_puts.end()) {
                    const std::size_t from = it->first;
                    m_puts.erase(it);
                    return {LinkRule::PutGet, from};
                }
            }
            break;
        case ObjectKind::Semaphore:
            // Each acquire takes the oldest release not yet taken; a waiting one was woken
            // by it. The untaken releases are kept as a count and the oldest one's index:
            // the next oldest is found again in the stream, so a semaphore released often
            // and seldom acquired costs no memory.
            if (op == Op::Release) {
                if (m_untaken++ == 0) m_last = i;
            } else if (op == Op::Acquire && m_untaken > 0) {
                const std::size_t from = m_last;
                if (--m_untaken > 0) {
                    std::size_t j = from + 1;
                    while ((*m_s)[j].op() != Op::Release)
                        ++j;
                    m_last = j;
                }
                if (waited) return {LinkRule::ReleaseAcquire, from};
            }
            break;
        case ObjectKind::Barrier:
            // The passes of a generation are recorded when its last arrival opens it, so
            // the last arrivals of a few recent generations are all a pass can refer to.
            if (op == Op::Arrive) {
                Arrival& a = m_arrivals[e.value % m_arrivals.size()];
                a = {i, e.value, true};
            } else if (op == Op::Abort) {
                m_abort = i;
            } else if (op == Op::Pass && waited) {
                // A broken barrier was opened by its abort, never by an arrival.
                if (e.arg & OpFlagBroken) {
                    if (m_abort != kNone) return {LinkRule::AbortPass, m_abort};
                } else if (const Arrival& a = m_arrivals[e.value % m_arrivals.size()];
                           a.seen && a.generation == e.value) {
                    return {LinkRule::ArrivePass, a.index};
                }
            }
            break;
        case ObjectKind::Condition:
            if (op == Op::Notify || op == Op::NotifyAll) {
                m_last = i;
                m_budget = e.value; // how many waiters it woke
            } else if (op == Op::Wake && m_budget > 0) {
                --m_budget;
                return {LinkRule::NotifyWake, m_last};
            }
            break;
        case ObjectKind::Event:
            if (op == Op::Set) {
                m_last = i;
                m_armed = true;
            } else if (op == Op::Clear) {
                m_armed = false;
            } else if (op == Op::Wake && m_armed) {
                return {LinkRule::SetWake, m_last};
            }
            break;
        case ObjectKind::Threads:
        case ObjectKind::Variable: // ordered, but nobody waits on it: no link to draw
        case ObjectKind::Fences:
        case ObjectKind::Assertion:
            break;
        }
        return {};
    }

private:
    struct Arrival {
        std::size_t index = 0;
        std::uint32_t generation = 0;
        bool seen = false;
    };

    const EventStream* m_s;
    ObjectKind m_kind;
    // The last unlock, get, notify or set; for a semaphore, the oldest untaken release.
    std::size_t m_last = kNone;
    bool m_armed = false;                                     // lock, event
    std::uint32_t m_budget = 0;                               // condition
    std::size_t m_untaken = 0;                                // semaphore
    std::deque<std::pair<std::size_t, std::uint32_t>> m_puts; // queue: (index, item) not got
    std::array<Arrival, 8> m_arrivals{};                      // barrier, by generation
    std::size_t m_abort = kNone;                              // barrier
};

} // namespace tl
