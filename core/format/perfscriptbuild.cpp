// The `perf script` reader's last step: tasks grouped into processes, one process kept if
// asked, and the states, wakeups and migrations handed to a TraceBuilder.
#include "format/chromejson.h"
#include "format/perfscriptimpl.h"
#include "format/tracebuilder.h"

#include <algorithm>
#include <charconv>
#include <map>

namespace tl::perf {

namespace {

std::string jsonString(std::string_view s) {
    std::string out(1, '"');
    for (const char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (static_cast<unsigned char>(c) < 0x20) {
            out += ' ';
        } else {
            out += c;
        }
    }
    out += '"';
    return out;
}

} // namespace

// Which process a task is in. `perf script -F +pid` and --show-task-events say it; without
// them (the default), a forked task is a thread of its forker's process unless it called
// exec or was forked by perf itself (the program perf starts), and a task whose fork was
// not recorded is a process of its own.
std::int64_t Reader::processOf(Task& t) {
    std::vector<Task*> chain;
    Task* at = &t;
    std::int64_t pid = kNone;
    while (true) {
        if (at->pid > 0) {
            pid = at->pid;
            break;
        }
        if (const auto it = m_processOf.find(at->tid); it != m_processOf.end()) {
            pid = it->second;
            break;
        }
        chain.push_back(at);
        Task* parent = at->parent > 0 ? find(at->parent) : nullptr;
        const bool perfChild = at->parentComm == "perf" || at->parentComm == "perf-exec";
        if (at->exec || !parent || perfChild || chain.size() > 64) {
            pid = at->tid;
            break;
        }
        at = parent;
    }
    for (Task* c : chain)
        m_processOf[c->tid] = pid;
    return pid;
}

std::string Reader::processName(std::int64_t pid) const {
    for (const Task& t : m_tasks)
        if (t.tid == pid && !t.comm.empty()) return t.comm;
    return {};
}

std::unique_ptr<Trace> Reader::build(const std::string& process, const std::string& file) {
    // Processes: pid -> its tasks, and its name (the leader's comm, or its first thread's).
    std::map<std::int64_t, std::vector<std::size_t>> members;
    for (std::size_t i = 0; i < m_tasks.size(); ++i)
        if (m_tasks[i].known()) members[processOf(m_tasks[i])].push_back(i);
    std::map<std::int64_t, std::string> names;
    for (const auto& [pid, list] : members) {
        std::string name = processName(pid);
        if (name.empty() && !list.empty()) name = m_tasks[list.front()].comm;
        names[pid] = name;
    }

    std::int64_t keep = kNone;
    if (!process.empty()) {
        std::int64_t asPid = 0;
        const auto [p, ec] =
            std::from_chars(process.data(), process.data() + process.size(), asPid);
        const bool numeric = ec == std::errc() && p == process.data() + process.size();
        for (const auto& [pid, name] : names)
            if ((numeric && pid == asPid) || name == process) {
                keep = pid;
                break;
            }
        if (keep == kNone) {
            // Name the busiest processes, so that the right one is easy to pick.
            std::vector<std::pair<std::size_t, std::int64_t>> bySize;
            for (const auto& [pid, list] : members)
                bySize.emplace_back(list.size(), pid);
            std::sort(bySize.rbegin(), bySize.rend());
            std::string list;
            for (std::size_t i = 0; i < bySize.size() && i < 8; ++i)
                list += (i ? ", " : "") + names[bySize[i].second] + " (" +
                        std::to_string(bySize[i].second) + ")";
            throw TraceReadError("no process \"" + process + "\" in the trace; its processes " +
                                 "with the most threads: " + list);
        }
    }

    TraceBuilder b;
    std::vector<std::int64_t> threadOf(m_tasks.size(), -1); // builder thread id
    std::size_t kept = 0;
    for (const auto& [pid, list] : members) {
        if (keep != kNone && pid != keep) continue;
        b.nameProcess(pid, names[pid]);
        for (const std::size_t i : list) {
            if (kept++ >= Trace::kMaxThreads)
                throw TraceReadError("the trace has more than " +
                                     std::to_string(Trace::kMaxThreads) +
                                     " threads; --process keeps one program's");
            const Task& t = m_tasks[i];
            const std::uint32_t id = b.thread(pid, t.tid);
            threadOf[i] = id;
            b.nameThread(id, t.comm.empty() ? "thread " + std::to_string(t.tid) : t.comm);
        }
    }
    const std::uint32_t migrate = b.label("migrate", "sched");
    for (std::size_t i = 0; i < m_tasks.size(); ++i) {
        if (threadOf[i] < 0) continue;
        const Task& t = m_tasks[i];
        const auto id = std::uint32_t(threadOf[i]);
        const std::vector<Change>& c = t.changes;
        const bool ended = c.back().state == ThreadState::Exited;
        const std::size_t states = ended ? c.size() - 1 : c.size();
        for (std::size_t k = 0; k < states; ++k) {
            const Time end = k + 1 < c.size() ? c[k + 1].time : std::max(m_last, c[k].time);
            TraceBuilder::StateSlice s;
            s.start = c[k].time;
            s.duration = end - c[k].time;
            s.state = c[k].state;
            s.reason = c[k].reason;
            s.unfinished = !ended && k + 1 == states;
            b.addSlice(id, s);
        }
        for (const Migration& m : t.migrations)
            b.addInstant(id, Instant{m.time, migrate,
                                     b.text("{\"orig_cpu\":" + std::to_string(m.from) +
                                            ",\"dest_cpu\":" + std::to_string(m.to) + "}")});
    }

    const std::uint32_t wakeup = b.label("wakeup", "sched");
    const std::uint32_t wakeupNew = b.label("wakeup_new", "sched");
    for (const Wakeup& w : m_wakeups) {
        const Task* woken = find(w.woken);
        if (!woken) continue;
        const std::int64_t to = threadOf[std::size_t(woken - m_tasks.data())];
        if (to < 0) continue;
        std::int64_t from = -1;
        std::string args = "{";
        if (w.waker == 0) {
            args += "\"waker\":\"idle\",";
        } else if (w.waker > 0) {
            if (const Task* waker = find(w.waker)) {
                from = threadOf[std::size_t(waker - m_tasks.data())];
                args += "\"waker\":" + jsonString(waker->comm) + ",";
            }
            args += "\"waker_tid\":" + std::to_string(w.waker) + ",";
        }
        args += "\"cpu\":" + std::to_string(w.cpu) + "}";
        b.addFlow(Flow{w.from, w.to, std::int32_t(from), std::int32_t(to),
                       w.created ? wakeupNew : wakeup, b.text(args)});
    }

    if (m_unparsed)
        b.notice(std::to_string(m_unparsed) +
                 (m_unparsed == 1 ? " line it does not understand was"
                                  : " lines it does not "
                                    "understand were") +
                 " skipped (the first: line " + std::to_string(m_firstUnparsed) + ": \"" +
                 m_unparsedText + "\")");
    if (!m_otherEvents.empty()) {
        std::vector<std::pair<std::string, std::size_t>> other(m_otherEvents.begin(),
                                                               m_otherEvents.end());
        std::sort(other.begin(), other.end());
        std::string list;
        std::size_t total = 0;
        for (const auto& [name, n] : other) {
            list += (list.empty() ? "" : ", ") + name + " x" + std::to_string(n);
            total += n;
        }
        b.notice(std::to_string(total) + " events it does not use: " + list);
    }
    if (m_resyncs)
        b.notice("a CPU's task changed without a sched_switch " +
                 (m_resyncs == 1 ? std::string("once") : std::to_string(m_resyncs) + " times") +
                 " (events lost?); the task before was made runnable there (the first: line " +
                 std::to_string(m_firstResync) + ")");
    if (m_backwards)
        b.notice(std::to_string(m_backwards) +
                 " lines go back in time; taken as at the time before (the first: line " +
                 std::to_string(m_firstBackwards) + ")");
    if (m_lost)
        b.notice("perf lost " + std::to_string(m_lost) +
                 " chunks of events while recording: some switches are missing");

    RunInfo info;
    info.engine.clear();
    info.seed = 0;
    info.cores = 0;
    info.source.kind = SourceKind::Perf;
    info.source.file = file;
    if (keep != kNone) info.title = names[keep];
    if (!m_started) throw TraceReadError("no scheduler events: is this `perf script` text?");
    return b.build(std::move(info), Outcome::Completed, {}, nullptr);
}

} // namespace tl::perf
