// Chrome Trace Event JSON import with simdjson's On-Demand API: one pass over the text,
// reading in place what it can (keys and strings without escapes are never copied), handing
// slices and operations to a TraceBuilder that lays them into a fresh Trace. Our own state
// slices and operations are read here (chromejsonevent.cpp); every other tool's event goes
// to ChromeForeign.
#include "format/chromejsonreader.h"
#include "format/textfile.h"

#include <algorithm>

namespace tl {

namespace chromeread {

std::unique_ptr<Trace> Reader::run() {
    od::document doc;
    if (const auto err = m_parser.iterate(m_text).get(doc)) {
        if (err == simdjson::EMPTY) fail("the file is empty");
        const jsontext::TextProblem problem = jsontext::findTextProblem(m_text);
        if (problem.offset != std::string_view::npos)
            fail("malformed JSON at byte " + std::to_string(problem.offset) + ": " + problem.what);
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
    bool sawEvents = false;
    if (type == od::json_type::array) {
        // The JSON Array Format: the events alone, no metadata.
        od::array arr;
        check(doc.get_array().get(arr), "the top level");
        events(arr);
        sawEvents = true;
    } else if (type != od::json_type::object) {
        fail(std::string("not a Chrome trace: the top level is ") + typeName(type) +
             ", not an object or an array");
    } else {
        od::object root;
        check(doc.get_object().get(root), "the top level");
        for (auto fieldResult : root) {
            od::field field;
            check(std::move(fieldResult).get(field), "the top level");
            std::string_view key;
            check(field.unescaped_key().get(key), "the top level");
            if (key == "traceEvents") {
                od::array arr;
                if (const auto err = field.value().get_array().get(arr)) {
                    if (err == simdjson::INCORRECT_TYPE)
                        fail("not a Chrome trace: traceEvents is not an array");
                    check(err, "traceEvents");
                }
                events(arr);
                sawEvents = true;
            } else if (key == "otherData") {
                otherData(field.value());
            } else if (key == "displayTimeUnit") {
                std::string_view unit;
                if (field.value().get_string().get(unit) == simdjson::SUCCESS)
                    m_info.source.displayUnit = std::string(unit);
            }
        }
    }
    if (!sawEvents) fail("not a Chrome trace: there is no \"traceEvents\" array");
    const char* rest = nullptr;
    if (doc.current_location().get(rest) == simdjson::SUCCESS)
        fail("unexpected text after the trace at byte " + location(doc));
    return build();
}

std::unique_ptr<Trace> Reader::build() {
    if (!m_truncation.empty()) m_builder.notice(m_truncation);
    if (m_info.source.file.empty()) m_info.source.file = m_fileName;
    if (!m_ours) {
        m_foreign.finish();
        if (!m_sawSource) m_info.source.kind = SourceKind::Chrome;
        // Another program's trace has no engine, seed or cores: none is invented.
        m_info.engine.clear();
        m_info.seed = 0;
        m_info.cores = 0;
    }
    std::unique_ptr<Trace> trace = m_builder.build(
        std::move(m_info), m_outcome, std::move(m_message), m_hasEndTime ? &m_endTime : nullptr);
    if (m_expectation) trace->setExpectation(std::move(*m_expectation));
    for (const int t : trace->info().schedule)
        if (std::size_t(t) >= trace->threadCount())
            fail("otherData.schedule names tid " + std::to_string(t + 1) +
                 ", which is no thread of the trace");
    for (const auto& [name, value] : m_finalValues) {
        const int o = trace->findObject(name);
        if (o < 0 || trace->object(std::size_t(o)).kind != ObjectKind::Variable)
            fail("otherData.variables names \"" + name + "\", which is no variable of the trace");
        trace->setFinalValue(std::size_t(o), value);
    }
    return trace;
}

const char* Reader::typeName(od::json_type t) {
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

std::string Reader::location(od::document& doc) {
    const char* p = nullptr;
    if (doc.current_location().get(p) == simdjson::SUCCESS && p >= m_text.data() &&
        p <= m_text.data() + m_text.size())
        return std::to_string(p - m_text.data());
    return std::to_string(m_text.size()) + " (the end)";
}

void Reader::syntaxError(simdjson::error_code err, const Where& place) {
    const jsontext::TextProblem problem = jsontext::findTextProblem(m_text);
    if (problem.offset != std::string_view::npos)
        fail("malformed JSON at byte " + std::to_string(problem.offset) + ": " + problem.what);
    const jsontext::Shape shape = jsontext::shapeOf(m_text);
    if (shape.trailing != std::string_view::npos)
        fail("unexpected text after the trace at byte " + std::to_string(shape.trailing));
    if (shape.open > 0)
        fail("the file ends early at byte " + std::to_string(m_text.size()) +
             " (is it truncated?): " + std::to_string(shape.open) +
             (shape.open == 1 ? " array or object is" : " arrays or objects are") + " not closed");
    fail("malformed JSON at byte " + location(*m_doc) + ", in " + place.text() + ": " +
         simdjson::error_message(err));
}

bool Reader::unescape(std::string_view literal, std::string_view& out) {
    std::string& decoded = m_unescaped.emplace_back();
    if (!jsontext::unescapeString(literal, decoded)) return false;
    out = decoded;
    return true;
}

void Reader::otherData(od::value v) {
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
            m_ours = g.starts_with(prefix) && !m_sawSource;
        } else if (key == "source") {
            // A trace of another program that we converted: read as that program's.
            const std::string_view name = string(val, where);
            if (!parseSourceKindName(name, m_info.source.kind))
                fail(where + ": unknown source \"" + std::string(name) + "\"");
            m_sawSource = true;
            m_ours = m_info.source.kind == SourceKind::Run;
        } else if (key == "file") {
            m_info.source.file = std::string(string(val, where));
        } else if (key == "notices") {
            // What the reader of the original file noticed, said again.
            od::array arr;
            if (val.get_array().get(arr)) fail(where + " is not an array");
            for (auto nr : arr) {
                od::value n;
                check(std::move(nr).get(n), where);
                m_builder.notice(std::string(string(n, where)));
            }
        } else if (key == "originNs") {
            Time origin = 0;
            if (val.get_int64().get(origin)) fail(where + " is not an integer");
            m_builder.setOrigin(origin);
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
        } else if (key == "variables") {
            variables(val);
        } else if (key == "expect") {
            expectation(val);
        } else if (key == "schedule") {
            schedule(val);
        }
    }
}

std::string_view Reader::string(od::value& v, const std::string& where) {
    std::string_view s;
    if (v.get_string().get(s)) fail(where + " is not a string");
    return s;
}

void Reader::parameters(od::value v) {
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

void Reader::declaredObjects(od::value v) {
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
                for (int i = 0; i <= int(ObjectKind::Assertion) && !found; ++i)
                    if (objectKindName(ObjectKind(i)) == k) {
                        info.kind = ObjectKind(i);
                        found = true;
                    }
                if (!found) fail(where + ": unknown kind \"" + std::string(k) + "\"");
            } else if (key == "capacity" || key == "initial") { // a variable's is "initial"
                if (val.get_int64().get(info.capacity))
                    fail(where + "." + std::string(key) + " is not an integer");
            } else if (key == "expected") {
                if (val.get_int64().get(info.expected)) fail(where + ".expected is not an integer");
                info.hasExpected = true;
            } else if (key == "atomic") {
                if (val.get_bool().get(info.atomic)) fail(where + ".atomic is not true or false");
            }
        }
        if (!named) fail(where + " has no name");
        m_builder.declareObject(std::move(info));
    }
}

// The values the variables held at the end, by name.
void Reader::variables(od::value v) {
    od::object obj;
    if (v.get_object().get(obj)) fail("otherData.variables is not an object");
    for (auto fr : obj) {
        od::field f;
        check(std::move(fr).get(f), "otherData.variables");
        std::string_view key;
        check(f.unescaped_key().get(key), "otherData.variables");
        std::int64_t value = 0;
        if (f.value().get_int64().get(value))
            fail("otherData.variables." + std::string(key) + " is not an integer");
        m_finalValues.emplace_back(std::string(key), value);
    }
}

// The scenario's expectation of the end: {"text": "counter == 8", "held": false}.
void Reader::expectation(od::value v) {
    od::object obj;
    if (v.get_object().get(obj)) fail("otherData.expect is not an object");
    Expectation e;
    bool text = false, held = false;
    for (auto fr : obj) {
        od::field f;
        check(std::move(fr).get(f), "otherData.expect");
        std::string_view key;
        check(f.unescaped_key().get(key), "otherData.expect");
        od::value val = f.value();
        if (key == "text") {
            e.text = std::string(string(val, "otherData.expect.text"));
            text = true;
        } else if (key == "held") {
            if (val.get_bool().get(e.held)) fail("otherData.expect.held is not true or false");
            held = true;
        }
    }
    if (!text || !held) fail("otherData.expect needs \"text\" and \"held\"");
    m_expectation = std::move(e);
}

// The schedule a replay followed: tids, from 1.
void Reader::schedule(od::value v) {
    od::array arr;
    if (v.get_array().get(arr)) fail("otherData.schedule is not an array");
    std::size_t index = 0;
    for (auto er : arr) {
        od::value e;
        check(std::move(er).get(e), "otherData.schedule");
        std::int64_t tid = 0;
        if (e.get_int64().get(tid) || tid < 1 || tid > std::int64_t(Trace::kMaxThreads))
            fail("otherData.schedule[" + std::to_string(index) + "] is not a tid (1.." +
                 std::to_string(Trace::kMaxThreads) + ")");
        m_info.schedule.push_back(int(tid - 1));
        ++index;
    }
}

void Reader::events(od::array& arr) {
    std::size_t index = 0;
    for (auto er : arr) {
        od::value ev;
        check(std::move(er).get(ev), Where("", index));
        if (m_progress && (index & 0x7fff) == 0) stepAt(ev);
        event(ev, index);
        ++index;
    }
}

void Reader::stepAt(od::value& v) {
    const char* at = nullptr;
    if (v.current_location().get(at)) return;
    const double read =
        double(at - m_text.data()) / double(std::max<std::size_t>(m_text.size(), 1));
    m_progress->step(m_from + (1 - m_from) * read);
}

} // namespace chromeread

namespace {

using chromeread::Reader;

// Reading the file is the first quarter of the progress, parsing the rest.
constexpr double kReadShare = 0.25;

bool truncated(std::string_view text) {
    const jsontext::TextProblem problem = jsontext::findTextProblem(text);
    if (problem.offset != std::string_view::npos)
        return std::string_view(problem.what).find("never closed") != std::string_view::npos;
    const jsontext::Shape shape = jsontext::shapeOf(text);
    return shape.open > 0 && shape.trailing == std::string_view::npos;
}

// The parser is kept from one open to the next on the same thread (the app opens files on
// its pool's threads, which end after 30 s idle): a new one costs the kernel zeroing and
// faulting in every page of its index as the parse first touches it (simdjson's own DOM
// parse takes three times as long with a new parser as with one kept: docs/performance.md).
// Its index is 4 bytes per byte of text, touched where the text has a structural character
// (about a third of a trace's bytes): after a text over kKeepParserBytes it is freed, so that
// what stays held is at most about 90 MB.
constexpr std::size_t kKeepParserBytes = std::size_t(64) << 20;

class KeptParser {
public:
    KeptParser() {
        Kept& k = kept();
        if (!k.busy) { // a read within a read (none today) gets a parser of its own
            k.busy = true;
            m_kept = &k;
        }
    }
    ~KeptParser() {
        if (!m_kept) return;
        if (m_kept->parser.capacity() > kKeepParserBytes) m_kept->parser = chromeread::od::parser();
        m_kept->busy = false;
    }
    KeptParser(const KeptParser&) = delete;
    KeptParser& operator=(const KeptParser&) = delete;
    chromeread::od::parser& get() { return m_kept ? m_kept->parser : m_own; }

private:
    struct Kept {
        chromeread::od::parser parser;
        bool busy = false;
    };
    static Kept& kept() {
        thread_local Kept k;
        return k;
    }
    Kept* m_kept = nullptr;
    chromeread::od::parser m_own; // allocates nothing until it parses
};

std::unique_ptr<Trace> readPadded(const PaddedText& text, const Progress* progress = nullptr,
                                  const std::string& fileName = {}) {
    if (text.size() == 0) throw TraceReadError("the file is empty");
    const simdjson::padded_string_view view(text.data(), text.size(),
                                            text.capacity() + PaddedText::kPadding);
    KeptParser parser;
    try {
        Reader reader(parser.get(), view, progress, progress ? kReadShare : 0);
        reader.setFileName(fileName);
        return reader.run();
    } catch (const TraceReadError& e) {
        // A trace cut short (a crashed writer, a copy that stopped) keeps every event it
        // has, as catapult and Perfetto read one: up to its last complete event, said so.
        if (!truncated(text.text())) throw;
        const jsontext::Complete done = jsontext::completeEvents(text.text());
        if (done.end == std::string_view::npos || done.events == 0) throw; // nothing to keep
        std::string repaired(text.text().substr(0, done.end));
        repaired += done.closers;
        auto padded = paddedCopy(repaired);
        const simdjson::padded_string_view again(padded->data(), padded->size(),
                                                 padded->capacity() + PaddedText::kPadding);
        Reader reader(parser.get(), again, progress, progress ? kReadShare : 0);
        reader.setFileName(fileName);
        reader.setTruncation("the file ends early at byte " + std::to_string(text.size()) +
                             " (is it truncated?): read its " + std::to_string(done.events) +
                             (done.events == 1 ? " complete event" : " complete events") +
                             ", up to byte " + std::to_string(done.end) +
                             "; what follows is incomplete");
        try {
            return reader.run();
        } catch (const TraceReadError&) {
            throw e; // the repair did not help: the first reason stands
        }
    }
}

} // namespace

std::unique_ptr<Trace> readChromeTrace(std::string_view json) {
    if (json.empty()) throw TraceReadError("the file is empty");
    return readPadded(*paddedCopy(json));
}

std::unique_ptr<Trace> readChromeTrace(const PaddedText& text) {
    return readPadded(text);
}

std::unique_ptr<Trace> loadChromeTrace(const std::string& path, const Progress* progress) {
    try {
        const auto text = readTextFile(path, progress, kReadShare);
        return readPadded(*text, progress, fileNameOf(path));
    } catch (const TraceReadError& e) {
        throw TraceReadError(path + ": " + e.what());
    }
}

} // namespace tl
