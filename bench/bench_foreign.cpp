// Other programs' traces, in bytes per second of text, each beside a baseline on the same text
// in the same run: a Chrome trace of another tool (as node or Chrome write them: X, B/E,
// instants, async spans, args) against simdjson's own DOM parse of it, and `perf script` text
// of a `perf sched record` recording against finding its lines (memchr). Memory per event of
// the built trace is a counter of each (docs/performance.md).
#include "format/chromejson.h"
#include "format/perfscript.h"
#include "format/textfile.h"

#include <benchmark/benchmark.h>
#include <simdjson.h>

#include <cstring>
#include <string>

namespace {

using namespace tl;

// 512k events, 56 MB (384k slices, instants and async spans in the trace): 32 threads in 2
// processes, each doing 2,000 rounds of a task X (args naming one of 100 URLs) with two
// nested X children and a B/E pair in the second, an instant every round, an async b/e pair
// every round; names from a set of 40.
const std::string& foreignText() {
    static const std::string text = [] {
        std::string s = "{\"traceEvents\":[\n";
        s.reserve(std::size_t(100) << 20);
        auto ev = [&](const std::string& e) {
            s += e;
            s += ",\n";
        };
        for (int t = 0; t < 32; ++t) {
            const int pid = 1000 + t / 16;
            const std::string ids =
                "\"pid\":" + std::to_string(pid) + ",\"tid\":" + std::to_string(2000 + t);
            ev("{\"ph\":\"M\",\"name\":\"thread_name\"," + ids + ",\"args\":{\"name\":\"worker " +
               std::to_string(t) + "\"}}");
            long ts = 1'000'000 + t * 7;
            for (int r = 0; r < 2000; ++r, ts += 1000) {
                const std::string name = "Task" + std::to_string((r * 7 + t) % 40);
                ev("{\"pid\":" + std::to_string(pid) + ",\"tid\":" + std::to_string(2000 + t) +
                   ",\"ts\":" + std::to_string(ts) + ",\"tts\":" + std::to_string(ts / 2) +
                   ",\"ph\":\"X\",\"cat\":\"devtools.timeline\",\"name\":\"" + name +
                   "\",\"dur\":900,\"tdur\":450,\"args\":{\"data\":{\"url\":\"/api/item/" +
                   std::to_string(r % 100) + "\",\"frame\":\"0x1a2b\"}}}");
                ev("{\"ph\":\"X\",\"cat\":\"v8\",\"name\":\"V8.Execute\"," + ids +
                   ",\"ts\":" + std::to_string(ts + 10) + ".125,\"dur\":300.5,\"args\":{}}");
                ev("{\"ph\":\"X\",\"cat\":\"v8\",\"name\":\"V8.GC\"," + ids +
                   ",\"ts\":" + std::to_string(ts + 400) + ",\"dur\":200,\"args\":{}}");
                ev("{\"ph\":\"B\",\"cat\":\"node\",\"name\":\"RunTimers\"," + ids +
                   ",\"ts\":" + std::to_string(ts + 420) + ",\"args\":{}}");
                ev("{\"ph\":\"E\",\"cat\":\"node\",\"name\":\"RunTimers\"," + ids +
                   ",\"ts\":" + std::to_string(ts + 500) + ",\"args\":{}}");
                ev("{\"ph\":\"I\",\"cat\":\"node\",\"name\":\"tick\",\"s\":\"t\"," + ids +
                   ",\"ts\":" + std::to_string(ts + 950) + ",\"args\":{}}");
                const std::string id = "\"id\":\"0x" + std::to_string(t * 10000 + r) + "\"";
                ev("{\"ph\":\"b\",\"cat\":\"node.async\",\"name\":\"Timeout\"," + id + "," + ids +
                   ",\"ts\":" + std::to_string(ts + 5) + ",\"args\":{\"data\":{}}}");
                ev("{\"ph\":\"e\",\"cat\":\"node.async\",\"name\":\"Timeout\"," + id + "," + ids +
                   ",\"ts\":" + std::to_string(ts + 1500) + ",\"args\":{}}");
            }
        }
        s.resize(s.size() - 2); // the last ",\n"
        s += "\n]}";
        return s;
    }();
    return text;
}

// About 1.2 million lines, 160 MB: 4 CPUs, 64 tasks of 8 processes taking turns as a
// scheduler trace shows them (sched_switch in R and S, sched_waking, sched_stat_runtime).
const std::string& perfText() {
    static const std::string text = [] {
        std::string s;
        s.reserve(std::size_t(180) << 20);
        char line[512];
        long us = 0;
        int current[4] = {0, 0, 0, 0};
        for (int i = 0; i < 300'000; ++i) {
            const int cpu = i % 4;
            const int prev = current[cpu];
            const int next = 1 + (i * 17 + cpu * 5) % 64;
            const int woken = 1 + (i * 29 + 3) % 64;
            us += 7;
            auto comm = [](int task, char* out) {
                std::snprintf(out, 32, task ? "worker %d" : "swapper", task);
            };
            char prevComm[32], nextComm[32], wokenComm[32];
            comm(prev, prevComm);
            comm(next, nextComm);
            comm(woken, wokenComm);
            const int prevTid = prev ? 40000 + prev : 0;
            const int nextTid = 40000 + next;
            const int wokenTid = 40000 + woken;
            auto time = [&](long t) {
                static char buf[32];
                std::snprintf(buf, sizeof buf, "%ld.%06ld", 3000 + t / 1'000'000, t % 1'000'000);
                return std::string(buf);
            };
            std::snprintf(line, sizeof line,
                          "%16s %5d [%03d] %s: sched:sched_stat_runtime: comm=%s pid=%d "
                          "runtime=%d [ns]\n",
                          prevComm, prevTid, cpu, time(us).c_str(), prevComm, prevTid,
                          5000 + i % 999);
            s += line;
            std::snprintf(line, sizeof line,
                          "%16s %5d [%03d] %s:       sched:sched_waking: comm=%s pid=%d prio=120 "
                          "target_cpu=%03d\n",
                          prevComm, prevTid, cpu, time(us + 1).c_str(), wokenComm, wokenTid,
                          (cpu + 1) % 4);
            s += line;
            std::snprintf(line, sizeof line,
                          "%16s %5d [%03d] %s:       sched:sched_switch: prev_comm=%s prev_pid=%d "
                          "prev_prio=120 prev_state=%s ==> next_comm=%s next_pid=%d "
                          "next_prio=120\n",
                          prevComm, prevTid, cpu, time(us + 2).c_str(),
                          prev ? prevComm : "swapper/0", prevTid, i % 3 ? "S" : "R", nextComm,
                          nextTid);
            s += line;
            current[cpu] = next;
            if (i % 50 == 0) {
                std::snprintf(line, sizeof line,
                              "%16s %5d [%03d] %s: sched:sched_migrate_task: comm=%s pid=%d "
                              "prio=120 orig_cpu=%d dest_cpu=%d\n",
                              nextComm, nextTid, cpu, time(us + 3).c_str(), wokenComm, wokenTid,
                              cpu, (cpu + 1) % 4);
                s += line;
            }
        }
        return s;
    }();
    return text;
}

void memoryCounters(benchmark::State& state, const Trace& t) {
    const double events = double(t.eventCount());
    state.counters["events"] = events;
    state.counters["bytes/event"] = double(t.memoryBytes()) / events;
}

// The text is padded once, outside the loop, as the baseline's is: what is timed is the
// open of a text in memory, as loadChromeTrace has it once the file is read.
void BM_Import_ForeignChrome(benchmark::State& state) {
    const auto text = paddedCopy(foreignText());
    for (auto _ : state) {
        auto trace = readChromeTrace(*text);
        benchmark::DoNotOptimize(trace.get());
        state.PauseTiming(); // freeing the trace is not reading
        trace.reset();
        state.ResumeTiming();
    }
    state.SetBytesProcessed(std::int64_t(text->size() * state.iterations()));
    state.counters["MB"] = double(text->size()) / 1e6;
    memoryCounters(state, *readChromeTrace(*text));
}
BENCHMARK(BM_Import_ForeignChrome)->Unit(benchmark::kMillisecond)->MinTime(2.0);

// simdjson's DOM parse of the same text, its parser kept from one parse to the next (as
// simdjson's own benchmarks do): its index and tape are allocated and faulted in once.
void BM_ImportForeign_Baseline_SimdjsonDomParse(benchmark::State& state) {
    const simdjson::padded_string text(foreignText());
    simdjson::dom::parser parser;
    for (auto _ : state) {
        simdjson::dom::element root;
        if (parser.parse(text).get(root)) state.SkipWithError("simdjson refused the text");
        benchmark::DoNotOptimize(root);
    }
    state.SetBytesProcessed(std::int64_t(text.size() * state.iterations()));
}
BENCHMARK(BM_ImportForeign_Baseline_SimdjsonDomParse)->Unit(benchmark::kMillisecond)->MinTime(2.0);

// The same with a new parser each time: what a program that parses once pays for fresh
// memory (page faults, the kernel zeroing pages).
void BM_ImportForeign_Baseline_SimdjsonDomParseNewParser(benchmark::State& state) {
    const simdjson::padded_string text(foreignText());
    for (auto _ : state) {
        simdjson::dom::parser parser;
        simdjson::dom::element root;
        if (parser.parse(text).get(root)) state.SkipWithError("simdjson refused the text");
        benchmark::DoNotOptimize(root);
        state.PauseTiming(); // as above: freeing is not parsing
        parser = simdjson::dom::parser();
        state.ResumeTiming();
    }
    state.SetBytesProcessed(std::int64_t(text.size() * state.iterations()));
}
BENCHMARK(BM_ImportForeign_Baseline_SimdjsonDomParseNewParser)
    ->Unit(benchmark::kMillisecond)
    ->MinTime(2.0);

void BM_Import_PerfScript(benchmark::State& state) {
    const std::string& text = perfText();
    for (auto _ : state) {
        auto trace = readPerfScript(text);
        benchmark::DoNotOptimize(trace.get());
        state.PauseTiming();
        trace.reset();
        state.ResumeTiming();
    }
    state.SetBytesProcessed(std::int64_t(text.size() * state.iterations()));
    state.counters["MB"] = double(text.size()) / 1e6;
    memoryCounters(state, *readPerfScript(text));
}
BENCHMARK(BM_Import_PerfScript)->Unit(benchmark::kMillisecond)->MinTime(2.0);

// The least any reader of lines does: find each line's end.
void BM_PerfScript_Baseline_FindLines(benchmark::State& state) {
    const std::string& text = perfText();
    for (auto _ : state) {
        std::size_t lines = 0;
        const char* p = text.data();
        const char* end = p + text.size();
        while (p < end) {
            const void* nl = std::memchr(p, '\n', std::size_t(end - p));
            if (!nl) break;
            p = static_cast<const char*>(nl) + 1;
            ++lines;
        }
        benchmark::DoNotOptimize(lines);
    }
    state.SetBytesProcessed(std::int64_t(text.size() * state.iterations()));
}
BENCHMARK(BM_PerfScript_Baseline_FindLines)->Unit(benchmark::kMillisecond)->MinTime(2.0);

} // namespace
