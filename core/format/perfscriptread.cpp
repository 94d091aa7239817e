// The `perf script` reader's state machine: per task its states, per CPU the running task.
#include "format/perfscriptimpl.h"

#include <algorithm>
#include <cstring>

namespace tl::perf {

Task* Reader::find(std::int64_t tid) {
    if (tid >= 0 && tid < (1 << 22)) {
        if (std::size_t(tid) < m_smallTids.size() && m_smallTids[std::size_t(tid)])
            return &m_tasks[std::size_t(m_smallTids[std::size_t(tid)] - 1)];
        return nullptr;
    }
    const auto it = m_bigTids.find(tid);
    return it == m_bigTids.end() ? nullptr : &m_tasks[it->second];
}

Task& Reader::task(std::int64_t tid) {
    if (Task* t = find(tid)) return *t;
    const std::size_t index = m_tasks.size();
    if (tid >= 0 && tid < (1 << 22)) {
        if (m_smallTids.size() <= std::size_t(tid)) m_smallTids.resize(std::size_t(tid) + 1, 0);
        m_smallTids[std::size_t(tid)] = std::int32_t(index + 1);
    } else {
        m_bigTids.emplace(tid, index);
    }
    m_tasks.emplace_back();
    m_tasks.back().tid = tid;
    return m_tasks.back();
}

void Reader::set(Task& t, Time time, ThreadState s, Reason r) {
    if (t.ended) {
        // A task seen again after its last switch-out: its tid was taken by a new task
        // (or an event was lost). The new life goes on from here.
        t.ended = false;
        t.changes.pop_back();
    }
    if (t.known()) {
        const Change& last = t.changes.back();
        if (last.state == s && last.reason == r) return;
        time = std::max(time, last.time);
    }
    t.changes.push_back(Change{time, s, r});
}

void Reader::read(std::string_view text, double from) {
    ProgressCounter progress(m_progress, double(text.size()), from, 0.9);
    std::size_t at = 0;
    while (at < text.size()) {
        const char* nl =
            static_cast<const char*>(std::memchr(text.data() + at, '\n', text.size() - at));
        const std::size_t end = nl ? std::size_t(nl - text.data()) : text.size();
        ++m_line;
        line(text.substr(at, end - at));
        progress.add(end + 1 - at);
        at = end + 1;
    }
}

void Reader::line(std::string_view text) {
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    std::size_t i = 0;
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t'))
        ++i;
    if (i == text.size() || text[i] == '#') return; // empty, or `perf script --header`
    Header h;
    if (!parseHeader(text, h)) {
        const std::string_view rest = text.substr(i);
        // perf's warnings on stderr end up in the file with 2>&1.
        if (rest.starts_with("Processed ") && rest.find(" lost ") != std::string_view::npos) {
            std::string_view s = rest.substr(rest.find(" lost ") + 6);
            std::int64_t chunks = 0;
            if (number(s, "", chunks) && chunks > 0) m_lost += std::size_t(chunks);
            return;
        }
        if (rest.starts_with("Warning:") || rest.starts_with("Check IO/CPU overload")) return;
        unparsed(text);
        return;
    }
    sample(h);
}

void Reader::unparsed(std::string_view text) {
    if (m_unparsed++ == 0) {
        m_firstUnparsed = m_line;
        m_unparsedText = std::string(text.substr(0, 100));
    }
}

void Reader::sample(const Header& h) {
    if (h.event.starts_with("PERF_RECORD_")) {
        // Task events: some are synthesized at time 0, so they do not move the clock.
        if (h.tid > 0 && h.pid > 0) task(h.tid).pid = h.pid;
        taskEvent(h);
        return;
    }
    if (!m_started) {
        m_started = true;
        m_first = m_last = h.time;
    }
    Time time = h.time;
    if (time < m_last) {
        // perf script sorts by time; a step back means a damaged or edited file.
        if (m_backwards++ == 0) m_firstBackwards = m_line;
        time = m_last;
    }
    m_last = time;
    Header at = h;
    at.time = time;
    if (at.cpu < 0 || at.cpu > 4095) {
        unparsed({});
        return;
    }
    if (std::size_t(at.cpu) >= m_current.size()) m_current.resize(std::size_t(at.cpu) + 1, -1);
    if (at.tid > 0 && at.pid > 0) task(at.tid).pid = at.pid;
    const std::string_view e = at.event;
    resync(at);
    if (e == "sched:sched_switch") {
        switched(at);
    } else if (e == "sched:sched_waking" || e == "sched:sched_wakeup") {
        woken(at, false);
    } else if (e == "sched:sched_wakeup_new") {
        woken(at, true);
    } else if (e == "sched:sched_migrate_task") {
        std::int64_t pid = 0, orig = 0, dest = 0;
        if (!number(at.payload, " pid=", pid) || !number(at.payload, "orig_cpu=", orig) ||
            !number(at.payload, "dest_cpu=", dest)) {
            unparsed(at.payload);
            return;
        }
        if (pid > 0) task(pid).migrations.push_back(Migration{time, int(orig), int(dest)});
    } else if (e == "sched:sched_process_fork") {
        std::int64_t parent = 0, child = 0;
        if (!number(at.payload, " pid=", parent) || !number(at.payload, "child_pid=", child)) {
            unparsed(at.payload);
            return;
        }
        Task& c = task(child);
        c.parent = parent;
        c.parentComm = std::string(field(at.payload, "comm=", " pid="));
        c.comm = std::string(field(at.payload, "child_comm=", " child_pid="));
    } else if (e == "sched:sched_process_exec") {
        std::int64_t pid = 0;
        if (number(at.payload, " pid=", pid) && pid > 0) {
            Task& t = task(pid);
            t.exec = true;
            t.comm = std::string(at.comm);
        }
    } else if (e.starts_with("sched:")) {
        // sched_stat_runtime, sched_process_exit/free/wait, sched_stat_*: nothing to draw.
    } else {
        ++m_otherEvents[std::string(e)];
    }
}

// The line's header is the task that was running on its CPU. When that is not the one the
// last sched_switch put there, a switch was lost: the one we thought ran is made runnable.
void Reader::resync(const Header& h) {
    if (h.tid < 0) return; // ":-1": the task is already dead
    std::int64_t& current = m_current[std::size_t(h.cpu)];
    const std::int64_t before = current;
    if (before == h.tid) return;
    if (before >= 0) {
        if (m_resyncs++ == 0) m_firstResync = m_line;
        if (before > 0)
            if (Task* old = find(before);
                old && old->known() && !old->ended && old->state() == ThreadState::Working)
                set(*old, h.time, ThreadState::Runnable);
    }
    current = h.tid;
    if (h.tid == 0) return;
    Task& t = task(h.tid);
    if (t.comm.empty()) t.comm = std::string(h.comm);
    // First seen running: it has run since the recording began (a switch-in would show).
    if (!t.known())
        set(t, m_first, ThreadState::Working);
    else if (before >= 0 && (t.ended || t.state() != ThreadState::Working))
        set(t, h.time, ThreadState::Working);
}

void Reader::switched(const Header& h) {
    const std::string_view p = h.payload;
    std::int64_t prev = 0, next = 0;
    if (!number(p, "prev_pid=", prev) || !number(p, "next_pid=", next)) {
        unparsed(p);
        return;
    }
    const std::string_view prevState = field(p, "prev_state=", " ==> ");
    if (prev > 0) {
        Task& t = task(prev);
        t.comm = std::string(field(p, "prev_comm=", " prev_pid="));
        if (!t.known()) set(t, m_first, ThreadState::Working);
        ThreadState s = ThreadState::Waiting;
        Reason r = Reason::None;
        bool exited = false;
        switchedOutAs(prevState, s, r, exited);
        if (exited) {
            set(t, h.time, ThreadState::Exited);
            t.ended = true;
            t.pending = false;
        } else {
            set(t, h.time, s, r);
        }
    }
    m_current[std::size_t(h.cpu)] = next;
    if (next <= 0) return;
    Task& t = task(next);
    const std::string_view comm = field(p, "next_comm=", " next_pid=");
    if (t.comm != comm) t.comm = std::string(comm);
    set(t, h.time, ThreadState::Working);
    if (t.pending) {
        m_wakeups.push_back(Wakeup{t.wokenAt, h.time, t.waker, next, t.wakeCpu, t.pendingNew});
        t.pending = false;
    }
}

// A waking: runnable from now, and an arrow from the task on this CPU to the woken one's
// next switch-in. A second waking before that switch-in adds nothing: the first woke it.
void Reader::woken(const Header& h, bool created) {
    std::int64_t pid = 0;
    if (!number(h.payload, " pid=", pid) && !number(h.payload, "pid=", pid)) {
        unparsed(h.payload);
        return;
    }
    if (pid <= 0) return; // the idle task
    Task& t = task(pid);
    if (t.comm.empty()) t.comm = std::string(field(h.payload, "comm=", " pid="));
    if (t.known() && !t.ended && t.state() == ThreadState::Working) return; // still on a CPU
    if (t.pending) return;
    set(t, h.time, ThreadState::Runnable, created ? Reason::Created : Reason::Woken);
    t.pending = true;
    t.pendingNew = created;
    t.wokenAt = h.time;
    t.waker = h.tid >= 0 ? h.tid : m_current[std::size_t(h.cpu)];
    if (t.waker < 0) t.waker = kNone;
    t.wakeCpu = h.cpu;
}

// perf script --show-task-events: "PERF_RECORD_FORK(pid:tid):(ppid:ptid)",
// "PERF_RECORD_COMM[ exec]: comm:pid/tid". They say which process a thread is in.
void Reader::taskEvent(const Header& h) {
    const std::string_view e = h.event;
    if (e.starts_with("PERF_RECORD_FORK(")) {
        std::string_view s = e.substr(17);
        std::int64_t pid = 0, tid = 0;
        if (number(s, "", pid) && s.find(':') != std::string_view::npos) {
            s.remove_prefix(s.find(':') + 1);
            if (number(s, "", tid) && tid > 0) task(tid).pid = pid;
        }
    } else if (e == "PERF_RECORD_COMM" || e == "PERF_RECORD_COMM exec") {
        // The payload ends in "comm:pid/tid", after "exec: " for an exec.
        std::string_view p = h.payload;
        if (p.starts_with("exec: ")) p.remove_prefix(6);
        const std::size_t colon = p.rfind(':');
        const std::size_t slash = p.rfind('/');
        if (colon == std::string_view::npos || slash == std::string_view::npos || slash < colon)
            return;
        std::string_view pidText = p.substr(colon + 1, slash - colon - 1);
        std::string_view tidText = p.substr(slash + 1);
        std::int64_t pid = 0, tid = 0;
        if (!number(pidText, "", pid) || !number(tidText, "", tid) || tid <= 0) return;
        Task& t = task(tid);
        t.pid = pid;
        t.comm = std::string(p.substr(0, colon));
    }
}

} // namespace tl::perf
