// Chrome Trace Event JSON import with simdjson's On-Demand API: one pass over the text,
// reading in place what it can (keys and strings without escapes are never copied), handing
// slices and operations to a TraceBuilder that lays them into a fresh Trace. The text comes
// from chromejsonload.cpp, which brings a file or a string into padded memory.
#include "format/chromejson.h"
#include "format/chromejsonparse.h"
#include "format/jsontext.h"
#include "format/tracebuilder.h"

#include <algorithm>
#include <cstring>
#include <deque>

namespace tl {

namespace {

namespace od = simdjson::ondemand;

// One trace event's fields as read. String views point into the text or into the
// reader's store of unescaped strings; both outlive the event.
struct Fields {
    std::string_view ph, name, cat;
    bool hasTid = false, hasTs = false, hasDur = false;
    std::int64_t tid = 0;
    Time ts = 0, dur = 0;
    std::string_view object, reason, argName;
    bool hasObject = false, hasReason = false, hasArgName = false;
    std::uint64_t item = 0, value = 0, flags = 0;
    bool hasItem = false, hasValue = false;
    std::uint8_t opFlags = 0;
    bool unfinished = false;
    const char* badArg = nullptr; // an argument of the wrong type, reported only if it matters
    const char* badTime = nullptr;
};

class Reader {
public:
    Reader(simdjson::padded_string_view text, const Progress* progress, double from)
        : m_text(text), m_progress(progress), m_from(from) {}

    std::unique_ptr<Trace> run() {
        od::document doc;
        if (const auto err = m_parser.iterate(m_text).get(doc)) {
            if (err == simdjson::EMPTY) fail("the file is empty");
            const jsontext::TextProblem problem = jsontext::findTextProblem(m_text);
            if (problem.offset != std::string_view::npos)
                fail("malformed JSON at byte " + std::to_string(problem.offset) + ": " +
                     problem.what);
            fail("malformed JSON: " + std::string(simdjson::error_message(err)));
        }
        m_doc = &doc;
        if (m_progress) {
            // simdjson has indexed the whole text (a fifth of the parse, and no step in it).
            m_from += (1 - m_from) * 0.2;
            m_progress->step(m_from);
        }
        od::json_type type{};
        check(doc.type().get(type), "the top level");
        if (type != od::json_type::object)
            fail(std::string("not a Chrome trace: the top level is ") + typeName(type) +
                 ", not an object");
        od::object root;
        check(doc.get_object().get(root), "the top level");
        bool sawEvents = false;
        for (auto fieldResult : root) {
            od::field field;
            check(std::move(fieldResult).get(field), "the top level");
            std::string_view key;
            check(field.unescaped_key().get(key), "the top level");
            if (key == "traceEvents") {
                events(field.value());
                sawEvents = true;
            } else if (key == "otherData") {
                otherData(field.value());
            }
        }
        if (!sawEvents) fail("not a Chrome trace: there is no \"traceEvents\" array");
        const char* rest = nullptr;
        if (doc.current_location().get(rest) == simdjson::SUCCESS)
            fail("unexpected text after the trace at byte " + location(doc));
        return m_builder.build(std::move(m_info), m_outcome, std::move(m_message),
                               m_hasEndTime ? &m_endTime : nullptr);
    }

private:
    [[noreturn]] static void fail(const std::string& what) { throw TraceReadError(what); }

    static const char* typeName(od::json_type t) {
        switch (t) {
        case od::json_type::array:
            return "an array";
        case od::json_type::object:
            return "an object";
        case od::json_type::number:
            return "a number";
        case od::json_type::string:
            return "a string";
        case od::json_type::boolean:
            return "a boolean";
        case od::json_type::null:
            return "null";
        }
        return "something else";
    }

    std::string location(od::document& doc) {
        const char* p = nullptr;
        if (doc.current_location().get(p) == simdjson::SUCCESS && p >= m_text.data() &&
            p <= m_text.data() + m_text.size())
            return std::to_string(p - m_text.data());
        return std::to_string(m_text.size()) + " (the end)";
    }

    // Names the place of an error; the text is made only when there is one.
    struct Where {
        const char* what;
        std::size_t event = std::size_t(-1);
        Where(const char* w) : what(w) {}
        Where(const std::string& w) : what(w.c_str()) {}
        Where(const char* w, std::size_t e) : what(w), event(e) {}
        std::string text() const {
            return event == std::size_t(-1) ? std::string(what)
                                            : "event " + std::to_string(event) + what;
        }
    };

    // A syntax error found while walking: where it is and what simdjson says.
    // simdjson's error codes say what, not where: a scan of the text (only on this path)
    // finds truncation, trailing text and bad strings; the rest is placed where simdjson is.
    void check(simdjson::error_code err, const Where& place) {
        if (err != simdjson::SUCCESS) [[unlikely]]
            syntaxError(err, place);
    }
    [[noreturn, gnu::noinline]] void syntaxError(simdjson::error_code err, const Where& place) {
        const jsontext::TextProblem problem = jsontext::findTextProblem(m_text);
        if (problem.offset != std::string_view::npos)
            fail("malformed JSON at byte " + std::to_string(problem.offset) + ": " + problem.what);
        const jsontext::Shape shape = jsontext::shapeOf(m_text);
        if (shape.trailing != std::string_view::npos)
            fail("unexpected text after the trace at byte " + std::to_string(shape.trailing));
        if (shape.open > 0)
            fail("the file ends early at byte " + std::to_string(m_text.size()) +
                 " (is it truncated?): " + std::to_string(shape.open) +
                 (shape.open == 1 ? " array or object is" : " arrays or objects are") +
                 " not closed");
        fail("malformed JSON at byte " + location(*m_doc) + ", in " + place.text() + ": " +
             simdjson::error_message(err));
    }

    // Whether a key as written (not unescaped) is `lit`, given with its closing quote:
    // ours never need escapes, so an escaped key is merely one we do not know. Reading a
    // few bytes past a short key is safe: the text is padded.
    template <std::size_t N> static bool is(const char* key, const char (&lit)[N]) {
        return std::memcmp(key, lit, N - 1) == 0;
    }

    // A string value, read in place when it has no escapes (simdjson would copy every one
    // into its buffer); one with escapes is decoded into storage that lives with the reader.
    bool text(od::value& v, std::string_view& out) {
        od::raw_json_string raw;
        if (v.get_raw_json_string().get(raw)) return false;
        const char* p = raw.raw();
        const char* q = p;
        while (*q != '"' && *q != '\\') // simdjson has checked that every string is closed
            ++q;
        if (*q == '"') {
            out = std::string_view(p, std::size_t(q - p));
            return true;
        }
        const char* end = m_text.data() + m_text.size();
        return unescape(std::string_view(p - 1, std::size_t(end - (p - 1))), out);
    }

    bool unescape(std::string_view literal, std::string_view& out) {
        std::string& decoded = m_unescaped.emplace_back();
        if (!jsontext::unescapeString(literal, decoded)) return false;
        out = decoded;
        return true;
    }

    static std::string eventName(std::size_t i) { return "event " + std::to_string(i); }

    void otherData(od::value v) {
        od::object obj;
        if (v.get_object().get(obj)) fail("otherData is not an object");
        for (auto fr : obj) {
            od::field f;
            check(std::move(fr).get(f), "otherData");
            std::string_view key;
            check(f.unescaped_key().get(key), "otherData");
            od::value val = f.value();
            const std::string where = "otherData." + std::string(key);
            if (key == "generator") {
                const std::string_view g = string(val, where);
                constexpr std::string_view prefix = "threadlens ";
                m_info.version = std::string(g.starts_with(prefix) ? g.substr(prefix.size()) : g);
            } else if (key == "scenario") {
                m_info.scenarioId = std::string(string(val, where));
            } else if (key == "engine") {
                m_info.engine = std::string(string(val, where));
            } else if (key == "seed") {
                if (val.get_uint64().get(m_info.seed)) fail(where + " is not an unsigned integer");
            } else if (key == "cores") {
                std::int64_t c = 0;
                if (val.get_int64().get(c) || c < 0 || c > 1 << 20)
                    fail(where + " is not a number of cores");
                m_info.cores = int(c);
            } else if (key == "parameters") {
                parameters(val);
            } else if (key == "outcome") {
                const std::string_view name = string(val, where);
                bool found = false;
                for (int k = 0; k <= int(Outcome::Error) && !found; ++k)
                    if (outcomeName(Outcome(k)) == name) {
                        m_outcome = Outcome(k);
                        found = true;
                    }
                if (!found) fail(where + ": unknown outcome \"" + std::string(name) + "\"");
            } else if (key == "message") {
                m_message = std::string(string(val, where));
            } else if (key == "endTimeNs") {
                if (val.get_int64().get(m_endTime)) fail(where + " is not an integer");
                m_hasEndTime = true;
            } else if (key == "objects") {
                declaredObjects(val);
            }
        }
    }

    std::string_view string(od::value& v, const std::string& where) {
        std::string_view s;
        if (v.get_string().get(s)) fail(where + " is not a string");
        return s;
    }

    void parameters(od::value v) {
        od::object obj;
        if (v.get_object().get(obj)) fail("otherData.parameters is not an object");
        for (auto fr : obj) {
            od::field f;
            check(std::move(fr).get(f), "otherData.parameters");
            std::string_view key;
            check(f.unescaped_key().get(key), "otherData.parameters");
            od::value val = f.value();
            std::string name(key);
            od::json_type type{};
            check(val.type().get(type), "otherData.parameters");
            std::string_view text;
            if (type == od::json_type::string) {
                check(val.get_string().get(text), "otherData.parameters");
            } else if (type != od::json_type::object && type != od::json_type::array) {
                // Other tools may write numbers or booleans: keep their text.
                text = val.raw_json_token();
                while (!text.empty() && (text.back() == ' ' || text.back() == '\n' ||
                                         text.back() == '\r' || text.back() == '\t'))
                    text.remove_suffix(1);
            } else {
                fail("otherData.parameters." + name + " is not a string");
            }
            m_info.parameters.emplace_back(std::move(name), std::string(text));
        }
    }

    void declaredObjects(od::value v) {
        od::array arr;
        if (v.get_array().get(arr)) fail("otherData.objects is not an array");
        std::size_t index = 0;
        for (auto er : arr) {
            const std::string where = "otherData.objects[" + std::to_string(index++) + "]";
            od::object obj;
            if (er.get_object().get(obj)) fail(where + " is not an object");
            ObjectInfo info;
            bool named = false;
            for (auto fr : obj) {
                od::field f;
                check(std::move(fr).get(f), where);
                std::string_view key;
                check(f.unescaped_key().get(key), where);
                od::value val = f.value();
                if (key == "name") {
                    info.name = std::string(string(val, where + ".name"));
                    named = true;
                } else if (key == "kind") {
                    const std::string_view k = string(val, where + ".kind");
                    bool found = false;
                    for (int i = 0; i <= int(ObjectKind::Threads) && !found; ++i)
                        if (objectKindName(ObjectKind(i)) == k) {
                            info.kind = ObjectKind(i);
                            found = true;
                        }
                    if (!found) fail(where + ": unknown kind \"" + std::string(k) + "\"");
                } else if (key == "capacity") {
                    if (val.get_int64().get(info.capacity))
                        fail(where + ".capacity is not an integer");
                }
            }
            if (!named) fail(where + " has no name");
            m_builder.declareObject(std::move(info));
        }
    }

    void events(od::value v) {
        od::array arr;
        if (const auto err = v.get_array().get(arr)) {
            if (err == simdjson::INCORRECT_TYPE)
                fail("not a Chrome trace: traceEvents is not an array");
            check(err, "traceEvents");
        }
        std::size_t index = 0;
        for (auto er : arr) {
            od::value ev;
            check(std::move(er).get(ev), Where("", index));
            if (m_progress && (index & 0x7fff) == 0) stepAt(ev);
            event(ev, index);
            ++index;
        }
    }

    // The fraction of the text read so far, from where the parser is.
    void stepAt(od::value& v) {
        const char* at = nullptr;
        if (v.current_location().get(at)) return;
        const double read =
            double(at - m_text.data()) / double(std::max<std::size_t>(m_text.size(), 1));
        m_progress->step(m_from + (1 - m_from) * read);
    }

    void event(od::value& v, std::size_t index) {
        od::object obj;
        if (const auto err = v.get_object().get(obj)) {
            if (err == simdjson::INCORRECT_TYPE) fail(eventName(index) + ": not an object");
            check(err, Where("", index));
        }
        Fields f;
        for (auto fr : obj) {
            od::field field;
            check(std::move(fr).get(field), Where("", index));
            const char* key = field.key().raw();
            od::value val = field.value();
            switch (key[0]) {
            case 'p':
                if (is(key, "ph\"")) {
                    if (!text(val, f.ph)) fail(eventName(index) + ": \"ph\" is not a string");
                    // Counters and flows (half of our events) are derived: leave the rest of
                    // the object unread, simdjson skips it.
                    if (f.ph.size() == 1 && f.ph[0] != 'M' && f.ph[0] != 'X' && f.ph[0] != 'i' &&
                        f.ph[0] != 'I')
                        return;
                }
                break;
            case 'n':
                if (is(key, "name\"") && !text(val, f.name)) f.name = {};
                break;
            case 'c':
                if (is(key, "cat\"") && !text(val, f.cat)) f.cat = {};
                break;
            case 't':
                if (is(key, "tid\"")) {
                    f.hasTid = val.get_int64().get(f.tid) == simdjson::SUCCESS;
                } else if (is(key, "ts\"")) {
                    f.hasTs = jsontext::parseMicroseconds(val.raw_json_token(), f.ts);
                    if (!f.hasTs) f.badTime = "\"ts\" is not a number of microseconds";
                }
                break;
            case 'd':
                if (is(key, "dur\"")) {
                    f.hasDur = jsontext::parseMicroseconds(val.raw_json_token(), f.dur);
                    if (!f.hasDur) f.badTime = "\"dur\" is not a number of microseconds";
                }
                break;
            case 'a':
                if (is(key, "args\"")) args(val, f, index);
                break;
            default:
                break;
            }
        }
        interpret(f, index);
    }

    void args(od::value& v, Fields& f, std::size_t index) {
        od::object obj;
        if (v.get_object().get(obj)) return; // other tools' args may be anything
        for (auto fr : obj) {
            od::field field;
            check(std::move(fr).get(field), Where(" args", index));
            const char* key = field.key().raw();
            od::value val = field.value();
            auto string = [&](std::string_view& out, bool& has, const char* bad) {
                has = text(val, out);
                if (!has && !f.badArg) f.badArg = bad;
            };
            auto number = [&](std::uint64_t& out, bool* has, const char* bad) {
                const bool ok = val.get_uint64().get(out) == simdjson::SUCCESS;
                if (has) *has = ok;
                if (!ok && !f.badArg) f.badArg = bad;
            };
            auto flag = [&](std::uint8_t bit, const char* bad) {
                bool b = false;
                if (val.get_bool().get(b)) {
                    if (!f.badArg) f.badArg = bad;
                } else if (b) {
                    f.opFlags |= bit;
                }
            };
            if (is(key, "object\"")) {
                string(f.object, f.hasObject, "args.object is not a string");
            } else if (is(key, "reason\"")) {
                string(f.reason, f.hasReason, "args.reason is not a string");
            } else if (is(key, "name\"")) {
                string(f.argName, f.hasArgName, "args.name is not a string");
            } else if (is(key, "item\"")) {
                number(f.item, &f.hasItem, "args.item is not an unsigned integer");
            } else if (is(key, "value\"")) {
                number(f.value, &f.hasValue, "args.value is not an unsigned integer");
            } else if (is(key, "flags\"")) {
                number(f.flags, nullptr, "args.flags is not an unsigned integer");
            } else if (is(key, "waited\"")) {
                flag(OpFlagWaited, "args.waited is not a boolean");
            } else if (is(key, "shared\"")) {
                flag(OpFlagShared, "args.shared is not a boolean");
            } else if (is(key, "broken\"")) {
                flag(OpFlagBroken, "args.broken is not a boolean");
            } else if (is(key, "closed\"")) {
                flag(OpFlagClosed, "args.closed is not a boolean");
            } else if (is(key, "unfinished\"")) {
                if (val.get_bool().get(f.unfinished) && !f.badArg)
                    f.badArg = "args.unfinished is not a boolean";
            }
        }
    }

    void interpret(Fields& f, std::size_t index);

    simdjson::padded_string_view m_text;
    const Progress* m_progress;
    double m_from; // the fraction already done when parsing starts
    od::parser m_parser;
    od::document* m_doc = nullptr;

    RunInfo m_info;
    Outcome m_outcome = Outcome::Completed;
    std::string m_message;
    Time m_endTime = 0;
    bool m_hasEndTime = false;
    TraceBuilder m_builder;
    std::deque<std::string> m_unescaped; // strings that had escapes, decoded
};

void Reader::interpret(Fields& f, std::size_t index) {
    auto bad = [&](const std::string& what) { fail(eventName(index) + ": " + what); };
    auto quote = [](std::string_view s) {
        std::string q(1, '"');
        q.append(s);
        q += '"';
        return q;
    };
    if (f.ph.empty()) bad("no \"ph\"");
    const char ph = f.ph.size() == 1 ? f.ph[0] : '?';
    if (ph == 'M') {
        if (f.name == "process_name" && f.hasArgName) {
            m_info.title = std::string(f.argName);
        } else if (f.name == "thread_name" && f.hasArgName) {
            if (!f.hasTid) bad("thread_name without an integer \"tid\"");
            m_builder.nameThread(m_builder.thread(f.tid), std::string(f.argName));
        }
        return;
    }
    const bool isState = ph == 'X' && f.cat == "state";
    const bool isOp = (ph == 'i' || ph == 'I') && f.cat == "sync";
    if (!isState && !isOp) return; // counters, flows and other tools' events
    if (f.badArg) bad(f.badArg);
    if (f.badTime) bad(f.badTime);
    if (!f.hasTid) bad("no integer \"tid\"");
    if (!f.hasTs) bad("no \"ts\"");
    const std::uint32_t thread = m_builder.thread(f.tid);
    if (isState) {
        TraceBuilder::StateSlice sl;
        if (!parseStateName(f.name, sl.state) || sl.state == ThreadState::Exited)
            bad("unknown state " + quote(f.name));
        if (!f.hasDur) bad("a state slice without \"dur\"");
        if (f.dur < 0) bad("negative \"dur\"");
        if (f.hasReason && !parseReasonName(f.reason, sl.reason))
            bad("unknown reason " + quote(f.reason));
        if (f.value > 0xFFFFFFFFu) bad("args.value is out of range");
        sl.start = f.ts;
        sl.duration = f.dur;
        sl.value = std::uint32_t(f.value);
        sl.unfinished = f.unfinished;
        if (f.hasObject) sl.object = m_builder.object(f.object);
        m_builder.addSlice(thread, sl);
        return;
    }
    Op op;
    if (!parseOpName(f.name, op)) bad("unknown operation " + quote(f.name));
    if (!f.hasObject) bad("operation " + quote(f.name) + " without args.object");
    std::uint64_t value = op == Op::Put || op == Op::Get ? f.item : f.value;
    if (op == Op::Spawn || op == Op::Join) {
        // The file names the target by tid; the builder makes it a thread index. A tid
        // seen nowhere else still becomes a thread, so that the value always names one.
        if (f.value == 0 || f.value > 0xFFFFFFFFu) bad("args.value is not a tid");
        m_builder.thread(std::int64_t(f.value));
    } else if (value > 0xFFFFFFFFu) {
        bad("args.value is out of range");
    }
    if (f.flags > 0xFF) bad("args.flags is out of range");
    m_builder.addOperation(m_builder.object(f.object), thread, f.ts, op, std::uint32_t(value),
                           std::uint8_t(f.opFlags | f.flags));
}

} // namespace

std::unique_ptr<Trace> parseChromeTrace(simdjson::padded_string_view text, const Progress* progress,
                                        double from) {
    return Reader(text, progress, from).run();
}

} // namespace tl
