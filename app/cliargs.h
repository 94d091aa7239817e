#pragma once
// What the command line's commands share: exit codes, the one-line error, the argument
// cursor and the options of a simulated run. Internal to app/.
#include "engine/engine.h"
#include "model/timefmt.h"
#include "model/trace.h"

#include <charconv>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace tl::cli {

// The exit codes, as "threadlens help" states them.
inline constexpr int kOk = 0;          // completed, and every check passed
inline constexpr int kCheckFailed = 1; // a check failed (ahead of 3: the recording is wrong)
inline constexpr int kBadInput = 2;    // bad input, with a one-line reason on stderr
inline constexpr int kIncomplete = 3;  // the run did not complete: deadlock, a limit, stopped

// The one line on stderr that says why a run did not complete, or an empty string when it
// did (or failed with an error, which is bad input): "threadlens: the run ended in a deadlock
// after 15.2 ms: a-to-b holds account A and waits for account B, ...".
std::string incompleteReason(const Trace& trace);

struct BadInput : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Argument cursor with "--name value" and "--name=value" forms.
class Args {
public:
    Args(int argc, char** argv, int first) {
        for (int i = first; i < argc; ++i)
            m_args.emplace_back(argv[i]);
    }
    bool done() const { return m_i >= m_args.size(); }
    const std::string& peek() const { return m_args[m_i]; }
    std::string next() { return m_args[m_i++]; }
    // If the current argument is --name, consumes it and its value.
    std::optional<std::string> option(std::string_view name) {
        const std::string& a = peek();
        if (a == name) {
            ++m_i;
            if (done()) throw BadInput(std::string(name) + " needs a value");
            return next();
        }
        if (a.size() > name.size() && a.compare(0, name.size(), name) == 0 &&
            a[name.size()] == '=') {
            ++m_i;
            return a.substr(name.size() + 1);
        }
        return std::nullopt;
    }

private:
    std::vector<std::string> m_args;
    std::size_t m_i = 0;
};

inline std::int64_t integer(const std::string& text, const char* what, std::int64_t lo,
                            std::int64_t hi) {
    std::int64_t v = 0;
    const auto r = std::from_chars(text.data(), text.data() + text.size(), v);
    if (r.ec != std::errc() || r.ptr != text.data() + text.size())
        throw BadInput(std::string(what) + ": \"" + text + "\" is not a whole number");
    if (v < lo || v > hi)
        throw BadInput(std::string(what) + ": " + text + " is outside " + std::to_string(lo) +
                       ".." + std::to_string(hi));
    return v;
}

inline Time duration(const std::string& text, const char* what) {
    auto d = parseDuration(text);
    if (!d)
        throw BadInput(std::string(what) + ": \"" + text + "\" is not a duration (e.g. 500ms, 2s)");
    return *d;
}

// The options of a simulated run that run and sweep share: --seed, --cores, --time-limit,
// --max-events. Consumes one and returns true, or returns false.
inline bool takeRunOption(Args& a, RunOptions& options) {
    if (auto v = a.option("--seed")) {
        options.seed = std::uint64_t(integer(*v, "--seed", 0, INT64_MAX));
    } else if (auto v = a.option("--cores")) {
        options.cores = int(integer(*v, "--cores", 1, 64));
    } else if (auto v = a.option("--time-limit")) {
        options.timeLimit = duration(*v, "--time-limit");
        if (options.timeLimit <= 0) throw BadInput("--time-limit: must be above zero");
    } else if (auto v = a.option("--max-events")) {
        options.maxEvents = std::size_t(integer(*v, "--max-events", 1, 1'000'000'000));
    } else {
        return false;
    }
    return true;
}

// threadlens sweep (clisweep.cpp).
extern const char* const kSweepHelp;
int sweep(Args& a);

// threadlens explore (cliexplore.cpp), and the schedule that run --schedule follows: a trace
// that followed one, or thread numbers from 1 ("1,2,1,2").
extern const char* const kExploreHelp;
int explore(Args& a);
std::vector<int> readSchedule(const std::string& text);

// threadlens convert, and the reading of any supported trace (cliconvert.cpp).
extern const char* const kConvertHelp;
int convert(Args& a);
// Reads a trace of any supported kind, one process of it when `process` is not empty, and
// says the reader's notices on stderr ("threadlens: note: ...").
std::unique_ptr<Trace> loadInput(const std::string& path, const std::string& process);
// --process NAME|PID: consumes it into `process` and returns true, or returns false.
bool takeProcess(Args& a, std::string& process);

} // namespace tl::cli
