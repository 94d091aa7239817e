// Recording one event on a real thread: EventStream::append on 1 and 2 threads, each
// thread into its own stream, beside std::vector<Event>::push_back; and Trace::setState,
// which the real engine calls, where both threads also move the trace's shared end time.
// With UseRealTime the Time column is nanoseconds per event, per thread.
#include "model/eventstream.h"
#include "model/trace.h"

#include <benchmark/benchmark.h>

#include <memory>
#include <vector>

namespace {

using namespace tl;

// A fixed count keeps the memory bounded (4 M events, 64 MB per thread) while including the
// chunk allocations a real recording pays.
constexpr benchmark::IterationCount kEvents = 1 << 22;

Event eventAt(std::int64_t i) {
    return Event{Time(i), 0, 3, std::uint8_t(i & 3), 0};
}

void BM_Record_EventStreamAppend(benchmark::State& state) {
    auto stream = std::make_unique<EventStream>();
    std::int64_t i = 0;
    for (auto _ : state)
        stream->append(eventAt(i++));
    benchmark::DoNotOptimize(stream->size());
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Record_EventStreamAppend)
    ->Iterations(kEvents)
    ->Threads(1)
    ->Threads(2)
    ->UseRealTime()
    ->Repetitions(5)
    ->ReportAggregatesOnly(true);

void BM_Record_Baseline_VectorPushBack(benchmark::State& state) {
    std::vector<Event> events;
    std::int64_t i = 0;
    for (auto _ : state)
        events.push_back(eventAt(i++));
    benchmark::DoNotOptimize(events.data());
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Record_Baseline_VectorPushBack)
    ->Iterations(kEvents)
    ->Threads(1)
    ->Threads(2)
    ->UseRealTime()
    ->Repetitions(5)
    ->ReportAggregatesOnly(true);

// One trace shared by the benchmark threads, as the real engine shares one.
std::unique_ptr<Trace> g_trace;
void makeTrace(const benchmark::State&) {
    g_trace = std::make_unique<Trace>();
    for (int t = 0; t < 2; ++t)
        g_trace->addThread({"worker " + std::to_string(t + 1), "worker", t + 1});
}
void dropTrace(const benchmark::State&) {
    g_trace.reset();
}

void BM_Record_TraceSetState(benchmark::State& state) {
    Trace& trace = *g_trace;
    const int thread = state.thread_index();
    std::int64_t i = 0;
    for (auto _ : state) {
        trace.setState(thread, Time(i), ThreadState(i & 3));
        ++i;
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Record_TraceSetState)
    ->Setup(makeTrace)
    ->Teardown(dropTrace)
    ->Iterations(kEvents)
    ->Threads(1)
    ->Threads(2)
    ->UseRealTime()
    ->Repetitions(5)
    ->ReportAggregatesOnly(true);

} // namespace
