// The explorer's steps in words: what an enabled thread would do next ("worker 2: read
// counter"), what a step did ("worker 1 reads 0", "philosopher 2 waits for fork 3"), a data
// race, and a whole schedule.
#include "experiment/exploreimpl.h"

namespace tl::explorer {

namespace {

std::string objectName(const SimStepper& s, int object) {
    if (object == s.threadsObject()) return "threads";
    const auto& objects = s.program().objects;
    return object >= 0 && std::size_t(object) < objects.size()
               ? objects[std::size_t(object)].info.name
               : "?";
}

const std::string& threadName(const SimStepper& s, int thread) {
    return s.program().threads[std::size_t(thread)].info.name;
}

std::size_t variableCount(const Program& p) {
    std::size_t n = 0;
    for (const CompiledObject& o : p.objects)
        n += o.info.kind == ObjectKind::Variable;
    return n;
}

bool isRwLock(const SimStepper& s, int object) {
    const auto& objects = s.program().objects;
    return object >= 0 && std::size_t(object) < objects.size() &&
           objects[std::size_t(object)].info.kind == ObjectKind::RwLock;
}

// One operation of the thread's own, or "" for one said by another (the pass of the barrier
// it arrived at, the unlock a condition's wait makes, an assert's further values).
std::string opWords(const SimStepper& s, const StepOp& op, const Instr& at, bool blocked) {
    const std::string x = objectName(s, op.object);
    const std::int32_t v = std::int32_t(op.event.value);
    // With one variable in the scenario, its name goes without saying.
    const bool one = variableCount(s.program()) == 1;
    const bool shared = op.event.arg & OpFlagShared;
    switch (op.event.op()) {
    case Op::Read:
        return "reads " + std::to_string(v) + (one ? "" : " from " + x);
    case Op::Write:
        return "writes " + std::to_string(v) + (one ? "" : " to " + x);
    case Op::FetchAdd:
        return "atomically adds to " + x + " (now " + std::to_string(v) + ")";
    case Op::Exchange:
        return "atomically stores " + std::to_string(v) + " in " + x;
    case Op::CasOk:
        return "compare-exchanges " + x + " to " + std::to_string(v);
    case Op::CasFailed:
        return "fails to compare-exchange " + x + " (it holds " + std::to_string(v) + ")";
    case Op::Lock:
        return (shared ? "read-locks " : "locks ") + x;
    case Op::Unlock:
        return at.code == Code::CondWait ? "" : (shared ? "read-unlocks " : "unlocks ") + x;
    case Op::TrylockFailed:
        return "tries " + x + ", which is held";
    case Op::Put:
        return "puts item " + std::to_string(op.event.value) + " into " + x;
    case Op::Get:
        return "gets item " + std::to_string(op.event.value) + " from " + x;
    case Op::Close:
        return "closes " + x;
    case Op::Acquire:
        return "acquires a permit of " + x;
    case Op::Release:
        return "releases a permit of " + x;
    case Op::Arrive:
        return "arrives at " + x + (blocked ? " and waits" : " and passes");
    case Op::Abort:
        return "aborts " + x;
    case Op::Wait:
        if (at.code == Code::CondWait) return "waits on " + x;
        return blocked ? "waits for " + x : "finds " + x + " set";
    case Op::Notify:
    case Op::NotifyAll:
        return std::string(op.event.op() == Op::Notify ? "notifies " : "notifies all on ") + x +
               " (wakes " + std::to_string(op.event.value) + ")";
    case Op::Set:
        return "sets " + x;
    case Op::Clear:
        return "clears " + x;
    case Op::Timeout:
        return "times out waiting for " + x;
    case Op::Spawn:
        return "starts " + threadName(s, int(op.event.value));
    case Op::Join:
        return "joins " + threadName(s, int(op.event.value));
    case Op::Fence:
        return "fences";
    case Op::AssertFailed:
        return (op.event.arg & OpFlagMore) ? "" : "asserts " + x + ": it fails";
    default:
        return "";
    }
}

// A step that recorded nothing of the thread's own: a look, an assert that held, or a wait.
std::string quietWords(const SimStepper& s, const Instr& at, bool blocked) {
    const std::string x = objectName(s, at.object);
    switch (at.code) {
    case Code::Assert:
        return "asserts " + x + ": it holds";
    case Code::JumpIfNotEmpty:
        return "looks at " + x;
    case Code::Lock:
    case Code::ReadLock:
        return "waits for " + x;
    case Code::Put:
        return "waits for room in " + x;
    case Code::Get:
    case Code::Drain:
        return blocked ? "waits for an item in " + x : "finds " + x + " closed and empty";
    case Code::Acquire:
        return "waits for a permit of " + x;
    case Code::Join:
        return "waits for a thread to end";
    case Code::Close:
        return "arrives to close " + x;
    default:
        return "goes on";
    }
}

} // namespace

std::string nextWords(const SimStepper& s, int thread) {
    const Instr& in = s.next(thread);
    const std::string x = objectName(s, in.object);
    std::string what;
    if (s.timingOut(thread)) {
        what = "time out waiting for " + x;
    } else {
        switch (in.code) {
        case Code::Lock:
            what = (isRwLock(s, in.object) ? "write-lock " : "lock ") + x;
            break;
        case Code::TryLock:
            what = "try to lock " + x;
            break;
        case Code::Unlock:
            what = "unlock " + x;
            break;
        case Code::ReadLock:
            what = "read-lock " + x;
            break;
        case Code::ReadUnlock:
            what = "read-unlock " + x;
            break;
        case Code::Put:
            what = "put into " + x;
            break;
        case Code::Get:
        case Code::Drain:
            what = "get from " + x;
            break;
        case Code::Close:
            what = "close " + x;
            break;
        case Code::Acquire:
            what = "acquire " + x;
            break;
        case Code::Release:
            what = "release " + x;
            break;
        case Code::BarrierWait:
            what = "arrive at " + x;
            break;
        case Code::Abort:
            what = "abort " + x;
            break;
        case Code::CondWait:
            what = "wait on " + x;
            break;
        case Code::Notify:
            what = "notify " + x;
            break;
        case Code::NotifyAll:
            what = "notify all on " + x;
            break;
        case Code::Set:
            what = "set " + x;
            break;
        case Code::Clear:
            what = "clear " + x;
            break;
        case Code::EventWait:
            what = "wait for " + x;
            break;
        case Code::Spawn:
            what = "start a " + s.program().roles[std::size_t(in.object)];
            break;
        case Code::Join:
            what = "join a thread";
            break;
        case Code::JumpIfNotEmpty:
            what = "look at " + x;
            break;
        case Code::Read:
            what = "read " + x;
            break;
        case Code::Write:
            what = "write " + x;
            break;
        case Code::FetchAdd:
            what = "fetch-add " + x;
            break;
        case Code::Exchange:
            what = "exchange " + x;
            break;
        case Code::CompareExchange:
            what = "compare-exchange " + x;
            break;
        case Code::Fence:
            what = "fence";
            break;
        case Code::Assert:
            what = "assert " + x;
            break;
        default:
            what = "go on";
            break;
        }
    }
    return threadName(s, thread) + ": " + what;
}

std::string stepWords(const SimStepper& after, int thread, const Instr& at, bool timedOut) {
    const bool blocked = after.status(thread) == SimStepper::ThreadStatus::Blocked;
    std::string words;
    if (!timedOut)
        for (const StepOp& op : after.lastOps()) {
            if (op.event.ref != thread) continue; // another's, handed over by this step
            const std::string w = opWords(after, op, at, blocked);
            if (!w.empty()) words += (words.empty() ? "" : " and ") + w;
        }
    else
        words = "times out waiting for " + objectName(after, at.object);
    if (words.empty()) words = quietWords(after, at, blocked);
    return threadName(after, thread) + " " + words;
}

std::string raceWords(const SimStepper& s, std::pair<int, int> race) {
    auto access = [&](int t) {
        switch (s.next(t).code) {
        case Code::Read:
            return "read";
        case Code::Write:
            return "write";
        default:
            return "atomic operation";
        }
    };
    return "data race on " + objectName(s, s.next(race.first).object) + ": " +
           threadName(s, race.first) + "'s " + access(race.first) + " and " +
           threadName(s, race.second) + "'s " + access(race.second) + " can come in either order";
}

} // namespace tl::explorer

namespace tl {

std::vector<std::string> describeSchedule(const Program& program,
                                          const std::vector<int>& schedule) {
    std::vector<std::string> out;
    SimStepper s(program);
    for (const int t : schedule) {
        if (t < 0 || std::size_t(t) >= s.threadCount() || !s.enabled(t)) break;
        const Instr at = s.next(t);
        const bool timedOut = s.timingOut(t);
        s.step(t);
        out.push_back(explorer::stepWords(s, t, at, timedOut));
    }
    return out;
}

} // namespace tl
