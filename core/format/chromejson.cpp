// Chrome Trace Event JSON export: streamed into a large buffer with pointer stores and
// std::to_chars, never through a DOM or a double, so that the bytes are the same on every
// machine. The reader is in chromejsonread.cpp.
#include "format/chromejson.h"

#include "analysis/levelrules.h"
#include "analysis/linkrules.h"
#include "format/atomicfile.h"
#include "format/chromeforeignwrite.h"
#include "format/jsonout.h"
#include "format/jsontext.h"
#include "model/slices.h"
#include "model/varvalue.h"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <vector>

namespace tl {

namespace {

using jsonout::kChunk;
using jsonout::kEventRoom;
using jsonout::Out;

// Replays one object's operations: the causality rules that objectLinks uses too, and the
// level rules that objectLevels and the timeline use too (the counter).
struct Replay {
    LinkRules links;
    ObjectKind kind;
    ObjectLevel level;
};

class Writer {
public:
    Writer(const Trace& t, Out& o, const Progress* progress = nullptr)
        : m_t(t), m_o(o), m_progressSource(progress) {}

    void run() {
        snapshot();
        std::size_t total = 0;
        for (std::size_t n : m_threadSizes)
            total += n;
        for (std::size_t n : m_objectSizes)
            total += n;
        if (m_foreign) total += m_t.slices().eventCount();
        m_progress = ProgressCounter(m_progressSource, double(total));
        if (m_foreign) {
            // Another program's trace: where it came from instead of an engine, its processes
            // and its own pids and tids, and what it has beyond states (chromeforeignwrite.cpp).
            foreignHeader(m_t, m_o, m_end);
            foreignMetadata(m_t, m_lines);
        } else {
            header();
            metadata();
        }
        for (std::size_t i = 0; i < m_threadSizes.size(); ++i)
            slices(i);
        operations();
        if (m_foreign) foreignEvents(m_t, m_lines, m_progress);
        m_o.put("\n]}\n");
        m_o.finish();
    }

private:
    void snapshot() {
        // A live trace keeps growing; everything is written as of this moment.
        const std::size_t threads = m_t.threadCount();
        const std::size_t objects = m_t.objectCount();
        for (std::size_t i = 0; i < threads; ++i) {
            m_threadSizes.push_back(m_t.threadEvents(i).size());
            m_threadNames.push_back(jsontext::quote(m_t.thread(i).name));
            m_threadIds.push_back(m_foreign ? foreignThreadIds(m_t, i)
                                            : "\"pid\":1,\"tid\":" + std::to_string(i + 1));
        }
        for (std::size_t i = 0; i < objects; ++i) {
            m_objectSizes.push_back(m_t.objectEvents(i).size());
            m_objectNames.push_back(jsontext::quote(m_t.object(i).name));
        }
        m_end = m_t.endTime();
        m_origin = m_foreign ? m_t.info().source.origin : 0;
    }

    void header() {
        const RunInfo& info = m_t.info();
        Out& o = m_o;
        o.put("{\"displayTimeUnit\":\"ns\",\n\"otherData\":{\"generator\":");
        o.put(jsontext::quote("threadlens " + info.version));
        o.put(",\"scenario\":");
        o.put(jsontext::quote(info.scenarioId));
        o.put(",\"engine\":");
        o.put(jsontext::quote(info.engine));
        o.room(kEventRoom);
        o.lit(",\"seed\":");
        o.num(info.seed);
        o.lit(",\"cores\":");
        o.snum(info.cores);
        o.lit(",\"parameters\":{");
        for (std::size_t i = 0; i < info.parameters.size(); ++i) {
            if (i) o.put(",");
            o.put(jsontext::quote(info.parameters[i].first));
            o.put(":");
            o.put(jsontext::quote(info.parameters[i].second));
        }
        o.put("},\"outcome\":");
        o.put(jsontext::quote(outcomeName(m_t.outcome())));
        o.put(",\"message\":");
        o.put(jsontext::quote(m_t.message()));
        o.room(kEventRoom);
        o.lit(",\"endTimeNs\":");
        o.snum(m_end);
        o.lit(",\"objects\":[");
        for (std::size_t i = 0; i < m_objectNames.size(); ++i) {
            const ObjectInfo& ob = m_t.object(i);
            o.put(i ? ",\n{\"name\":" : "\n{\"name\":");
            o.put(m_objectNames[i]);
            o.room(kEventRoom);
            o.lit(",\"kind\":\"");
            o.lit(objectKindName(ob.kind));
            // A variable's number is its initial value; the other kinds' their capacity.
            o.lit(ob.kind == ObjectKind::Variable ? "\",\"initial\":" : "\",\"capacity\":");
            o.snum(ob.capacity);
            if (ob.hasExpected) {
                o.lit(",\"expected\":");
                o.snum(ob.expected);
            }
            if (ob.atomic) o.lit(",\"atomic\":true");
            o.ch('}');
        }
        o.put("]");
        variables();
        if (const auto& e = m_t.expectation()) {
            o.put(",\"expect\":{\"text\":");
            o.put(jsontext::quote(e->text));
            o.put(e->held ? ",\"held\":true}" : ",\"held\":false}");
        }
        // The schedule a replay followed, by tid: the thread of each visible operation.
        if (!info.schedule.empty()) {
            o.put(",\"schedule\":[");
            for (std::size_t i = 0; i < info.schedule.size(); ++i) {
                if (i) o.ch(',');
                o.room(kEventRoom);
                o.snum(info.schedule[i] + 1);
            }
            o.ch(']');
        }
        o.put("},\n\"traceEvents\":[");
    }

    // The values the variables held at the end, by name; only for a trace that has them, so
    // that a trace without variables is written as it always was.
    void variables() {
        bool first = true;
        for (std::size_t i = 0; i < m_objectNames.size(); ++i) {
            if (m_t.object(i).kind != ObjectKind::Variable) continue;
            m_o.put(first ? ",\"variables\":{" : ",");
            first = false;
            m_o.put(m_objectNames[i]);
            m_o.room(kEventRoom);
            m_o.ch(':');
            m_o.snum(finalValue(m_t, i));
        }
        if (!first) m_o.put("}");
    }

    void begin(std::size_t extra) { m_lines.begin(extra); }

    // "pid":1,"tid":4 for a thread index (a stream's ref), as the metadata names it.
    std::string_view threadIds(std::size_t thread) {
        if (thread < m_threadIds.size()) return m_threadIds[thread];
        m_spareIds = "\"pid\":1,\"tid\":" + std::to_string(thread + 1);
        return m_spareIds;
    }

    void metadata() {
        Out& o = m_o;
        const std::string title = jsontext::quote(m_t.info().title);
        begin(title.size());
        o.lit(R"("ph":"M","pid":1,"name":"process_name","args":{"name":)");
        o.lit(title);
        o.lit("}}");
        for (std::size_t i = 0; i < m_threadNames.size(); ++i) {
            begin(m_threadNames[i].size());
            o.lit(R"("ph":"M","pid":1,"tid":)");
            o.num(i + 1);
            o.lit(R"(,"name":"thread_name","args":{"name":)");
            o.lit(m_threadNames[i]);
            o.lit("}}");
            begin(0);
            o.lit(R"("ph":"M","pid":1,"tid":)");
            o.num(i + 1);
            o.lit(R"(,"name":"thread_sort_index","args":{"sort_index":)");
            o.num(i + 1);
            o.lit("}}");
        }
    }

    std::string_view objectName(std::uint16_t ref) const {
        return ref < m_objectNames.size() ? std::string_view(m_objectNames[ref]) : "";
    }

    // The state intervals of one thread as X events; zero-length ones are left out.
    void slices(std::size_t thread) {
        const EventStream& s = m_t.threadEvents(thread);
        const std::size_t n = m_threadSizes[thread];
        if (n == 0) return;
        const bool exited = s[n - 1].state() == ThreadState::Exited;
        const std::size_t count = exited ? n - 1 : n;
        auto endOf = [&](std::size_t i) {
            return i + 1 < n ? s[i + 1].time : std::max(s[i].time, m_end);
        };
        // Zero-length slices are left out, and so is what is not a state (a corrupt code
        // or an end marker in the middle), which no reader could take back.
        auto written = [&](std::size_t i) {
            return endOf(i) > s[i].time && s[i].code < kStateCount;
        };
        // The last slice of a thread still going when the recording stopped says so, so
        // that a reader does not mistake it for a thread that ended there.
        std::size_t unfinished = count;
        if (!exited)
            for (std::size_t i = count; i-- > 0;)
                if (written(i)) {
                    unfinished = i;
                    break;
                }
        Out& o = m_o;
        for (std::size_t i = 0; i < count; ++i) {
            const Event& e = s[i];
            m_progress.add();
            if (!written(i)) continue;
            const Time end = endOf(i);
            const std::string_view object = e.ref == kNoRef ? "" : objectName(e.ref);
            begin(object.size() + m_threadIds[thread].size());
            o.lit(R"("ph":"X","cat":"state","name":")");
            o.lit(stateName(e.state()));
            o.lit(R"(",)");
            o.lit(m_threadIds[thread]);
            o.lit(R"(,"ts":)");
            o.micros(e.time + m_origin);
            o.lit(R"(,"dur":)");
            o.micros(end - e.time);
            const bool hasReason = e.reason() != Reason::None && reasonName(e.reason()) != "?";
            if (object.empty() && !hasReason && e.value == 0 && i != unfinished) {
                o.ch('}');
                continue;
            }
            char sep = '{';
            o.lit(R"(,"args":)");
            if (!object.empty()) {
                o.ch(sep);
                sep = ',';
                o.lit(R"("object":)");
                o.lit(object);
            }
            if (hasReason) {
                o.ch(sep);
                sep = ',';
                o.lit(R"("reason":")");
                o.lit(reasonName(e.reason()));
                o.ch('"');
            }
            if (e.value) {
                o.ch(sep);
                sep = ',';
                o.lit(R"("value":)");
                o.num(e.value);
            }
            if (i == unfinished) {
                o.ch(sep);
                o.lit(R"("unfinished":true)");
            }
            o.lit("}}");
        }
    }

    // Operations of all objects merged by (time, object index); one object's operations
    // keep their stream order, which is the order they happened in.
    void operations() {
        const std::size_t objects = m_objectSizes.size();
        m_replay.clear();
        m_replay.reserve(objects);
        for (std::size_t i = 0; i < objects; ++i) {
            const ObjectInfo& info = m_t.object(i);
            m_replay.push_back(
                {LinkRules(m_t.objectEvents(i), info.kind), info.kind, initialLevel(info)});
        }
        using Key = std::pair<Time, std::size_t>;
        std::vector<Key> heap;
        std::vector<std::size_t> pos(objects, 0);
        for (std::size_t i = 0; i < objects; ++i)
            if (m_objectSizes[i]) heap.emplace_back(m_t.objectEvents(i)[0].time, i);
        std::make_heap(heap.begin(), heap.end(), std::greater<>{});
        while (!heap.empty()) {
            std::pop_heap(heap.begin(), heap.end(), std::greater<>{});
            const std::size_t ob = heap.back().second;
            heap.pop_back();
            const EventStream& s = m_t.objectEvents(ob);
            const std::size_t n = m_objectSizes[ob];
            std::size_t& i = pos[ob];
            // Stay on this object while it is still first: few heap operations when one
            // object carries most of the events.
            do {
                operation(ob, s, i);
                m_progress.add();
                ++i;
            } while (i < n && (heap.empty() || Key(s[i].time, ob) < heap.front()));
            if (i < n) {
                heap.emplace_back(s[i].time, ob);
                std::push_heap(heap.begin(), heap.end(), std::greater<>{});
            }
        }
    }

    void operation(std::size_t ob, const EventStream& s, std::size_t i) {
        const Event& e = s[i];
        if (e.code >= kOpCount) return; // not an operation: no reader could take it back
        Out& o = m_o;
        const std::string_view object = m_objectNames[ob];
        const Op op = e.op();
        const bool targetsThread = op == Op::Spawn || op == Op::Join;
        const std::string_view target = targetsThread && e.value < m_threadNames.size()
                                            ? std::string_view(m_threadNames[e.value])
                                            : "";
        const std::string_view ids = threadIds(e.ref);
        begin(object.size() + target.size() + ids.size());
        o.lit(R"("ph":"i","s":"t","cat":"sync","name":")");
        o.lit(opName(op));
        o.lit(R"(",)");
        o.lit(ids);
        o.lit(R"(,"ts":)");
        o.micros(e.time + m_origin);
        o.lit(R"(,"args":{"object":)");
        o.lit(object);
        switch (op) {
        case Op::Put:
        case Op::Get:
            o.lit(R"(,"item":)");
            o.num(e.value);
            break;
        case Op::Spawn:
        case Op::Join:
            o.lit(R"(,"value":)"); // the target's tid
            o.num(std::uint64_t(e.value) + 1);
            if (!target.empty()) {
                o.lit(R"(,"thread":)");
                o.lit(target);
            }
            break;
        case Op::Read:
        case Op::Write:
        case Op::FetchAdd:
        case Op::Exchange:
        case Op::CasOk:
        case Op::CasFailed:
        case Op::AssertFailed:
            o.lit(R"(,"value":)"); // a signed 32-bit value
            o.snum(signedValue(e));
            break;
        case Op::Acquire:
        case Op::Release:
        case Op::Arrive:
        case Op::Pass:
        case Op::Notify:
        case Op::NotifyAll:
        case Op::Abort:
            o.lit(R"(,"value":)");
            o.num(e.value);
            break;
        default:
            if (e.value) {
                o.lit(R"(,"value":)");
                o.num(e.value);
            }
        }
        if (e.arg & OpFlagWaited) o.lit(R"(,"waited":true)");
        if (e.arg & OpFlagShared) o.lit(R"(,"shared":true)");
        if (e.arg & OpFlagBroken) o.lit(R"(,"broken":true)");
        if (e.arg & OpFlagClosed) o.lit(R"(,"closed":true)");
        if (e.arg & OpFlagUpdate) o.lit(R"(,"update":true)");
        if (e.arg & OpFlagMore) o.lit(R"(,"more":true)");
        if (const unsigned other = e.arg & ~unsigned(OpFlagWaited | OpFlagShared | OpFlagBroken |
                                                     OpFlagClosed | OpFlagUpdate | OpFlagMore)) {
            o.lit(R"(,"flags":)");
            o.num(other);
        }
        o.lit("}}");
        derived(ob, s, i, e);
    }

    void flow(std::string_view name, const Event& from, const Event& to) {
        Out& o = m_o;
        const std::uint64_t id = ++m_flows;
        const std::string_view fromIds = threadIds(from.ref);
        begin(name.size() + fromIds.size());
        o.lit(R"("ph":"s","cat":"flow","name":")");
        o.lit(name);
        o.lit(R"(","id":)");
        o.num(id);
        o.ch(',');
        o.lit(fromIds);
        o.lit(R"(,"ts":)");
        o.micros(from.time + m_origin);
        o.ch('}');
        const std::string_view toIds = threadIds(to.ref);
        begin(name.size() + toIds.size());
        o.lit(R"("ph":"f","bp":"e","cat":"flow","name":")");
        o.lit(name);
        o.lit(R"(","id":)");
        o.num(id);
        o.ch(',');
        o.lit(toIds);
        o.lit(R"(,"ts":)");
        o.micros(to.time + m_origin);
        o.ch('}');
    }

    // The object's level as a counter named after the object.
    void counter(std::size_t ob, const Event& e, ObjectKind kind, std::int64_t value) {
        Out& o = m_o;
        begin(m_objectNames[ob].size());
        o.lit(R"("ph":"C","pid":1,"name":)");
        o.lit(m_objectNames[ob]);
        o.lit(R"(,"ts":)");
        o.micros(e.time + m_origin);
        // Literal keys: a copy of known length is a few stores, not a call.
        switch (kind) {
        case ObjectKind::Queue:
            o.lit(R"(,"args":{"depth":)");
            break;
        case ObjectKind::Semaphore:
            o.lit(R"(,"args":{"available":)");
            break;
        case ObjectKind::Barrier:
        case ObjectKind::Condition:
            o.lit(R"(,"args":{"waiting":)");
            break;
        case ObjectKind::Event:
            o.lit(R"(,"args":{"set":)");
            break;
        case ObjectKind::Variable:
            o.lit(R"(,"args":{"value":)");
            break;
        default:
            o.lit(R"(,"args":{"held":)");
        }
        o.snum(value);
        o.lit("}}");
    }

    // The flow that ends at this operation, if any, and the object's level after it.
    // Sources are written when their destination is known, so every "s" has its "f".
    void derived(std::size_t ob, const EventStream& s, std::size_t i, const Event& e) {
        Replay& r = m_replay[ob];
        if (const LinkRules::Found f = r.links.step(i, e); exportedAsFlow(f.rule))
            flow(linkRuleName(f.rule), s[f.from], e);
        if (applyOperation(r.kind, e, r.level)) counter(ob, e, r.kind, r.level.count);
    }

    const Trace& m_t;
    Out& m_o;
    jsonout::Lines m_lines{m_o};
    const bool m_foreign = m_t.foreign();
    const Progress* m_progressSource;
    ProgressCounter m_progress{nullptr, 1};
    Time m_end = 0;
    Time m_origin = 0; // a foreign trace's times are written as its file had them
    std::uint64_t m_flows = 0;
    std::vector<std::size_t> m_threadSizes;
    std::vector<std::size_t> m_objectSizes;
    std::vector<std::string> m_threadNames; // quoted
    std::vector<std::string> m_threadIds;   // "pid":1,"tid":3
    std::string m_spareIds;
    std::vector<std::string> m_objectNames; // quoted
    std::vector<Replay> m_replay;
};

} // namespace

void writeChromeTrace(const Trace& trace, const std::function<void(std::string_view)>& sink,
                      const Progress* progress) {
    Out out(&sink, 0);
    Writer(trace, out, progress).run();
}

void writeChromeTrace(const Trace& trace, std::ostream& out) {
    writeChromeTrace(trace, [&out](std::string_view chunk) {
        out.write(chunk.data(), std::streamsize(chunk.size()));
    });
}

std::string chromeTraceString(const Trace& trace) {
    // A state slice takes about 100 bytes; an operation up to about 380 with its counter and
    // the flow that ends at it (every get from a queue has one, and so has every put that
    // waited for room). A wrong guess costs one more move of the buffer.
    std::size_t slices = 0;
    std::size_t operations = 0;
    for (std::size_t i = 0; i < trace.threadCount(); ++i)
        slices += trace.threadEvents(i).size();
    for (std::size_t i = 0; i < trace.objectCount(); ++i)
        operations += trace.objectEvents(i).size();
    Out out(nullptr, 4096 + slices * 100 + operations * 380);
    Writer(trace, out).run();
    return out.take();
}

void saveChromeTrace(const Trace& trace, const std::string& path, const Progress* progress) {
    AtomicFile file(path);
    writeChromeTrace(
        trace, [&file](std::string_view chunk) { file.write(chunk); }, progress);
    file.commit();
}

} // namespace tl
