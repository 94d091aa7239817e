#include "analysis/narration.h"

#include "analysis/causality.h"
#include "analysis/variables.h"
#include "model/slices.h"

#include <charconv>

namespace tl {

namespace {

std::string quoted(const std::string& s) {
    return "\"" + s + "\"";
}

std::string objectPhrase(const ObjectInfo& o) {
    switch (o.kind) {
    case ObjectKind::Mutex:
        return "lock " + quoted(o.name);
    case ObjectKind::Queue:
        return "queue " + quoted(o.name);
    case ObjectKind::Semaphore:
        return "semaphore " + quoted(o.name);
    case ObjectKind::Barrier:
        return "barrier " + quoted(o.name);
    case ObjectKind::Condition:
        return "condition " + quoted(o.name);
    case ObjectKind::Event:
        return "event " + quoted(o.name);
    case ObjectKind::RwLock:
        return "readers-writer lock " + quoted(o.name);
    case ObjectKind::Gil:
        return "the GIL";
    case ObjectKind::Threads:
        return "a thread";
    case ObjectKind::Variable:
        return quoted(o.name);
    case ObjectKind::Fences:
        return "a fence";
    case ObjectKind::Assertion:
        return "the assert " + o.name;
    }
    return quoted(o.name);
}

int holderAt(const Trace& trace, std::size_t object, Time t) {
    const EventStream& s = trace.objectEvents(object);
    int owner = -1;
    for (std::size_t i = 0, n = s.size(); i < n && s[i].time <= t; ++i)
        if (!(s[i].arg & OpFlagShared))
            owner = s[i].op() == Op::Lock ? int(s[i].ref) : s[i].op() == Op::Unlock ? -1 : owner;
    return owner;
}

// A read, write or atomic operation on a variable; `before` is the value it held before.
std::string narrateAccess(const Trace& trace, std::size_t object, std::size_t index,
                          std::int64_t before) {
    const EventStream& s = trace.objectEvents(object);
    const Event& e = s[index];
    const std::string who = trace.thread(e.ref).name;
    const std::string name = quoted(trace.object(object).name);
    const std::string v = std::to_string(signedValue(e));
    switch (e.op()) {
    case Op::Read:
        return who + " reads " + name + ": " + v;
    case Op::Write: {
        std::string out = who + " writes " + v + " to " + name;
        if (!(e.arg & OpFlagUpdate)) return out;
        // Computed from its own read: was that read stale by now? The latest store by
        // another thread since it is the one this write overwrites.
        for (std::size_t i = index; i-- > 0;) {
            const Event& x = s[i];
            if (x.ref == e.ref && (x.op() == Op::Read || storesValue(x.op()))) break;
            if (x.ref != e.ref && storesValue(x.op())) {
                const std::string other = trace.thread(x.ref).name;
                return out + ", computed from a value it read before " + other + " wrote " +
                       std::to_string(signedValue(x)) + ": " + other + "'s update is lost";
            }
        }
        return out + ", computed from the value it read";
    }
    case Op::FetchAdd:
        return who + " adds " + std::to_string(signedValue(e) - before) + " to " + name +
               " atomically: " + std::to_string(before) + " becomes " + v;
    case Op::Exchange:
        return who + " swaps " + v + " into " + name + " atomically; it held " +
               std::to_string(before);
    case Op::CasOk:
        return who + "'s compare-exchange finds " + name + " at " + std::to_string(before) +
               ", as expected, and stores " + v;
    case Op::CasFailed:
        return who + "'s compare-exchange finds " + name + " at " + v +
               ", not the value it expected: it stores nothing";
    default:
        return who + " " + std::string(opName(e.op())) + " " + name;
    }
}

// The value of a number field of a flat JSON object as our readers write args ("cpu":1), or -1.
long numberField(std::string_view json, std::string_view key) {
    std::string pattern;
    pattern.reserve(key.size() + 3);
    pattern += '"';
    pattern += key;
    pattern += "\":";
    const auto at = json.find(pattern);
    if (at == std::string_view::npos) return -1;
    long v = -1;
    const char* first = json.data() + at + pattern.size();
    std::from_chars(first, json.data() + json.size(), v);
    return v;
}

// ", woken by ..." for a state that a wakeup ended or began, or "".
std::string wokenClause(const Trace& trace, std::size_t thread, const Trace::Interval& iv) {
    if (!trace.foreign()) return {};
    if (iv.state == ThreadState::Runnable) {
        if (iv.reason != Reason::Woken && iv.reason != Reason::Created) return {};
        return wokenBy(trace, thread, iv.range.end);
    }
    if (iv.state == ThreadState::Working) return wokenBy(trace, thread, iv.range.start);
    return {};
}

// A scheduler trace's wait without an object: what the kernel recorded at the switch-out.
std::string kernelWait(Reason r) {
    switch (r) {
    case Reason::Sleep:
        return " sleeps in the kernel (S: a futex such as a contended mutex, a timer, a poll)";
    case Reason::KernelIdle:
        return ", a kernel thread, idles (I)";
    case Reason::Stopped:
        return " is stopped by a signal or a tracer (T)";
    case Reason::Parked:
        return ", a kernel thread, is parked (P)";
    default:
        return " waits";
    }
}

std::string narrateStateAlone(const Trace& trace, std::size_t thread, const Trace::Interval& iv) {
    const std::string who = trace.thread(thread).name;
    const ObjectInfo* o = iv.object >= 0 ? &trace.object(std::size_t(iv.object)) : nullptr;
    switch (iv.state) {
    case ThreadState::Working:
        return who + " works on the CPU";
    case ThreadState::Io:
        if (iv.reason == Reason::Uninterruptible)
            return who + " waits in the kernel, uninterruptible (D: the disk, a page fault, some "
                         "kernel locks); it needs no core meanwhile";
        return who + " waits for I/O (it needs no core meanwhile)";
    case ThreadState::Sleeping:
        return who + " sleeps";
    case ThreadState::Runnable:
        if (iv.reason == Reason::Turn)
            return who + " is ready to run, and waits for its turn in the schedule";
        return who + " is ready to run, but no core is free";
    case ThreadState::Running:
        return who + " does a little bookkeeping";
    case ThreadState::Exited:
        return who + " ends";
    case ThreadState::Blocked: {
        if (!o) return who + " is blocked";
        std::string s = who + " is blocked: " + objectPhrase(*o);
        if (iv.reason == Reason::ReadLock)
            s += " is held by a writer (or writers go first)";
        else if (iv.reason == Reason::Gil)
            s = who + " waits for the GIL to run Python code";
        else {
            const int h = holderAt(trace, std::size_t(iv.object), iv.range.start);
            s += h >= 0 ? " is held by " + trace.thread(std::size_t(h)).name : " is taken";
        }
        return s;
    }
    case ThreadState::Waiting: {
        if (!o) return who + kernelWait(iv.reason);
        switch (iv.reason) {
        case Reason::QueueEmpty:
            return who + " waits: " + objectPhrase(*o) + " is empty";
        case Reason::QueueFull:
            return who + " waits: " + objectPhrase(*o) + " is full (" +
                   std::to_string(o->capacity) + " of " + std::to_string(o->capacity) + ")";
        case Reason::NoPermits:
            return who + " waits: " + objectPhrase(*o) + " has no permit left";
        case Reason::Barrier:
            return who + " waits at " + objectPhrase(*o) + " for the other parties to arrive";
        case Reason::Condition:
            return who + " waits on " + objectPhrase(*o) + " until notified";
        case Reason::Event:
            return who + " waits for " + objectPhrase(*o) + " to be set";
        case Reason::Join:
            return who + " waits for a thread to finish (join)";
        default:
            return who + " waits on " + objectPhrase(*o);
        }
    }
    }
    return who;
}

} // namespace

std::string wokenBy(const Trace& trace, std::size_t thread, Time time) {
    if (!trace.foreign()) return {};
    const SliceData& d = trace.slices();
    const long f = d.flowInto(thread, time);
    if (f < 0) return {};
    const Flow& flow = d.flows[std::size_t(f)];
    const std::string_view args = d.text(flow.args);
    const long cpu = numberField(args, "cpu");
    std::string who;
    if (flow.fromThread >= 0 && std::size_t(flow.fromThread) < trace.threadCount()) {
        const auto from = std::size_t(flow.fromThread);
        who = trace.thread(from).name;
        if (from < d.threads.size()) who += " (tid " + std::to_string(d.threads[from].tid) + ")";
    } else if (args.find("\"waker\":\"idle\"") != std::string_view::npos) {
        who = "an idle CPU (an interrupt)";
    } else {
        const long tid = numberField(args, "waker_tid");
        who = tid >= 0 ? "tid " + std::to_string(tid) : "another task";
    }
    std::string text = (d.name(flow.label) == "wakeup_new" ? "started by " : "woken by ") + who;
    if (cpu >= 0) text += " on CPU " + std::to_string(cpu);
    return text;
}

std::string narrateState(const Trace& trace, std::size_t thread, std::size_t interval) {
    const Trace::Interval iv = trace.interval(thread, interval);
    // A scheduler trace's sleep ends at the wakeup whose arrow ends on the switch-in after
    // the runnable span that follows: "... until woken by worker 2 (tid 12) on CPU 1".
    if (trace.foreign() && (iv.state == ThreadState::Waiting || iv.state == ThreadState::Io) &&
        interval + 1 < trace.intervalCount(thread)) {
        const Trace::Interval next = trace.interval(thread, interval + 1);
        if (next.state == ThreadState::Runnable && next.reason == Reason::Woken) {
            const std::string by = wokenBy(trace, thread, next.range.end);
            if (!by.empty()) return narrateStateAlone(trace, thread, iv) + ", until " + by;
        }
    }
    const std::string woken = wokenClause(trace, thread, iv);
    if (woken.empty()) return narrateStateAlone(trace, thread, iv);
    if (iv.state == ThreadState::Runnable)
        return trace.thread(thread).name + " is " + woken + " and waits for a free core";
    return narrateStateAlone(trace, thread, iv) + ", " + woken;
}

std::string narrateOperation(const Trace& trace, std::size_t object, std::size_t index,
                             const std::vector<std::int64_t>& given) {
    const std::vector<std::int64_t> computed =
        given.empty() ? objectLevels(trace, object) : std::vector<std::int64_t>{};
    const std::vector<std::int64_t>& levels = given.empty() ? computed : given;
    const Event& e = trace.objectEvents(object)[index];
    const ObjectInfo& o = trace.object(object);
    const std::string who = trace.thread(e.ref).name;
    const std::string what = objectPhrase(o);
    const std::int64_t level = index < levels.size() ? levels[index] : 0;
    const bool waited = e.arg & OpFlagWaited;
    const bool shared = e.arg & OpFlagShared;
    auto target = [&] {
        return e.value < trace.threadCount() ? trace.thread(e.value).name
                                             : "thread " + std::to_string(e.value + 1);
    };
    switch (e.op()) {
    case Op::Lock:
        if (o.kind == ObjectKind::Gil)
            return who + " takes the GIL" + (waited ? " after waiting for it" : "");
        return who + (shared ? " takes a read lock on " : " locks ") + what +
               (waited ? " after waiting for it" : "") +
               (shared ? "; " + std::to_string(e.value) + " reading now" : "");
    case Op::Unlock:
        if (o.kind == ObjectKind::Gil) return who + " lets go of the GIL";
        return who + (shared ? " drops its read lock on " : " unlocks ") + what;
    case Op::TrylockFailed:
        return who + " tries " + what + ", but it is taken: no wait, try again later";
    case Op::Put:
        return who + " puts item " + std::to_string(e.value) + "; the queue now holds " +
               std::to_string(level) + " of " + std::to_string(o.capacity);
    case Op::Get:
        if (e.arg & OpFlagClosed) return who + " finds " + what + " closed and empty, and stops";
        return who + " gets item " + std::to_string(e.value) + "; " + std::to_string(level) +
               " left in the queue";
    case Op::Close:
        return who + " closes " + what + ": no more items will come";
    case Op::Acquire:
        return who + " takes a permit of " + what + "; " + std::to_string(level) + " of " +
               std::to_string(o.capacity) + " left";
    case Op::Release:
        return who + " gives back a permit of " + what + "; " + std::to_string(level) + " free";
    case Op::Arrive:
        return who + " arrives at " + what + " (" + std::to_string(level) + " of " +
               std::to_string(o.capacity) + " there)";
    case Op::Pass:
        if (e.arg & OpFlagBroken) return who + " leaves " + what + ": it is broken";
        return who + " passes " + what + " (phase " + std::to_string(e.value + 1) + ")";
    case Op::Wait:
        return who + " waits on " + what;
    case Op::Notify:
        return who + " notifies " + what + ": " +
               (e.value ? "wakes one waiter" : "nobody is waiting");
    case Op::NotifyAll:
        return who + " notifies everyone on " + what + ": wakes " + std::to_string(e.value) +
               (e.value == 1 ? " waiter" : " waiters");
    case Op::Wake:
        return who + " wakes up on " + what;
    case Op::Set:
        return who + " sets " + what + ": every waiter may go";
    case Op::Clear:
        return who + " clears " + what;
    case Op::Timeout:
        return who + " gives up waiting on " + what + " (timeout)";
    case Op::Spawn:
        return who + " starts " + target();
    case Op::Join:
        return who + " joins " + target() + ", which has finished";
    case Op::Abort:
        return who + " aborts " + what + ": everyone waiting leaves";
    case Op::Read:
    case Op::Write:
    case Op::FetchAdd:
    case Op::Exchange:
    case Op::CasOk:
    case Op::CasFailed: {
        const std::int64_t before =
            index > 0 && index - 1 < levels.size() ? levels[index - 1] : o.capacity;
        return narrateAccess(trace, object, index, before);
    }
    case Op::Fence:
        return who + " passes a fence: what it did before is seen before what it does after";
    case Op::AssertFailed:
        if (e.arg & OpFlagMore) return "(a value of " + who + "'s failed assert)";
        return describeAssertFailure(trace, object, index, TimeSpelling::App);
    }
    return who + " " + std::string(opName(e.op())) + " " + what;
}

} // namespace tl
