// `perf script` text of a `perf sched record` recording: one pass over the lines, a state
// machine per task, the current task per CPU (for the waker of each waking), then the tasks
// grouped into processes and handed to a TraceBuilder.
#include "format/perfscript.h"

#include "format/chromejson.h"
#include "format/perfscriptimpl.h"
#include "format/textfile.h"

#include <algorithm>
#include <cstring>

namespace tl {

namespace perf {

namespace {

bool digit(char c) {
    return c >= '0' && c <= '9';
}

// An integer at the start of s (an optional '-', digits); moves s past it.
bool integer(std::string_view& s, std::int64_t& out) {
    std::size_t i = 0;
    const bool negative = !s.empty() && s[0] == '-';
    if (negative) ++i;
    const std::size_t first = i;
    std::int64_t v = 0;
    while (i < s.size() && digit(s[i]) && i - first < 18)
        v = v * 10 + (s[i++] - '0');
    if (i == first) return false;
    out = negative ? -v : v;
    s.remove_prefix(i);
    return true;
}

void skipSpaces(std::string_view& s) {
    std::size_t i = 0;
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t'))
        ++i;
    s.remove_prefix(i);
}

} // namespace

// "            perf 12603 [000]  2948.392638: sched:sched_waking: comm=... pid=..."
// The comm may hold spaces, colons and brackets, so the line is anchored on "[cpu]" after a
// tid (or pid/tid) token, never on columns.
bool parseHeader(std::string_view line, Header& h) {
    std::size_t pos = 0;
    while ((pos = line.find('[', pos)) != std::string_view::npos) {
        std::size_t q = pos + 1;
        while (q < line.size() && digit(line[q]))
            ++q;
        if (q > pos + 1 && q < line.size() && line[q] == ']' && pos > 0 && line[pos - 1] == ' ') {
            std::size_t e = pos - 1;
            while (e > 0 && line[e - 1] == ' ')
                --e;
            std::size_t b = e;
            while (b > 0 && (digit(line[b - 1]) || line[b - 1] == '-' || line[b - 1] == '/'))
                --b;
            if (b < e && (b == 0 || line[b - 1] == ' ')) {
                std::string_view token = line.substr(b, e - b);
                const std::size_t slash = token.find('/');
                h.pid = kNone;
                if (slash != std::string_view::npos) {
                    std::string_view p = token.substr(0, slash);
                    if (!integer(p, h.pid) || !p.empty()) return false;
                    token.remove_prefix(slash + 1);
                }
                if (!integer(token, h.tid) || !token.empty()) return false;
                std::size_t c = b;
                while (c > 0 && line[c - 1] == ' ')
                    --c;
                std::size_t a = 0;
                while (a < c && line[a] == ' ')
                    ++a;
                h.comm = line.substr(a, c - a);
                std::string_view cpu = line.substr(pos + 1, q - pos - 1);
                std::int64_t cpuNumber = 0;
                integer(cpu, cpuNumber);
                h.cpu = int(cpuNumber);
                std::string_view rest = line.substr(q + 1);
                return parseTail(rest, h);
            }
        }
        ++pos;
    }
    return false;
}

// "  2948.392638: sched:sched_waking: comm=..." -> time, event, payload.
bool parseTail(std::string_view rest, Header& h) {
    skipSpaces(rest);
    std::int64_t secs = 0;
    if (!integer(rest, secs) || secs < 0 || rest.empty() || rest[0] != '.') return false;
    rest.remove_prefix(1);
    std::int64_t frac = 0;
    int digits = 0;
    while (!rest.empty() && digit(rest[0])) {
        if (digits < 9) {
            frac = frac * 10 + (rest[0] - '0');
            ++digits;
        }
        rest.remove_prefix(1);
    }
    if (digits == 0 || rest.empty() || rest[0] != ':') return false;
    for (int k = digits; k < 9; ++k)
        frac *= 10;
    if (secs > 9'000'000'000) return false;
    h.time = secs * 1'000'000'000 + frac;
    rest.remove_prefix(1);
    skipSpaces(rest);
    const std::size_t space = rest.find(' ');
    h.event = rest.substr(0, space);
    h.payload = space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
    if (h.event.size() > 1 && h.event.back() == ':') h.event.remove_suffix(1);
    return !h.event.empty();
}

// The text between key and the next key (" pid="): comms may hold spaces.
std::string_view field(std::string_view payload, std::string_view key, std::string_view next) {
    const std::size_t k = payload.find(key);
    if (k == std::string_view::npos) return {};
    const std::size_t from = k + key.size();
    const std::size_t to = next.empty() ? payload.find(' ', from) : payload.find(next, from);
    return payload.substr(from, to == std::string_view::npos ? std::string_view::npos : to - from);
}

bool number(std::string_view payload, std::string_view key, std::int64_t& out) {
    const std::size_t k = payload.find(key);
    if (k == std::string_view::npos) return false;
    std::string_view s = payload.substr(k + key.size());
    return integer(s, out);
}

// prev_state: "S", "R+", "D|K" (before 4.14). The first letter decides; a '+' after R is a
// preemption inside the kernel.
void switchedOutAs(std::string_view state, ThreadState& s, Reason& r, bool& exited) {
    exited = false;
    const char c = state.empty() ? '?' : state[0];
    switch (c) {
    case 'R':
        s = ThreadState::Runnable;
        r = state.size() > 1 && state[1] == '+' ? Reason::PreemptedKernel : Reason::Preempted;
        return;
    case 'S':
        s = ThreadState::Waiting;
        r = Reason::Sleep;
        return;
    case 'D':
        s = ThreadState::Io;
        r = Reason::Uninterruptible;
        return;
    case 'I':
        s = ThreadState::Waiting;
        r = Reason::KernelIdle;
        return;
    case 'T':
    case 't':
        s = ThreadState::Waiting;
        r = Reason::Stopped;
        return;
    case 'P':
        s = ThreadState::Waiting;
        r = Reason::Parked;
        return;
    case 'X':
    case 'Z':
    case 'x':
        exited = true;
        return;
    default:
        s = ThreadState::Waiting;
        r = Reason::None;
    }
}

} // namespace perf

bool looksLikePerfScript(std::string_view head) {
    std::size_t i = 0;
    while (i < head.size() &&
           (head[i] == ' ' || head[i] == '\n' || head[i] == '\r' || head[i] == '\t'))
        ++i;
    if (i < head.size() && (head[i] == '{' || head[i] == '[')) return false;
    // The first line that is not a comment must parse as a sample line.
    while (i < head.size()) {
        const std::size_t end = head.find('\n', i);
        const std::string_view line =
            head.substr(i, end == std::string_view::npos ? std::string_view::npos : end - i);
        if (!line.empty() && line[0] != '#') {
            perf::Header h;
            return perf::parseHeader(line, h);
        }
        if (end == std::string_view::npos) break;
        i = end + 1;
    }
    return false;
}

std::unique_ptr<Trace> readPerfScript(std::string_view text, const std::string& process,
                                      const Progress* progress) {
    perf::Reader reader(progress);
    reader.read(text, 0);
    return reader.build(process, {});
}

std::unique_ptr<Trace> loadPerfScript(const std::string& path, const std::string& process,
                                      const Progress* progress) {
    try {
        constexpr double kReadShare = 0.2;
        const auto text = readTextFile(path, progress, kReadShare);
        perf::Reader reader(progress);
        reader.read(text->text(), kReadShare);
        return reader.build(process, fileNameOf(path));
    } catch (const TraceReadError& e) {
        throw TraceReadError(path + ": " + e.what());
    }
}

} // namespace tl
