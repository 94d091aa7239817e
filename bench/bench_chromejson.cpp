// Chrome JSON export and import in bytes per second of JSON text, beside baselines on the
// same text in the same run: memcpy (the memory's speed), simdjson's DOM parse (the parser
// alone, building nothing of ours) and Qt's QJsonDocument::fromJson.
#include "benchdata.h"
#include "format/chromejson.h"

#include <benchmark/benchmark.h>
#include <simdjson.h>

#include <QByteArray>
#include <QJsonDocument>

#include <cstring>

namespace {

using namespace tl;

const std::string& exportText() {
    static const std::string text = chromeTraceString(bench::exportTrace());
    return text;
}

void BM_Export_ChromeJson(benchmark::State& state) {
    const Trace& trace = bench::exportTrace();
    std::size_t bytes = 0;
    // The sink takes each megabyte as a file would; the figure is the writer's own.
    const std::function<void(std::string_view)> sink = [&bytes](std::string_view chunk) {
        benchmark::DoNotOptimize(chunk.data());
        bytes += chunk.size();
    };
    for (auto _ : state)
        writeChromeTrace(trace, sink);
    state.SetBytesProcessed(std::int64_t(bytes));
    state.counters["events"] = double(trace.eventCount());
}
BENCHMARK(BM_Export_ChromeJson)->Unit(benchmark::kMillisecond)->MinTime(2.0);

void BM_Export_ChromeJsonString(benchmark::State& state) {
    const Trace& trace = bench::exportTrace();
    std::size_t bytes = 0;
    for (auto _ : state) {
        const std::string text = chromeTraceString(trace);
        bytes += text.size();
    }
    state.SetBytesProcessed(std::int64_t(bytes));
}
BENCHMARK(BM_Export_ChromeJsonString)->Unit(benchmark::kMillisecond)->MinTime(2.0);

void BM_Baseline_Memcpy(benchmark::State& state) {
    const std::string& text = exportText();
    std::string copy(text.size(), '\0');
    for (auto _ : state) {
        std::memcpy(copy.data(), text.data(), text.size());
        benchmark::DoNotOptimize(copy.data());
        benchmark::ClobberMemory();
    }
    state.SetBytesProcessed(std::int64_t(text.size() * state.iterations()));
    state.counters["MB"] = double(text.size()) / 1e6;
}
BENCHMARK(BM_Baseline_Memcpy)->Unit(benchmark::kMillisecond)->MinTime(2.0);

void BM_Import_ChromeJson(benchmark::State& state) {
    const std::string& text = exportText();
    for (auto _ : state) {
        auto trace = readChromeTrace(text);
        benchmark::DoNotOptimize(trace.get());
        state.PauseTiming(); // freeing the trace is not reading
        trace.reset();
        state.ResumeTiming();
    }
    state.SetBytesProcessed(std::int64_t(text.size() * state.iterations()));
}
BENCHMARK(BM_Import_ChromeJson)->Unit(benchmark::kMillisecond)->MinTime(2.0);

void BM_Import_Baseline_SimdjsonDomParse(benchmark::State& state) {
    const simdjson::padded_string text(exportText());
    simdjson::dom::parser parser;
    for (auto _ : state) {
        simdjson::dom::element root;
        if (parser.parse(text).get(root)) state.SkipWithError("simdjson refused the text");
        benchmark::DoNotOptimize(root);
    }
    state.SetBytesProcessed(std::int64_t(text.size() * state.iterations()));
}
BENCHMARK(BM_Import_Baseline_SimdjsonDomParse)->Unit(benchmark::kMillisecond)->MinTime(2.0);

void BM_Import_Baseline_QJsonDocument(benchmark::State& state) {
    const QByteArray text = QByteArray::fromStdString(exportText());
    for (auto _ : state) {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(text, &error);
        if (error.error != QJsonParseError::NoError) state.SkipWithError("Qt refused the text");
        benchmark::DoNotOptimize(doc.isObject());
    }
    state.SetBytesProcessed(std::int64_t(text.size()) * state.iterations());
}
BENCHMARK(BM_Import_Baseline_QJsonDocument)->Unit(benchmark::kMillisecond)->Iterations(3);

} // namespace
