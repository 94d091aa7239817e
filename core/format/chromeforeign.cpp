#include "format/chromeforeign.h"

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

namespace {

// What the reader noticed, each kind said once with its count and its first place.
enum Kind {
    UnknownPhase,
    NoPh,
    NotObject,
    NoTs,
    BadTime,
    NoDur,
    NegativeDur,
    TooLate,
    EWithoutB,
    ENameMismatch,
    BNeverEnds,
    AsyncWithoutId,
    AsyncEWithoutB,
    AsyncBNeverEnds,
    FlowWithoutStart,
    FlowWithoutEnd,
    FlowDuplicate,
    CounterWithoutValues,
    BadId,
    KindCount
};

struct Problem {
    std::size_t count = 0;
    std::string first; // "event 12 at byte 3456" and what it was
};

std::string place(std::size_t index, std::size_t byte) {
    return "event " + std::to_string(index) + " at byte " + std::to_string(byte);
}

std::string quoted(std::string_view s) {
    std::string q(1, '"');
    q.append(s.substr(0, 80));
    if (s.size() > 80) q += "...";
    q += '"';
    return q;
}

std::string micros(Time ns) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.3f us", double(ns) / 1000.0);
    return buf;
}

struct OpenSlice {
    std::string_view name, cat;
    std::string_view args;
    Time start = 0;
    std::size_t index = 0, byte = 0;
};

struct OpenSpan {
    std::string_view name;
    std::uint32_t label = 0;
    std::string_view args;
    Time start = 0;
    std::int64_t tid = 0;
    std::int32_t thread = -1;
    std::size_t index = 0, byte = 0;
};

struct FlowPoint {
    std::int32_t thread = -1;
    Time time = 0;
    std::size_t index = 0, byte = 0;
    std::string_view args; // the start's
};

} // namespace

struct ChromeForeign::State {
    explicit State(TraceBuilder& b) : builder(b) {}

    TraceBuilder& builder;
    std::array<Problem, KindCount> problems{};
    std::array<std::size_t, 128> phases{}; // unknown phases by character
    std::size_t otherPhases = 0;           // not ASCII
    Time latest = std::numeric_limits<Time>::min();

    std::vector<std::vector<OpenSlice>> stacks;             // B/E, by builder thread id
    std::vector<ChromeEvent> deferred;                      // b/e/n and s/t/f, paired in time order
    std::unordered_map<std::string, std::int64_t> namedIds; // string pids/tids
    std::vector<std::pair<std::string, double>> numbers;

    void note(Kind k, std::size_t index, std::size_t byte, const std::string& what) {
        Problem& p = problems[k];
        if (p.count++ == 0) p.first = place(index, byte) + (what.empty() ? "" : ": " + what);
    }
    void note(Kind k, const ChromeEvent& e, const std::string& what = {}) {
        note(k, e.index, e.byte, what);
    }

    // A pid or tid given as a string is a name: it gets a number of its own, above any
    // Linux pid (PID_MAX_LIMIT is 2^22) and below 2^32, as viewers want.
    std::int64_t namedId(std::string_view name, bool process) {
        const auto [it, added] = namedIds.emplace(
            std::string(name), std::int64_t(0x40000000) + std::int64_t(namedIds.size()));
        if (added && process) builder.nameProcess(it->second, std::string(name));
        return it->second;
    }
    std::int64_t pidOf(const ChromeEvent& e) {
        if (!e.pidName.empty()) return namedId(e.pidName, true);
        return e.pid;
    }
    std::uint32_t threadOf(const ChromeEvent& e) {
        const std::int64_t pid = pidOf(e);
        std::int64_t tid = e.tid;
        if (!e.tidName.empty()) {
            tid = namedId(e.tidName, false);
        } else if (tid == TraceBuilder::kNoPid) {
            tid = pid == TraceBuilder::kNoPid ? 0 : pid; // as Perfetto: no tid, the pid's
        }
        const std::uint32_t t = builder.thread(pid, tid);
        if (!e.tidName.empty() && builder.threadName(t).empty())
            builder.nameThread(t, std::string(e.tidName));
        return t;
    }

    std::uint32_t argsId(std::string_view args) {
        if (args.size() <= 2) return 0; // "" or "{}"
        return builder.text(args);
    }

    void metadata(const ChromeEvent& e);
    void slice(const ChromeEvent& e);
    void begin(const ChromeEvent& e);
    void end(const ChromeEvent& e);
    void instant(const ChromeEvent& e);
    void counter(const ChromeEvent& e);
    void async();
    void flows();
    void report();
};

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
        s.deferred.push_back(e);
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

// Async spans: an "e" ends the innermost open "b" of its identity with its name, of its own
// thread when there is one (node's async ids count per thread, so two threads' spans share
// an identity), else of any thread.
void ChromeForeign::State::async() {
    std::unordered_map<std::string, std::vector<OpenSpan>> open;
    std::unordered_map<std::string, std::uint32_t> trackOf;
    std::string key;
    for (const ChromeEvent& e : deferred) {
        if (e.ph != 'b' && e.ph != 'e' && e.ph != 'n') continue;
        if (!e.hasId) {
            note(AsyncWithoutId, e, quoted(e.name));
            continue;
        }
        const std::int64_t pid = pidOf(e);
        key.assign(e.cat);
        key += '\x1f';
        key += e.scope;
        key += '\x1f';
        key += e.id;
        if (e.idLocal) key += "\x1f" + std::to_string(pid);
        auto track = trackOf.find(key);
        if (track == trackOf.end())
            track = trackOf.emplace(key, builder.asyncTrack(pid, key, e.name)).first;
        std::vector<OpenSpan>& spans = open[key];
        if (e.ph == 'b') {
            const bool onThread = e.tid != TraceBuilder::kNoPid || !e.tidName.empty();
            spans.push_back(OpenSpan{e.name, builder.label(e.name, e.cat), e.args, e.ts, e.tid,
                                     onThread ? std::int32_t(threadOf(e)) : -1, e.index, e.byte});
        } else if (e.ph == 'n') {
            builder.addAsyncInstant(track->second,
                                    Instant{e.ts, builder.label(e.name, e.cat), argsId(e.args)});
        } else {
            auto match = spans.rend();
            for (auto it = spans.rbegin(); it != spans.rend(); ++it)
                if (it->name == e.name || e.name.empty()) {
                    if (it->tid == e.tid) {
                        match = it;
                        break;
                    }
                    if (match == spans.rend()) match = it;
                }
            if (match == spans.rend()) {
                note(AsyncEWithoutB, e, quoted(e.name) + " id " + std::string(e.id));
                continue;
            }
            const OpenSpan b = *match;
            spans.erase(std::next(match).base());
            const std::string_view args = b.args.size() > 2 ? b.args : e.args;
            builder.addAsyncSlice(
                track->second,
                Slice{b.start, std::max<Time>(0, e.ts - b.start), b.label, argsId(args)}, b.thread);
        }
    }
    for (auto& [k, spans] : open)
        for (const OpenSpan& b : spans) {
            note(AsyncBNeverEnds, b.index, b.byte,
                 quoted(b.name) + "; shown up to the end of the trace");
            builder.addAsyncSlice(
                trackOf[k],
                Slice{b.start, std::max<Time>(0, latest - b.start), b.label, argsId(b.args)},
                b.thread);
        }
}

// Flows: s starts an arrow, each t continues it, f ends it; identity (cat, name, id).
void ChromeForeign::State::flows() {
    std::unordered_map<std::string, FlowPoint> open;
    std::string key;
    for (const ChromeEvent& e : deferred) {
        if (e.ph != 's' && e.ph != 't' && e.ph != 'f') continue;
        if (!e.hasId) {
            note(BadId, e, "a flow without \"id\"");
            continue;
        }
        key.assign(e.cat);
        key += '\x1f';
        key += e.name;
        key += '\x1f';
        key += e.id;
        if (e.idLocal) key += "\x1f" + std::to_string(pidOf(e));
        const FlowPoint here{std::int32_t(threadOf(e)), e.ts, e.index, e.byte, e.args};
        const auto it = open.find(key);
        if (e.ph == 's') {
            if (it != open.end()) {
                note(FlowDuplicate, e, quoted(e.name) + " id " + std::string(e.id));
                it->second = here;
            } else {
                open.emplace(key, here);
            }
            continue;
        }
        if (it == open.end()) {
            note(FlowWithoutStart, e, quoted(e.name) + " id " + std::string(e.id));
            continue;
        }
        // The arrow's args are its start's, else its end's.
        const std::string_view args = it->second.args.size() > 2 ? it->second.args : e.args;
        builder.addFlow(Flow{it->second.time, e.ts, it->second.thread, here.thread,
                             builder.label(e.name, e.cat), argsId(args)});
        if (e.ph == 'f')
            open.erase(it);
        else
            it->second = here;
    }
    for (const auto& [k, p] : open)
        note(FlowWithoutEnd, p.index, p.byte, "");
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
    std::stable_sort(s.deferred.begin(), s.deferred.end(),
                     [](const ChromeEvent& a, const ChromeEvent& b) { return a.ts < b.ts; });
    s.async();
    s.flows();
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

namespace {

simdjson::dom::parser& smallParser() {
    thread_local simdjson::dom::parser parser;
    return parser;
}

bool parseObject(std::string_view text, simdjson::dom::object& out) {
    if (text.empty()) return false;
    simdjson::dom::element root;
    if (smallParser().parse(text.data(), text.size(), true).get(root)) return false;
    return root.get_object().get(out) == simdjson::SUCCESS;
}

} // namespace

bool jsonObjectNumbers(std::string_view objectText,
                       std::vector<std::pair<std::string, double>>& out) {
    simdjson::dom::object obj;
    if (!parseObject(objectText, obj)) return false;
    for (const auto field : obj) {
        double v = 0;
        if (field.value.get_double().get(v) == simdjson::SUCCESS) {
            out.emplace_back(std::string(field.key), v);
            continue;
        }
        std::string_view text;
        if (field.value.get_string().get(text) == simdjson::SUCCESS) {
            const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
            if (ec == std::errc() && p == text.data() + text.size() && std::isfinite(v))
                out.emplace_back(std::string(field.key), v);
        }
    }
    return true;
}

bool jsonObjectString(std::string_view objectText, std::string_view key, std::string& out) {
    simdjson::dom::object obj;
    std::string_view s;
    if (!parseObject(objectText, obj) || obj[key].get_string().get(s)) return false;
    out = std::string(s);
    return true;
}

bool jsonObjectInteger(std::string_view objectText, std::string_view key, std::int64_t& out) {
    simdjson::dom::object obj;
    if (!parseObject(objectText, obj)) return false;
    const auto v = obj[key];
    if (v.get_int64().get(out) == simdjson::SUCCESS) return true;
    double d = 0;
    if (v.get_double().get(d) || !std::isfinite(d) || std::fabs(d) > 9e18) return false;
    out = std::int64_t(d);
    return true;
}

} // namespace tl
