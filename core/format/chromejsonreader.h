#pragma once
// The Chrome JSON reader's walk over the text (chromejsonread.cpp: the document, otherData and
// loading; chromejsonevent.cpp: one event's fields and what is made of them). Internal to the
// reader: chromejson.h is its interface.
#include "format/chromeforeign.h"
#include "format/chromejson.h"
#include "format/jsontext.h"
#include "format/tracebuilder.h"

#include <simdjson.h>

#include <cstring>
#include <deque>
#include <memory>
#include <string>
#include <string_view>

namespace tl::chromeread {

namespace od = simdjson::ondemand;

// The args of one of our events (a state slice, an operation, a thread's name).
struct OurArgs {
    std::string_view object, reason, argName;
    bool hasObject = false, hasReason = false, hasArgName = false;
    std::uint64_t item = 0, value = 0, flags = 0;
    bool hasItem = false, hasValue = false, negative = false;
    std::uint8_t opFlags = 0;
    bool unfinished = false;
    const char* badArg = nullptr; // an argument of the wrong type, reported only if it matters
};

// One trace event's fields as read. String views point into the text or into the
// reader's store of unescaped strings; both outlive the event. Made for every event, so
// kept small (zeroing 320 bytes a time was a tenth of the walk): our args are the
// reader's, cleared only for our events (another tool's have none of them).
struct Fields {
    ChromeEvent e; // ph, name, cat, pid, tid, ts, dur and what other tools' events carry
    std::string_view ph;
    std::int64_t tid = 0;
    bool hasTid = false, anyKey = false;
    bool hasArgs = false; // Reader::ourArgs is this event's
};

class Reader {
public:
    // parser: kept by the caller from one open to the next (chromejsonread.cpp says why).
    Reader(od::parser& parser, simdjson::padded_string_view text, const Progress* progress,
           double from)
        : m_text(text), m_progress(progress), m_from(from), m_parser(parser) {}

    // For a trace that ends early and was read up to its last complete event.
    void setTruncation(std::string notice) { m_truncation = std::move(notice); }
    // The name of the file, unless the trace names the one it came from (a converted trace).
    void setFileName(std::string name) { m_fileName = std::move(name); }

    std::unique_ptr<Trace> run();

private:
    [[noreturn]] static void fail(const std::string& what) { throw TraceReadError(what); }

    std::unique_ptr<Trace> build();

    static const char* typeName(od::json_type t);

    std::string location(od::document& doc);

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
    [[noreturn, gnu::noinline]] void syntaxError(simdjson::error_code err, const Where& place);

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

    bool unescape(std::string_view literal, std::string_view& out);

    static std::string eventName(std::size_t i) { return "event " + std::to_string(i); }

    void otherData(od::value v);

    std::string_view string(od::value& v, const std::string& where);

    void parameters(od::value v);

    void declaredObjects(od::value v);
    void variables(od::value v);
    void expectation(od::value v);
    void schedule(od::value v);

    void events(od::array& arr);

    // The fraction of the text read so far, from where the parser is.
    void stepAt(od::value& v);

    std::size_t offsetOf(const char* at) const {
        return at && at >= m_text.data() ? std::size_t(at - m_text.data()) : 0;
    }

    // Our own event kinds, whose args are read field by field; every other event's args are
    // kept as the text of their object.
    static bool ours(const Fields& f) {
        return (f.e.ph == 'X' && f.e.cat == "state") ||
               ((f.e.ph == 'i' || f.e.ph == 'I') && f.e.cat == "sync");
    }

    // A whole number of up to 18 digits as simdjson would read it, read here: pids and tids,
    // in every event. False for anything else (a fraction, an exponent, a string, a leading
    // zero, 0 itself), which is then left to simdjson.
    static bool plainInteger(od::value& v, std::int64_t& out);
    // A pid or tid: an integer, a number (truncated, as Perfetto does) or a string (a name).
    static void idNumber(od::value& v, std::int64_t& out, std::string_view& name, bool& has);

    // An async or flow id as text: a string's contents or a number's digits.
    bool idText(od::value& v, std::string_view& out);

    // A time: a number of microseconds, or (as Perfetto takes it) a string holding one.
    static bool micros(od::value& v, Time& out) {
        std::string_view tok = v.raw_json_token();
        if (!tok.empty() && tok[0] == '"') {
            const std::size_t close = tok.find('"', 1);
            if (close == std::string_view::npos) return false;
            tok = tok.substr(1, close - 1);
        }
        return jsontext::parseMicroseconds(tok, out);
    }

    void event(od::value& v, std::size_t index);

    // The args of one of our events that came before its "cat": read again from their text.
    void reparseArgs(Fields& f, std::size_t index);

    void args(od::value& v, Fields& f, std::size_t index);

    void interpret(Fields& f, std::size_t index);

    // The args of our event f, cleared at first use.
    OurArgs& ourArgs(Fields& f) {
        if (!f.hasArgs) {
            m_ourArgs = OurArgs{};
            f.hasArgs = true;
        }
        return m_ourArgs;
    }

    simdjson::padded_string_view m_text;
    const Progress* m_progress;
    double m_from; // the fraction already done when parsing starts
    od::parser& m_parser;
    od::document* m_doc = nullptr;

    RunInfo m_info;
    Outcome m_outcome = Outcome::Completed;
    std::string m_message;
    Time m_endTime = 0;
    bool m_hasEndTime = false;
    TraceBuilder m_builder;
    ChromeForeign m_foreign{m_builder};
    bool m_ours = false;      // a run of ours: otherData said so, before the events
    bool m_sawSource = false; // otherData.source: a converted trace of another program
    std::string m_truncation;
    std::string m_fileName;
    od::parser m_argParser;
    std::vector<std::pair<std::string, std::int64_t>> m_finalValues;
    std::optional<Expectation> m_expectation;
    std::deque<std::string> m_unescaped; // strings that had escapes, decoded
    OurArgs m_ourArgs;
    Fields m_fields; // the event being read
};

} // namespace tl::chromeread
