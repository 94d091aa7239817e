#pragma once
// The part of the Chrome JSON reader (chromejsonread.cpp) that takes the events of other
// tools, as the Trace Event Format defines them and as catapult and Perfetto read them:
// X and nested B/E slices per thread; b/e/n async spans on a lane per (category, scope, id);
// i/I/R instants of a thread, a process or the whole trace; C counters; M names and sort
// indices; s/t/f flows as arrows. docs/trace-format.md, "Traces of other tools", says what
// is read and what is done with what is not as the format wants it.
//
// Nothing is fatal here: what cannot be taken as it is (an E with no B open, a negative
// dur, a phase it does not read, ...) is counted and said once, with the first place it
// happened (event index and byte offset), in TraceSource::notices; what can be kept is.
#include "format/tracebuilder.h"

#include <cstddef>
#include <memory>
#include <string_view>

namespace tl {

struct ChromeEvent {
    std::size_t index = 0; // 0-based in traceEvents
    std::size_t byte = 0;  // offset of its '{' in the file
    char ph = 0;
    std::string_view name, cat, scope;
    std::string_view id;               // as written: a number's digits or a string's text
    std::string_view args;             // the args object's JSON text, or "" when there is none
    std::string_view pidName, tidName; // pid, tid given as strings (Perfetto's names)
    std::int64_t pid = TraceBuilder::kNoPid, tid = TraceBuilder::kNoPid;
    Time ts = 0, dur = 0;
    bool hasTs = false, hasDur = false, hasId = false, idLocal = false;
    char instantScope = 't'; // "s": g, p or t
    const char* badTime = nullptr;
};

class ChromeForeign {
public:
    explicit ChromeForeign(TraceBuilder& builder);
    ~ChromeForeign();
    ChromeForeign(const ChromeForeign&) = delete;
    ChromeForeign& operator=(const ChromeForeign&) = delete;

    // The event's string views must stay valid until finish().
    void add(const ChromeEvent& e);
    // The end of one of our events in the same file: slices left open last until the end.
    void extend(Time t);
    // An event that is not an object, or has no "ph": skipped and counted.
    void skip(std::size_t index, std::size_t byte, const char* why);
    // Pairs what was left open, lays out async spans and flows, and says what it noticed.
    void finish();

private:
    struct State;
    std::unique_ptr<State> m_s;
};

// The numbers of a JSON object's text, as (key, value): a counter's args. Numeric strings
// count ("5" is 5); other values are left out. False when the text is not an object.
bool jsonObjectNumbers(std::string_view objectText,
                       std::vector<std::pair<std::string, double>>& out);
// A string or integer member of a JSON object's text: M events' args.name / sort_index.
bool jsonObjectString(std::string_view objectText, std::string_view key, std::string& out);
bool jsonObjectInteger(std::string_view objectText, std::string_view key, std::int64_t& out);

} // namespace tl
