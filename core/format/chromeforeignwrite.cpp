#include "format/chromeforeignwrite.h"

#include "format/jsontext.h"

#include <algorithm>

namespace tl {

namespace {

using jsonout::Lines;
using jsonout::Out;

std::int64_t pidOf(const Trace& trace, std::size_t thread) {
    const ProcessInfo* p = trace.slices().processOf(thread);
    return p ? p->pid : 0;
}

// A JSON object's text as the file had it, or nothing; "args" is left out when empty.
void args(Out& o, const SliceData& d, std::uint32_t id) {
    if (!id) return;
    const std::string_view text = d.text(id);
    o.put(",\"args\":");
    o.put(text);
}

} // namespace

std::string foreignThreadIds(const Trace& trace, std::size_t thread) {
    const SliceData& d = trace.slices();
    const std::int64_t tid =
        thread < d.threads.size() ? d.threads[thread].tid : std::int64_t(thread + 1);
    return "\"pid\":" + std::to_string(pidOf(trace, thread)) + ",\"tid\":" + std::to_string(tid);
}

void foreignHeader(const Trace& trace, Out& o, Time end) {
    const TraceSource& src = trace.info().source;
    // Viewers take "ms" and "ns" only (catapult throws on anything else).
    if (src.displayUnit == "ms" || src.displayUnit == "ns") {
        o.put("{\"displayTimeUnit\":\"");
        o.put(src.displayUnit);
        o.put("\",\n\"otherData\":{\"generator\":");
    } else {
        o.put("{\"otherData\":{\"generator\":");
    }
    o.put(jsontext::quote("threadlens " + trace.info().version));
    o.put(",\"source\":\"");
    o.put(sourceKindName(src.kind));
    o.put("\",\"file\":");
    o.put(jsontext::quote(src.file));
    o.put(",\"originNs\":");
    o.put(std::to_string(src.origin));
    o.put(",\"endTimeNs\":");
    o.put(std::to_string(end));
    o.put(",\"notices\":[");
    for (std::size_t i = 0; i < src.notices.size(); ++i) {
        if (i) o.put(",");
        o.put(jsontext::quote(src.notices[i]));
    }
    o.put("]},\n\"traceEvents\":[");
}

void foreignMetadata(const Trace& trace, Lines& lines) {
    const SliceData& d = trace.slices();
    Out& o = lines.o;
    for (const ProcessInfo& p : d.processes) {
        const std::string pid = std::to_string(p.pid);
        if (!p.name.empty()) {
            const std::string name = jsontext::quote(p.name);
            lines.begin(name.size());
            o.lit(R"("ph":"M","pid":)");
            o.lit(pid);
            o.lit(R"(,"name":"process_name","args":{"name":)");
            o.lit(name);
            o.lit("}}");
        }
        if (p.sortIndex) {
            lines.begin(0);
            o.lit(R"("ph":"M","pid":)");
            o.lit(pid);
            o.lit(R"(,"name":"process_sort_index","args":{"sort_index":)");
            o.snum(p.sortIndex);
            o.lit("}}");
        }
    }
    for (std::size_t i = 0; i < trace.threadCount(); ++i) {
        const std::string ids = foreignThreadIds(trace, i);
        const std::string name = jsontext::quote(trace.thread(i).name);
        lines.begin(ids.size() + name.size());
        o.lit(R"("ph":"M",)");
        o.lit(ids);
        o.lit(R"(,"name":"thread_name","args":{"name":)");
        o.lit(name);
        o.lit("}}");
        const std::int64_t sort = i < d.threads.size() ? d.threads[i].sortIndex : 0;
        if (sort) {
            lines.begin(ids.size());
            o.lit(R"("ph":"M",)");
            o.lit(ids);
            o.lit(R"(,"name":"thread_sort_index","args":{"sort_index":)");
            o.snum(sort);
            o.lit("}}");
        }
    }
}

namespace {

class EventWriter {
public:
    EventWriter(const Trace& t, Lines& lines, ProgressCounter& progress)
        : m_t(t), m_d(t.slices()), m_lines(lines), m_o(lines.o), m_progress(progress),
          m_origin(t.info().source.origin) {
        for (const Label& l : m_d.labels) {
            m_cats.push_back(jsontext::quote(m_d.strings[l.category]));
            m_names.push_back(jsontext::quote(m_d.strings[l.name]));
        }
    }

    void run() {
        for (std::size_t i = 0; i < m_d.threadLanes.size(); ++i) {
            const std::string ids = foreignThreadIds(m_t, i);
            const SliceTrack t = m_d.threadTrack(i);
            track(t, ids);
            for (const Instant& in : t.instants())
                instant(in, 't', ids);
        }
        for (const ProcessInfo& p : m_d.processes) {
            const std::string ids = "\"pid\":" + std::to_string(p.pid) + ",\"tid\":0";
            for (const Instant& in : p.instants)
                instant(in, 'p', ids);
        }
        for (const Instant& in : m_d.globalInstants)
            instant(in, 'g', "\"pid\":0,\"tid\":0");
        for (std::size_t k = 0; k < m_d.async.size(); ++k)
            async(k);
        for (const CounterTrack& c : m_d.counters)
            counter(c);
        std::uint64_t id = 0;
        for (const Flow& f : m_d.flows)
            if (f.fromThread >= 0 && f.toThread >= 0) flow(f, ++id);
    }

private:
    void head(char ph, std::uint32_t label, std::string_view ids, Time t) {
        const std::string& cat = m_cats[label];
        const std::string& name = m_names[label];
        m_lines.begin(cat.size() + name.size() + ids.size());
        m_o.lit("\"ph\":\"");
        m_o.ch(ph);
        m_o.lit("\",\"cat\":");
        m_o.lit(cat);
        m_o.lit(",\"name\":");
        m_o.lit(name);
        m_o.ch(',');
        m_o.lit(ids);
        m_o.lit(",\"ts\":");
        m_o.micros(t + m_origin);
        m_progress.add();
    }

    void track(const SliceTrack& t, const std::string& ids) {
        for (std::size_t d = 0; d < t.depth(); ++d)
            for (const Slice& s : t.level(d)) {
                head('X', s.label, ids, s.start);
                m_o.lit(",\"dur\":");
                m_o.micros(s.duration);
                args(m_o, m_d, s.args);
                m_o.put("}");
            }
    }

    void instant(const Instant& in, char scope, std::string_view ids) {
        head('i', in.label, ids, in.time);
        m_o.lit(",\"s\":\"");
        m_o.ch(scope);
        m_o.ch('"');
        args(m_o, m_d, in.args);
        m_o.put("}");
    }

    // Each span as a b/e pair on the thread that began it, the track's index as their id, in
    // time order (an end before a begin at one time; the outer begin first, the inner end
    // first), so that a reader pairs them as they were; "n" for the track's instants.
    void async(std::size_t k) {
        const AsyncTrack& a = m_d.async[k];
        const SliceTrack track = m_d.asyncTrack(k);
        const std::size_t id = k + 1;
        const std::int64_t pid =
            a.process >= 0 ? m_d.processes[std::size_t(a.process)].pid : std::int64_t(0);
        struct Edge {
            Time time;
            bool begin;
            Time length;
            const Slice* slice;
            std::int32_t thread;
        };
        std::vector<Edge> edges;
        for (std::size_t d = 0; d < track.depth(); ++d)
            for (std::size_t i = 0; i < track.level(d).size(); ++i) {
                const Slice& s = track.level(d)[i];
                const std::int32_t thread = m_d.asyncThread(k, d, i);
                edges.push_back(Edge{s.start, true, s.duration, &s, thread});
                edges.push_back(Edge{s.end(), false, s.duration, &s, thread});
            }
        std::stable_sort(edges.begin(), edges.end(), [](const Edge& x, const Edge& y) {
            if (x.time != y.time) return x.time < y.time;
            if (x.begin != y.begin) return !x.begin;
            return x.begin ? x.length > y.length : x.length < y.length;
        });
        const std::string prefix = "\"id\":" + std::to_string(id) + ",";
        const std::string processIds =
            prefix + "\"pid\":" + std::to_string(pid) + ",\"tid\":" + std::to_string(pid);
        for (const Edge& e : edges) {
            const std::string ids =
                e.thread >= 0 ? prefix + foreignThreadIds(m_t, std::size_t(e.thread)) : processIds;
            head(e.begin ? 'b' : 'e', e.slice->label, ids, e.time);
            if (e.begin) args(m_o, m_d, e.slice->args);
            m_o.put("}");
        }
        for (const Instant& in : track.instants()) {
            head('n', in.label, processIds, in.time);
            args(m_o, m_d, in.args);
            m_o.put("}");
        }
    }

    void counter(const CounterTrack& c) {
        const std::int64_t pid =
            c.process >= 0 ? m_d.processes[std::size_t(c.process)].pid : std::int64_t(0);
        const std::string name = jsontext::quote(c.name);
        const std::string series = jsontext::quote(c.series);
        const std::string ids = "\"pid\":" + std::to_string(pid) + ",\"tid\":0";
        for (const CounterPoint& p : c.points) {
            m_lines.begin(name.size() + series.size() + ids.size());
            m_o.lit("\"ph\":\"C\",\"name\":");
            m_o.lit(name);
            m_o.ch(',');
            m_o.lit(ids);
            m_o.lit(",\"ts\":");
            m_o.micros(p.time + m_origin);
            m_o.lit(",\"args\":{");
            m_o.lit(series);
            m_o.ch(':');
            m_o.real(p.value);
            m_o.lit("}}");
            m_progress.add();
        }
    }

    // Viewers bind an "s" to the slice that contains it on its thread: a waking at the very
    // moment its waker ended is moved just inside the waker's last state.
    Time sourceTime(const Flow& f) const {
        const auto thread = std::size_t(f.fromThread);
        const std::size_t n = m_t.intervalCount(thread);
        if (n == 0 || m_t.intervalAt(thread, f.fromTime) >= 0) return f.fromTime;
        const Trace::Interval first = m_t.interval(thread, 0);
        const Trace::Interval last = m_t.interval(thread, n - 1);
        if (f.fromTime < first.range.start) return first.range.start;
        if (f.fromTime >= last.range.end && last.range.end > last.range.start)
            return last.range.end - 1;
        return f.fromTime;
    }

    void flow(const Flow& f, std::uint64_t id) {
        const std::string from = foreignThreadIds(m_t, std::size_t(f.fromThread));
        const std::string to = foreignThreadIds(m_t, std::size_t(f.toThread));
        head('s', f.label, from, sourceTime(f));
        m_o.lit(",\"id\":");
        m_o.num(id);
        args(m_o, m_d, f.args);
        m_o.put("}");
        head('f', f.label, to, f.toTime);
        m_o.lit(",\"bp\":\"e\",\"id\":");
        m_o.num(id);
        m_o.put("}");
    }

    const Trace& m_t;
    const SliceData& m_d;
    Lines& m_lines;
    Out& m_o;
    ProgressCounter& m_progress;
    Time m_origin;
    std::vector<std::string> m_cats, m_names; // quoted, by label
};

} // namespace

void foreignEvents(const Trace& trace, Lines& lines, ProgressCounter& progress) {
    EventWriter(trace, lines, progress).run();
}

} // namespace tl
