// What the explorer reads off a machine: how a finished run ended, which operations may be
// reordered, data races, goals, and the default choice.
#include "experiment/exploreimpl.h"

namespace tl::explorer {

namespace {

bool expectHolds(const SimStepper& s) {
    const Program& p = s.program();
    for (std::size_t o = 0; o < p.objects.size(); ++o) {
        const ObjectInfo& info = p.objects[o].info;
        if (info.kind == ObjectKind::Variable && info.hasExpected &&
            s.value(int(o)) != info.expected)
            return false;
    }
    if (!p.hasExpect) return true;
    try {
        return conditionHolds(p.expect, [&](int object) { return s.value(object); });
    } catch (const ExprError&) {
        return false; // the engines say the same (settleExpectation)
    }
}

bool holds(const CompiledCondition& c, const SimStepper& s) {
    try {
        return conditionHolds(c, [&](int object) { return s.value(object); });
    } catch (const ExprError&) {
        return false;
    }
}

bool isVariableAccess(Code c) {
    return c == Code::Read || c == Code::Write || c == Code::FetchAdd || c == Code::Exchange ||
           c == Code::CompareExchange;
}

// The objects a thread's next operation touches, and whether it changes any of them.
struct Touch {
    int objects[4] = {-1, -1, -1, -1};
    int count = 0;
    bool write = true;
    bool everything = false; // spawn and join, and an assert that looks at many variables
};

Touch touchOf(const SimStepper& s, int thread) {
    Touch t;
    const Instr& in = s.next(thread);
    if (s.timingOut(thread)) {
        t.objects[t.count++] = in.object;
        return t;
    }
    const Program& p = s.program();
    switch (in.code) {
    case Code::Spawn:
    case Code::Join:
        t.everything = true;
        return t;
    case Code::CondWait:
    case Code::Notify:
    case Code::NotifyAll: // the condition, and the mutex it gives back or hands to a waiter
        t.objects[t.count++] = in.object;
        t.objects[t.count++] = p.objects[std::size_t(in.object)].mutex;
        return t;
    case Code::Assert: {
        const CompiledAssert& a = p.threads[std::size_t(thread)].asserts[std::size_t(in.count)];
        if (a.peeks.size() > 4) {
            t.everything = true;
            return t;
        }
        for (const auto& [var, reg] : a.peeks)
            t.objects[t.count++] = var;
        t.write = false;
        return t;
    }
    case Code::Read:
    case Code::JumpIfNotEmpty:
        t.objects[t.count++] = in.object;
        t.write = false;
        return t;
    default:
        t.objects[t.count++] = in.object;
        return t;
    }
}

} // namespace

End endOf(const SimStepper& s) {
    End e;
    e.end = s.outcome();
    e.assertFailed = s.assertFailures() > 0;
    e.expectHeld = e.end != Outcome::Completed || expectHolds(s);
    const Program& p = s.program();
    for (std::size_t o = 0; o < p.objects.size(); ++o)
        if (p.objects[o].info.kind == ObjectKind::Variable) e.values.push_back(s.value(int(o)));
    return e;
}

std::string endText(const Program& p, const End& e) {
    std::string text = e.end == Outcome::Deadlock ? "deadlock"
                       : e.end == Outcome::Error  ? "error"
                                                  : "";
    auto add = [&](const std::string& part) { text += (text.empty() ? "" : ", ") + part; };
    if (e.assertFailed) add("an assert failed");
    std::size_t v = 0;
    for (const CompiledObject& o : p.objects)
        if (o.info.kind == ObjectKind::Variable && v < e.values.size())
            add(o.info.name + "=" + std::to_string(e.values[v++]));
    return text.empty() ? "completed" : text;
}

bool dependent(const SimStepper& s, int a, int b) {
    const Touch x = touchOf(s, a), y = touchOf(s, b);
    if (x.everything || y.everything) return true;
    if (!x.write && !y.write) return false;
    for (int i = 0; i < x.count; ++i)
        for (int j = 0; j < y.count; ++j)
            if (x.objects[i] == y.objects[j]) return true;
    return false;
}

std::optional<std::pair<int, int>> raceAt(const SimStepper& s, const std::vector<int>& enabled) {
    // Under a GIL every access is made holding it, and its hand-offs order any two of them:
    // nothing races (the check of a timed run says the same), though updates are still lost.
    if (s.gilOn()) return std::nullopt;
    for (std::size_t i = 0; i < enabled.size(); ++i) {
        const Instr& a = s.next(enabled[i]);
        if (!isVariableAccess(a.code) || s.timingOut(enabled[i]) ||
            s.program().objects[std::size_t(a.object)].info.atomic)
            continue;
        for (std::size_t j = i + 1; j < enabled.size(); ++j) {
            const Instr& b = s.next(enabled[j]);
            if (isVariableAccess(b.code) && a.object == b.object &&
                (a.code == Code::Write || b.code == Code::Write))
                return std::pair{enabled[i], enabled[j]};
        }
    }
    return std::nullopt;
}

bool goalReached(const CompiledGoal& g, const SimStepper& s) {
    switch (g.kind) {
    case GoalSpec::Kind::State:
        return holds(g.when, s);
    case GoalSpec::Kind::End:
        return s.finished() && s.outcome() == Outcome::Completed && holds(g.when, s);
    case GoalSpec::Kind::Deadlock:
        return s.finished() && s.outcome() == Outcome::Deadlock;
    case GoalSpec::Kind::AssertFails:
        return s.assertFailures() > 0;
    }
    return false;
}

bool reached(const Target& t, const SimStepper& s, const std::vector<int>& enabled,
             std::optional<std::pair<int, int>>* race) {
    switch (t.kind) {
    case FailureKind::Goal:
        return goalReached(s.program().goals[std::size_t(t.goal)], s);
    case FailureKind::Deadlock:
        return s.finished() && s.outcome() == Outcome::Deadlock;
    case FailureKind::Assert:
        return s.assertFailures() > 0;
    case FailureKind::Error:
        return s.finished() && s.outcome() == Outcome::Error;
    case FailureKind::Expect:
        return s.finished() && s.outcome() == Outcome::Completed && !expectHolds(s);
    case FailureKind::Race: {
        auto r = raceAt(s, enabled);
        if (r && race) *race = r;
        return r.has_value();
    }
    }
    return false;
}

int defaultChoice(const SimStepper& s, int last) {
    if (last >= 0 && s.enabled(last)) return last;
    for (std::size_t t = 0; t < s.threadCount(); ++t)
        if (s.enabled(int(t))) return int(t);
    return -1;
}

} // namespace tl::explorer
