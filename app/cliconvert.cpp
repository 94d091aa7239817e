// threadlens convert, and what every command that reads a trace shares: any supported input
// (our traces, other tools' Chrome JSON, `perf script` text), --process, and the reader's
// notices on stderr.
#include "cliargs.h"
#include "format/atomicfile.h"
#include "format/chromejson.h"
#include "format/convert.h"

#include <cstdio>
#include <iostream>

namespace tl::cli {

const char* const kConvertHelp =
    R"(Usage: threadlens convert INPUT --out OUT.json [--process NAME|PID]

Reads any trace ThreadLens reads and writes it as ThreadLens's Chrome Trace Event JSON,
which the Perfetto UI, speedscope and chrome://tracing open:
  - a trace saved by "threadlens run --out" or the app (written again as it was);
  - a Chrome trace of another tool (JSON object or array form);
  - the text "perf script" prints for a "perf sched record" recording:
        perf sched record -- ./prog
        perf script > prog.perf.txt
    Thread states become "X" slices named working, runnable, waiting and io, and each
    wakeup an arrow ("s"/"f" flow) from the thread that woke to the woken one.
otherData says where it came from ("source": "perf" or "chrome"); no engine is invented.

Options:
  --out FILE.json      where to write (written atomically)
  --process NAME|PID   keep only this process's threads

What the reader could not take as it was (lines it does not understand, an "E" with no
"B", a file cut short) is said on stderr, each once, and the rest is converted.
Exit status: 0 written, 2 bad input: a file that cannot be read or written, no such
process (the last line on stderr says why).
)";

std::unique_ptr<Trace> loadInput(const std::string& path, const std::string& process) {
    auto trace = loadTrace(path, process);
    for (const std::string& notice : trace->info().source.notices)
        std::fprintf(stderr, "threadlens: note: %s: %s\n", path.c_str(), notice.c_str());
    return trace;
}

bool takeProcess(Args& a, std::string& process) {
    if (auto v = a.option("--process")) {
        if (v->empty()) throw BadInput("--process: which process? (a name or a pid)");
        process = *v;
        return true;
    }
    return false;
}

int convert(Args& a) {
    std::string input, out, process;
    while (!a.done()) {
        if (a.peek() == "--help" || a.peek() == "-h") {
            std::fputs(kConvertHelp, stdout);
            return kOk;
        }
        if (auto v = a.option("--out")) {
            out = *v;
        } else if (takeProcess(a, process)) {
        } else if (a.peek().starts_with("-")) {
            throw BadInput("convert: unknown option \"" + a.peek() +
                           "\" (see threadlens help convert)");
        } else if (input.empty()) {
            input = a.next();
        } else {
            throw BadInput("convert: one trace at a time");
        }
    }
    if (input.empty()) throw BadInput("convert: which trace? (a .json file or perf script text)");
    if (out.empty()) throw BadInput("convert: say where to write it with --out FILE.json");
    { AtomicFile probe(out); } // a destination that cannot be written, before the work
    const auto trace = loadInput(input, process);
    saveChromeTrace(*trace, out);
    std::printf("%s\n", out.c_str());
    return kOk;
}

} // namespace tl::cli
