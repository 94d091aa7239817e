// ChromeForeign's intake: each event of another tool as it is read, made a slice, an instant,
// a counter point or a name at once, or kept for pairing at the end (chromeforeignpair.cpp).
#include "format/chromeforeignimpl.h"

#include <simdjson.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <limits>
#include <string>
#include <unordered_map>
#include <vector>

namespace tl {

using namespace foreign;

ChromeForeign::ChromeForeign(TraceBuilder& builder) : m_s(std::make_unique<State>(builder)) {}
ChromeForeign::~ChromeForeign() = default;

void ChromeForeign::extend(Time t) {
    m_s->latest = std::max(m_s->latest, t);
}

void ChromeForeign::skip(std::size_t index, std::size_t byte, const char* why) {
    m_s->note(std::string_view(why) == "not an object" ? NotObject : NoPh, index, byte, {});
}

void ChromeForeign::add(const ChromeEvent& e) {
    State& s = *m_s;
    if (e.ph == 'M') {
        s.metadata(e);
        return;
    }
    switch (e.ph) {
    case 'X':
    case 'B':
    case 'E':
    case 'b':
    case 'e':
    case 'n':
    case 'i':
    case 'I':
    case 'R':
    case 'C':
    case 's':
    case 't':
    case 'f':
        break;
    default:
        if (static_cast<unsigned char>(e.ph) < 128)
            ++s.phases[static_cast<unsigned char>(e.ph)];
        else
            ++s.otherPhases;
        s.note(UnknownPhase, e);
        return;
    }
    if (e.badTime) {
        s.note(BadTime, e, std::string(e.badTime) + "; skipped");
        return;
    }
    if (!e.hasTs) {
        s.note(NoTs, e);
        return;
    }
    s.latest = std::max(s.latest, e.ts);
    switch (e.ph) {
    case 'X':
        s.slice(e);
        break;
    case 'B':
        s.begin(e);
        break;
    case 'E':
        s.end(e);
        break;
    case 'i':
    case 'I':
    case 'R':
        s.instant(e);
        break;
    case 'C':
        s.counter(e);
        break;
    default: // b e n s t f: paired in time order at the end
        s.defer(e);
    }
}

void ChromeForeign::State::metadata(const ChromeEvent& e) {
    std::string text;
    std::int64_t number = 0;
    if (e.name == "process_name") {
        const std::int64_t pid = pidOf(e);
        if (pid != TraceBuilder::kNoPid && jsonObjectString(e.args, "name", text))
            builder.nameProcess(pid, std::move(text));
    } else if (e.name == "process_sort_index") {
        const std::int64_t pid = pidOf(e);
        if (pid != TraceBuilder::kNoPid && jsonObjectInteger(e.args, "sort_index", number))
            builder.sortProcess(pid, number);
    } else if (e.name == "thread_name") {
        if (jsonObjectString(e.args, "name", text))
            builder.nameThread(threadOf(e), std::move(text));
    } else if (e.name == "thread_sort_index") {
        if (jsonObjectInteger(e.args, "sort_index", number))
            builder.sortThread(threadOf(e), number);
    }
    // Other metadata (node's "version", catapult's "num_cpus", ...) names nothing we show.
}

void ChromeForeign::State::slice(const ChromeEvent& e) {
    Time dur = e.dur;
    if (!e.hasDur) {
        note(NoDur, e, quoted(e.name));
        dur = 0;
    } else if (dur < 0) {
        note(NegativeDur, e, quoted(e.name) + " has dur " + micros(dur));
        dur = 0;
    } else if (e.ts > std::numeric_limits<Time>::max() - dur) {
        note(TooLate, e, quoted(e.name));
        dur = 0;
    }
    latest = std::max(latest, e.ts + dur);
    builder.addNamedSlice(threadOf(e),
                          Slice{e.ts, dur, builder.label(e.name, e.cat), argsId(e.args)});
}

void ChromeForeign::State::begin(const ChromeEvent& e) {
    const std::uint32_t t = threadOf(e);
    if (stacks.size() <= t) stacks.resize(t + 1);
    stacks[t].push_back(OpenSlice{e.name, e.cat, e.args, e.ts, e.index, e.byte});
}

void ChromeForeign::State::end(const ChromeEvent& e) {
    const std::uint32_t t = threadOf(e);
    if (stacks.size() <= t || stacks[t].empty()) {
        note(EWithoutB, e, quoted(e.name) + " on thread " + std::to_string(builder.threadTid(t)));
        return;
    }
    const OpenSlice b = stacks[t].back();
    stacks[t].pop_back();
    if (!e.name.empty() && e.name != b.name)
        note(ENameMismatch, e, quoted(e.name) + " ends " + quoted(b.name));
    Time start = b.start;
    Time endTime = e.ts;
    if (endTime < start) {
        note(NegativeDur, e, quoted(b.name) + " ends before it begins");
        endTime = start;
    }
    // B and E may each carry args; catapult merges them, we keep the begin's if it has any.
    const std::string_view args = b.args.size() > 2 ? b.args : e.args;
    builder.addNamedSlice(
        t, Slice{start, endTime - start, builder.label(b.name, b.cat), argsId(args)});
}

void ChromeForeign::State::instant(const ChromeEvent& e) {
    const Instant in{e.ts, builder.label(e.name, e.cat), argsId(e.args)};
    if (e.instantScope == 'g') {
        builder.addGlobalInstant(in);
    } else if (e.instantScope == 'p' && pidOf(e) != TraceBuilder::kNoPid) {
        builder.addProcessInstant(pidOf(e), in);
    } else {
        builder.addInstant(threadOf(e), in);
    }
}

void ChromeForeign::State::counter(const ChromeEvent& e) {
    numbers.clear();
    if (!jsonObjectNumbers(e.args, numbers) || numbers.empty()) {
        note(CounterWithoutValues, e, quoted(e.name));
        return;
    }
    std::string name(e.name);
    if (e.hasId) {
        name += " id: ";
        name += e.id;
    }
    const std::int64_t pid = pidOf(e);
    for (const auto& [key, value] : numbers)
        builder.addCounter(pid, name, key, e.ts, value);
}

void ChromeForeign::State::defer(const ChromeEvent& e) {
    const bool async = e.ph == 'b' || e.ph == 'e' || e.ph == 'n';
    if (!e.hasId) {
        if (async)
            note(AsyncWithoutId, e, quoted(e.name));
        else
            note(BadId, e, "a flow without \"id\"");
        return;
    }
    const std::int64_t pid = pidOf(e);
    const std::int64_t local = e.idLocal ? pid : TraceBuilder::kNoPid;
    Deferred d;
    d.ts = e.ts;
    d.ph = e.ph;
    d.tid = e.tid;
    d.index = std::uint32_t(e.index);
    d.byte = std::uint32_t(e.byte);
    if (async) {
        // The identity's slot is fetched while the label and args are found: a trace with an
        // identity per span (node's async ids) has a table too large to stay in the cache.
        const AsyncKey key{e.cat, e.scope, e.id, local};
        const std::size_t hash = AsyncKeyHash{}(key);
        asyncIds.prefetch(hash);
        d.label = builder.label(e.name, e.cat);
        d.args = argsId(e.args);
        d.key = asyncIds.find(hash, [&](std::uint32_t k) { return asyncKeys[k] == key; });
        if (d.key == IdTable::kNone) {
            d.key = std::uint32_t(asyncKeys.size());
            asyncIds.insert(hash, d.key);
            asyncKeys.push_back(key);
            asyncTracks.push_back(builder.newAsyncTrack(pid, e.name));
        }
        if (e.ph == 'b') ++asyncBegins;
        const bool onThread = e.tid != TraceBuilder::kNoPid || !e.tidName.empty();
        d.thread = onThread ? std::int32_t(threadOf(e)) : -1;
    } else {
        const FlowKey key{e.cat, e.name, e.id, local};
        const std::size_t hash = FlowKeyHash{}(key);
        flowIds.prefetch(hash);
        d.label = builder.label(e.name, e.cat);
        d.args = argsId(e.args);
        d.key = flowIds.find(hash, [&](std::uint32_t k) { return flowKeys[k] == key; });
        if (d.key == IdTable::kNone) {
            d.key = std::uint32_t(flowKeys.size());
            flowIds.insert(hash, d.key);
            flowKeys.push_back(key);
        }
        d.thread = std::int32_t(threadOf(e));
    }
    deferred.push_back(d);
}

} // namespace tl
