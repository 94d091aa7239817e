// ChromeForeign's end: async spans and flows paired in time order, what was left open
// closed at the end of the trace, and what was noticed said once per kind.
#include "format/chromeforeignimpl.h"

#include <algorithm>
#include <array>
#include <bit>

namespace tl {

using namespace foreign;

namespace {

// Sorts distinct keys ascending, 11 bits a pass from the lowest (stable, so each pass keeps
// the order of the ones before), skipping a pass whose digit is the same in every key (the
// high bits of times close together): a third of std::sort's time on 128k deferred events.
void radixSort(ScratchVector<std::uint64_t>& keys) {
    constexpr unsigned kBits = 11, kPasses = (64 + kBits - 1) / kBits;
    constexpr std::size_t kDigits = std::size_t(1) << kBits;
    std::vector<std::array<std::uint32_t, kDigits>> count(kPasses);
    for (const std::uint64_t k : keys)
        for (unsigned pass = 0; pass < kPasses; ++pass)
            ++count[pass][(k >> (pass * kBits)) & (kDigits - 1)];
    ScratchVector<std::uint64_t> other(keys.size());
    for (unsigned pass = 0; pass < kPasses; ++pass) {
        const unsigned shift = pass * kBits;
        std::array<std::uint32_t, kDigits>& at = count[pass];
        if (at[(keys[0] >> shift) & (kDigits - 1)] == keys.size()) continue;
        std::uint32_t sum = 0;
        for (std::uint32_t& c : at) {
            const std::uint32_t n = c;
            c = sum;
            sum += n;
        }
        for (const std::uint64_t k : keys)
            other[at[(k >> shift) & (kDigits - 1)]++] = k;
        keys.swap(other);
    }
}

} // namespace

// Async spans: an "e" ends the innermost open "b" of its identity with its name, of its own
// thread when there is one (node's async ids count per thread, so two threads' spans share
// an identity), else of any thread. The open spans of a track are a stack kept as a list
// through one array, so that a trace with a track per span allocates nothing per track.
void ChromeForeign::State::async(const ScratchVector<std::uint32_t>& order) {
    struct Open {
        std::uint32_t at;   // the "b" in deferred
        std::int32_t below; // the span under it in its track, or -1
    };
    ScratchVector<std::int32_t> top(asyncTracks.size(), -1);
    ScratchVector<Open> open;
    builder.reserveAsyncSlices(asyncBegins);
    for (std::size_t k = 0; k < order.size(); ++k) {
        // In time order, the events are scattered through the file's: the one 16 on is
        // fetched while this one is paired.
        if (k + 16 < order.size()) __builtin_prefetch(&deferred[order[k + 16]]);
        const std::uint32_t i = order[k];
        const Deferred& e = deferred[i];
        if (e.ph != 'b' && e.ph != 'e' && e.ph != 'n') continue;
        const std::uint32_t track = asyncTracks[e.key];
        if (e.ph == 'b') {
            open.push_back(Open{i, top[e.key]});
            top[e.key] = std::int32_t(open.size() - 1);
        } else if (e.ph == 'n') {
            builder.addAsyncInstant(track, Instant{e.ts, e.label, e.args});
        } else {
            const std::uint32_t name = builder.labelName(e.label); // an "e" ends a "b" of its name
            std::int32_t match = -1, matchAbove = -1;
            for (std::int32_t at = top[e.key], above = -1; at >= 0;
                 above = at, at = open[std::size_t(at)].below) {
                const Deferred& b = deferred[open[std::size_t(at)].at];
                if (builder.labelName(b.label) != name && name != emptyName) continue;
                if (match < 0 || b.tid == e.tid) {
                    match = at;
                    matchAbove = above;
                }
                if (b.tid == e.tid) break;
            }
            if (match < 0) {
                note(AsyncEWithoutB, e.index, e.byte,
                     quoted(builder.labelText(e.label)) + " id " +
                         std::string(asyncKeys[e.key].id));
                continue;
            }
            Open& m = open[std::size_t(match)];
            if (matchAbove < 0)
                top[e.key] = m.below;
            else
                open[std::size_t(matchAbove)].below = m.below;
            const Deferred& b = deferred[m.at];
            const std::uint32_t args = b.args ? b.args : e.args;
            builder.addAsyncSlice(track, Slice{b.ts, std::max<Time>(0, e.ts - b.ts), b.label, args},
                                  b.thread);
        }
    }
    for (std::size_t k = 0; k < top.size(); ++k)
        for (std::int32_t at = top[k]; at >= 0; at = open[std::size_t(at)].below) {
            const Deferred& b = deferred[open[std::size_t(at)].at];
            note(AsyncBNeverEnds, b.index, b.byte,
                 quoted(builder.labelText(b.label)) + "; shown up to the end of the trace");
            builder.addAsyncSlice(asyncTracks[k],
                                  Slice{b.ts, std::max<Time>(0, latest - b.ts), b.label, b.args},
                                  b.thread);
        }
}

// Flows: s starts an arrow, each t continues it, f ends it; identity (cat, name, id).
void ChromeForeign::State::flows(const ScratchVector<std::uint32_t>& order) {
    if (flowKeys.empty()) return; // none: the async spans' events need not be looked at
    ScratchVector<std::int64_t> open(flowKeys.size(), -1); // the point each arrow is at
    for (const std::uint32_t i : order) {
        const Deferred& e = deferred[i];
        if (e.ph != 's' && e.ph != 't' && e.ph != 'f') continue;
        std::int64_t& at = open[e.key];
        if (e.ph == 's') {
            if (at >= 0)
                note(FlowDuplicate, e.index, e.byte,
                     quoted(builder.labelText(e.label)) + " id " + std::string(flowKeys[e.key].id));
            at = i;
            continue;
        }
        if (at < 0) {
            note(FlowWithoutStart, e.index, e.byte,
                 quoted(builder.labelText(e.label)) + " id " + std::string(flowKeys[e.key].id));
            continue;
        }
        // The arrow's args are its start's, else its end's.
        const Deferred& from = deferred[std::size_t(at)];
        builder.addFlow(
            Flow{from.ts, e.ts, from.thread, e.thread, e.label, from.args ? from.args : e.args});
        at = e.ph == 'f' ? -1 : std::int64_t(i);
    }
    for (const std::int64_t at : open)
        if (at >= 0)
            note(FlowWithoutEnd, deferred[std::size_t(at)].index, deferred[std::size_t(at)].byte,
                 "");
}

void ChromeForeign::finish() {
    State& s = *m_s;
    // Slices left open end with the trace; nothing is lost, and it is said.
    for (std::uint32_t t = 0; t < s.stacks.size(); ++t)
        for (const OpenSlice& b : s.stacks[t]) {
            s.note(BNeverEnds, b.index, b.byte,
                   quoted(b.name) + " on thread " + std::to_string(s.builder.threadTid(t)) +
                       "; shown up to the end of the trace");
            s.builder.addNamedSlice(t, Slice{b.start, std::max<Time>(0, s.latest - b.start),
                                             s.builder.label(b.name, b.cat), s.argsId(b.args)});
        }
    // Paired in time order (files need not be sorted), in file order at equal times.
    ScratchVector<std::uint32_t> order(s.deferred.size());
    for (std::uint32_t i = 0; i < order.size(); ++i)
        order[i] = i;
    s.emptyName = s.builder.text("");
    const auto byTs = [&](std::uint32_t a, std::uint32_t b) {
        return s.deferred[a].ts < s.deferred[b].ts;
    };
    if (!std::is_sorted(order.begin(), order.end(), byTs)) {
        // By (time, file order), read in place rather than through each event's record; as
        // one 64-bit number when both fit (the index in as many bits as it needs, the time
        // from the first in the rest: 47 bits, 39 hours in ns, for 128k events), which a
        // radix sort puts in order faster than std::sort does pairs.
        Time first = std::numeric_limits<Time>::max(), last = std::numeric_limits<Time>::min();
        for (std::uint32_t i = 0; i < order.size(); ++i) {
            first = std::min(first, s.deferred[i].ts);
            last = std::max(last, s.deferred[i].ts);
        }
        const int indexBits = int(std::bit_width(order.size()));
        const std::uint64_t span = std::uint64_t(last) - std::uint64_t(first);
        if (indexBits < 64 && int(std::bit_width(span)) <= 64 - indexBits) {
            ScratchVector<std::uint64_t> keyed(order.size());
            for (std::uint32_t i = 0; i < keyed.size(); ++i)
                keyed[i] =
                    (std::uint64_t(s.deferred[i].ts) - std::uint64_t(first)) << indexBits | i;
            radixSort(keyed);
            const std::uint64_t mask = (std::uint64_t(1) << indexBits) - 1;
            for (std::size_t i = 0; i < keyed.size(); ++i)
                order[i] = std::uint32_t(keyed[i] & mask);
        } else {
            ScratchVector<std::pair<Time, std::uint32_t>> keyed(order.size());
            for (std::uint32_t i = 0; i < keyed.size(); ++i)
                keyed[i] = {s.deferred[i].ts, i};
            std::sort(keyed.begin(), keyed.end());
            for (std::size_t i = 0; i < keyed.size(); ++i)
                order[i] = keyed[i].second;
        }
    }
    s.async(order);
    s.flows(order);
    s.report();
}

void ChromeForeign::State::report() {
    auto say = [&](Kind k, const std::string& one, const std::string& many) {
        const Problem& p = problems[k];
        if (!p.count) return;
        const std::string first = p.count == 1 ? p.first : "the first: " + p.first;
        builder.notice((p.count == 1 ? one : std::to_string(p.count) + " " + many) + " (" + first +
                       ")");
    };
    if (problems[UnknownPhase].count) {
        std::string list;
        for (std::size_t c = 0; c < phases.size(); ++c)
            if (phases[c]) {
                if (!list.empty()) list += ", ";
                list += '"';
                list += char(c);
                list += "\" x";
                list += std::to_string(phases[c]);
            }
        if (otherPhases)
            list += (list.empty() ? "" : ", ") + std::to_string(otherPhases) + " other";
        builder.notice("skipped " + std::to_string(problems[UnknownPhase].count) +
                       " events of phases it does not read: " + list +
                       " (the first: " + problems[UnknownPhase].first + ")");
    }
    say(NoPh, "skipped an event without \"ph\"", "events without \"ph\" skipped");
    say(NotObject, "skipped an event that is not an object", "events that are not objects skipped");
    say(NoTs, "skipped an event without \"ts\"", "events without \"ts\" skipped");
    say(BadTime, "an event's time is not a number of microseconds",
        "events whose time is not a number of microseconds skipped");
    say(NoDur, "an \"X\" without \"dur\" is shown with no length",
        "\"X\" events without \"dur\" shown with no length");
    say(NegativeDur, "a slice with a negative length is shown with none",
        "slices with a negative length shown with none");
    say(TooLate, "a slice ending past the year 2262 is shown with no length",
        "slices ending past the year 2262 shown with no length");
    say(EWithoutB, "an \"E\" with no \"B\" open on its thread was skipped",
        "\"E\" events with no \"B\" open on their thread skipped");
    say(ENameMismatch, "an \"E\" ends a \"B\" of another name",
        "\"E\" events end a \"B\" of another name");
    say(BNeverEnds, "a \"B\" never ends", "\"B\" events never end");
    say(AsyncWithoutId, "an async event without \"id\" was skipped",
        "async events without \"id\" skipped");
    say(AsyncEWithoutB, "an async \"e\" with no \"b\" open was skipped",
        "async \"e\" events with no \"b\" open skipped");
    say(AsyncBNeverEnds, "an async \"b\" never ends", "async \"b\" events never end");
    say(FlowWithoutStart, "a flow step or end with no start was skipped",
        "flow steps or ends with no start skipped");
    say(FlowWithoutEnd, "a flow never ends", "flows never end");
    say(FlowDuplicate, "a flow starts again before it ended",
        "flows start again before they ended");
    say(CounterWithoutValues, "a counter without numbers in its args was skipped",
        "counters without numbers in their args skipped");
    say(BadId, "a flow without \"id\" was skipped", "flows without \"id\" skipped");
}

} // namespace tl
