#include "analysis/causality.h"

#include "analysis/levelrules.h"
#include "analysis/linkrules.h"
#include "model/timefmt.h"

#include <algorithm>

namespace tl {

namespace {

bool isLockKind(ObjectKind k) {
    return k == ObjectKind::Mutex || k == ObjectKind::RwLock || k == ObjectKind::Gil;
}

} // namespace

std::vector<Link> objectLinks(const Trace& trace, std::size_t object) {
    const EventStream& s = trace.objectEvents(object);
    LinkRules rules(s, trace.object(object).kind);
    std::vector<Link> out;
    for (std::size_t i = 0, n = s.size(); i < n; ++i)
        if (const LinkRules::Found f = rules.step(i, s[i])) out.push_back({int(object), f.from, i});
    return out;
}

std::vector<std::int64_t> objectLevels(const Trace& trace, std::size_t object) {
    const EventStream& s = trace.objectEvents(object);
    const ObjectInfo& info = trace.object(object);
    // One read of the size: a live trace grows while this runs.
    const std::size_t n = s.size();
    std::vector<std::int64_t> out(n);
    ObjectLevel level = initialLevel(info);
    for (std::size_t i = 0; i < n; ++i) {
        applyOperation(info.kind, s[i], level);
        out[i] = level.count;
    }
    return out;
}

std::optional<WaitCause> causeOfWait(const Trace& trace, std::size_t thread, std::size_t interval) {
    const Trace::Interval iv = trace.interval(thread, interval);
    if ((iv.state != ThreadState::Blocked && iv.state != ThreadState::Waiting) || iv.object < 0)
        return std::nullopt;
    WaitCause c;
    c.object = iv.object;
    const EventStream& s = trace.objectEvents(std::size_t(iv.object));
    const std::size_t n = s.size();
    // The waiter's own operation that ended the wait: its first one at or after the end
    // (a hand-off is recorded when it happens, which may be before the waiter runs again).
    const std::size_t from = s.lowerBound(iv.range.start, n);
    for (std::size_t i = from; i < n; ++i) {
        const Event& e = s[i];
        if (e.time > iv.range.end) break;
        if (e.ref == thread && e.time >= iv.range.start &&
            (e.op() == Op::Lock || e.op() == Op::Get || e.op() == Op::Acquire ||
             e.op() == Op::Pass || e.op() == Op::Wake || e.op() == Op::Put || e.op() == Op::Join ||
             e.op() == Op::Timeout))
            c.ended = i;
    }
    if (c.ended) {
        for (const Link& l : objectLinks(trace, std::size_t(iv.object)))
            if (l.to == *c.ended) {
                c.link = l;
                break;
            }
    }
    if (isLockKind(trace.object(std::size_t(iv.object)).kind)) {
        int owner = -1;
        for (std::size_t i = 0; i < n && s[i].time <= iv.range.start; ++i)
            owner = s[i].op() == Op::Lock ? int(s[i].ref) : s[i].op() == Op::Unlock ? -1 : owner;
        c.holderAtStart = owner;
    }
    return c;
}

std::string describeWait(const Trace& trace, std::size_t thread, std::size_t interval) {
    const Trace::Interval iv = trace.interval(thread, interval);
    std::string out = std::string(stateName(iv.state)) + " " + readableTime(iv.range.delta());
    if (iv.object < 0) return out;
    out += " on " + trace.object(std::size_t(iv.object)).name;
    if (iv.reason != Reason::None && iv.reason != Reason::Lock)
        out += " (" + std::string(reasonName(iv.reason)) + ")";
    const auto cause = causeOfWait(trace, thread, interval);
    if (!cause) return out;
    if (cause->holderAtStart >= 0)
        out += ", held by " + trace.thread(std::size_t(cause->holderAtStart)).name;
    if (cause->link) {
        const Event& e = trace.objectEvents(std::size_t(cause->object))[cause->link->from];
        out += ", woken by " + trace.thread(e.ref).name + "'s " + std::string(opName(e.op()));
        if (e.op() == Op::Put) out += " of item " + std::to_string(e.value);
    }
    return out;
}

DeadlockReport analyseDeadlock(const Trace& trace) {
    DeadlockReport r;
    const std::size_t threads = trace.threadCount();
    // What each unfinished thread waits for, and who holds each lock at the end.
    std::vector<int> waitsFor(threads, -1);
    for (std::size_t t = 0; t < threads; ++t) {
        const std::size_t n = trace.intervalCount(t);
        if (n == 0 || trace.threadEvents(t).size() > n) // ended (its last event is Exited)
            continue;
        const Trace::Interval last = trace.interval(t, n - 1);
        if ((last.state == ThreadState::Blocked || last.state == ThreadState::Waiting) &&
            last.object >= 0)
            waitsFor[t] = last.object;
    }
    std::vector<int> holder(trace.objectCount(), -1);
    for (std::size_t o = 0; o < trace.objectCount(); ++o) {
        if (!isLockKind(trace.object(o).kind)) continue;
        const EventStream& s = trace.objectEvents(o);
        for (std::size_t i = 0; i < s.size(); ++i)
            holder[o] = s[i].op() == Op::Lock && !(s[i].arg & OpFlagShared)     ? int(s[i].ref)
                        : s[i].op() == Op::Unlock && !(s[i].arg & OpFlagShared) ? -1
                                                                                : holder[o];
    }
    // Follow waits-for -> held-by from each thread; a revisit closes a cycle.
    for (std::size_t start = 0; start < threads && !r.cycle; ++start) {
        std::vector<int> path;
        std::vector<int> seenAt(threads, -1);
        int t = int(start);
        while (t >= 0 && waitsFor[std::size_t(t)] >= 0 && seenAt[std::size_t(t)] < 0) {
            seenAt[std::size_t(t)] = int(path.size());
            path.push_back(t);
            t = holder[std::size_t(waitsFor[std::size_t(t)])];
        }
        if (t >= 0 && seenAt[std::size_t(t)] >= 0) {
            r.threads.assign(path.begin() + seenAt[std::size_t(t)], path.end());
            r.cycle = true;
        }
    }
    if (r.cycle) {
        for (const int t : r.threads)
            r.objects.push_back(waitsFor[std::size_t(t)]);
        // "philosopher 1 holds fork 1 and waits for fork 2, held by philosopher 2, who waits
        // for fork 3, held by ..., held by philosopher 1."
        auto name = [&](int t) { return trace.thread(std::size_t(t)).name; };
        auto obj = [&](int o) { return trace.object(std::size_t(o)).name; };
        const std::size_t k = r.threads.size();
        r.text = "deadlock: " + name(r.threads[0]) + " holds " + obj(r.objects[k - 1]) +
                 " and waits for " + obj(r.objects[0]);
        for (std::size_t i = 1; i < k; ++i)
            r.text += ", held by " + name(r.threads[i]) + ", who waits for " + obj(r.objects[i]);
        r.text += ", held by " + name(r.threads[0]) + ". Nobody can go on.";
        return r;
    }
    r.text = "deadlock: no thread can go on.";
    for (std::size_t t = 0; t < threads; ++t) {
        if (waitsFor[t] < 0) continue;
        r.threads.push_back(int(t));
        r.objects.push_back(waitsFor[t]);
        r.text += " " + trace.thread(t).name + " waits for " +
                  trace.object(std::size_t(waitsFor[t])).name;
        if (holder[std::size_t(waitsFor[t])] >= 0)
            r.text += " (held by " +
                      trace.thread(std::size_t(holder[std::size_t(waitsFor[t])])).name + ")";
        r.text += ";";
    }
    if (r.text.back() == ';') r.text.back() = '.';
    return r;
}

} // namespace tl
