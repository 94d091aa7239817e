#include "analysis/variables.h"

#include "analysis/summary.h"
#include "model/timefmt.h"
#include "scenario/expr.h"

#include <algorithm>

namespace tl {

std::vector<LostUpdate> findLostUpdates(const Trace& trace, std::size_t object) {
    std::vector<LostUpdate> out;
    if (trace.object(object).kind != ObjectKind::Variable) return out;
    const EventStream& s = trace.objectEvents(object);
    const std::size_t n = s.size();                // once: a live trace grows meanwhile
    constexpr std::size_t kNone = std::size_t(-1); // the initial value
    constexpr std::size_t kStop = std::size_t(-2); // a plain write: it builds on nothing
    // For each store, the store whose value it was computed from: for a write computed from
    // the thread's own read, the store that read saw; for an atomic operation, the store
    // just before it.
    struct Store {
        std::size_t index, base, read;
        std::int64_t added; // its value less the one it was computed from
    };
    std::vector<Store> stores;
    struct Reader {
        std::size_t read = kNone, saw = kNone;
    };
    std::vector<Reader> readers(trace.threadCount());
    std::size_t last = kNone; // the latest store, as an index into `stores`
    for (std::size_t i = 0; i < n; ++i) {
        const Event& e = s[i];
        if (e.ref >= readers.size()) continue;
        Reader& r = readers[e.ref];
        if (e.op() == Op::Read) {
            r = {i, last};
            continue;
        }
        if (!storesValue(e.op())) continue;
        const std::int64_t before =
            last == kNone ? trace.object(object).capacity : signedValue(s[stores[last].index]);
        if (e.op() == Op::Write && (e.arg & OpFlagUpdate) && r.read != kNone)
            stores.push_back(
                {i, r.saw, r.read, signedValue(e) - std::int64_t(signedValue(s[r.read]))});
        else if (e.op() == Op::Write)
            stores.push_back({i, kStop, r.read, signedValue(e) - before});
        else
            stores.push_back({i, last, kNone, signedValue(e) - before});
        r = {};
        last = stores.size() - 1;
    }
    // The value at the end descends from a chain of stores, each computed from the one
    // before in the chain. A write computed from a stale read jumps back past the stores
    // since that read: those are lost, for good, at that write. A store another one built on
    // later is not (its thread's increment lives on in the value).
    std::vector<std::size_t> chain; // from the last store back
    for (std::size_t k = last; k != kNone && k != kStop; k = stores[k].base)
        chain.push_back(k);
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
        const Store& st = stores[*it];
        if (st.base != kStop && st.read != kNone)
            for (std::size_t j = st.base == kNone ? 0 : st.base + 1; j < *it; ++j)
                out.push_back({int(object), st.read, st.index, stores[j].index, stores[j].added});
    }
    return out;
}

std::vector<LostUpdate> findLostUpdates(const Trace& trace) {
    std::vector<LostUpdate> out;
    for (std::size_t o = 0, n = trace.objectCount(); o < n; ++o) {
        std::vector<LostUpdate> v = findLostUpdates(trace, o);
        out.insert(out.end(), v.begin(), v.end());
    }
    return out;
}

std::string lostWord(const Trace&, const LostUpdate& lost) {
    return lost.added == 1 ? "increment" : lost.added == -1 ? "decrement" : "update";
}

std::string describeLostUpdate(const Trace& trace, const LostUpdate& lost) {
    const EventStream& s = trace.objectEvents(std::size_t(lost.variable));
    const Event& write = s[lost.write];
    const Event& over = s[lost.overwritten];
    const std::string& loser = trace.thread(over.ref).name;
    return trace.thread(write.ref).name + " wrote " + std::to_string(signedValue(write)) +
           " over " + loser + "'s " + std::to_string(signedValue(over)) + ": " + loser + "'s " +
           lostWord(trace, lost) + " is lost";
}

std::string describeAssertFailure(const Trace& trace, std::size_t assertion, std::size_t index,
                                  TimeSpelling spelling) {
    const EventStream& s = trace.objectEvents(assertion);
    const Event& e = s[index];
    const std::string& condition = trace.object(assertion).name;
    std::string out = trace.thread(e.ref).name + "'s assert " + condition + " failed at " +
                      exactTime(e.time, spelling);
    // The values come in the order the condition names them, each name once.
    std::vector<std::string> names;
    try {
        for (const ExprNames::Name& n : exprNames(condition).names)
            if (std::find(names.begin(), names.end(), n.text) == names.end())
                names.push_back(n.text);
    } catch (const ExprError&) {
        // A file from elsewhere may name its assertion anyhow: the values without names.
    }
    std::string values;
    for (std::size_t i = index, k = 0; i < s.size(); ++i, ++k) {
        if (i > index && !(s[i].arg & OpFlagMore)) break;
        if (names.empty() && i == index && s[i].value == 0 &&
            !(i + 1 < s.size() && (s[i + 1].arg & OpFlagMore)))
            break; // a condition without names: no values to give
        values += (values.empty() ? "" : ", ") +
                  (k < names.size() ? names[k] + " = " : std::string()) +
                  std::to_string(signedValue(s[i]));
    }
    return values.empty() ? out : out + ": " + values;
}

std::string variableLine(const Trace& trace, std::size_t object) {
    const ObjectInfo& info = trace.object(object);
    const std::int64_t value = finalValue(trace, object);
    std::string line = info.name + " = " + std::to_string(value);
    if (!info.hasExpected) return line;
    line += ", expected " + std::to_string(info.expected);
    if (value == info.expected) return line;
    // Each update lost took exactly what its overwritten store added; when that accounts for
    // the difference, it is said in those words.
    const std::vector<LostUpdate> lost = findLostUpdates(trace, object);
    if (lost.empty()) return line;
    std::string word = lostWord(trace, lost.front());
    for (const LostUpdate& l : lost)
        if (lostWord(trace, l) != word) word = "update";
    const std::int64_t step = word == "increment" ? 1 : word == "decrement" ? -1 : 0;
    if (step != 0 && info.expected - value == step * std::int64_t(lost.size()))
        return line + ": " + countOf(lost.size(), word + " lost", word + "s lost");
    return line + " (" + countOf(lost.size(), "update", "updates") + " lost)";
}

std::string expectationLine(const Trace& trace) {
    const auto& e = trace.expectation();
    if (!e) return {};
    if (e->held) return e->text + " holds";
    std::string values;
    for (std::size_t o = 0, n = trace.objectCount(); o < n; ++o)
        if (trace.object(o).kind == ObjectKind::Variable)
            values += (values.empty() ? "" : ", ") + trace.object(o).name + " = " +
                      std::to_string(finalValue(trace, o));
    return e->text + " does not hold" + (values.empty() ? "" : ": " + values);
}

} // namespace tl
