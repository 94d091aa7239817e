#include "analysis/sharedmarks.h"

#include "model/timefmt.h"

namespace tl {

std::shared_ptr<const SharedMarks> findSharedMarks(const Trace& trace) {
    if (!trace.finished()) return nullptr;
    bool shared = false;
    for (std::size_t o = 0, n = trace.objectCount(); o < n && !shared; ++o)
        shared = trace.object(o).kind == ObjectKind::Variable ||
                 trace.object(o).kind == ObjectKind::Assertion;
    if (!shared) return nullptr;
    auto marks = std::make_shared<SharedMarks>();
    for (std::size_t o = 0, n = trace.objectCount(); o < n; ++o) {
        if (trace.object(o).kind != ObjectKind::Assertion) continue;
        const EventStream& s = trace.objectEvents(o);
        for (std::size_t i = 0, k = s.size(); i < k; ++i)
            if (s[i].op() == Op::AssertFailed && !(s[i].arg & OpFlagMore))
                marks->failedAsserts.emplace_back(int(o), i);
    }
    marks->lost = findLostUpdates(trace);
    RaceReport races = findRaces(trace);
    marks->races = std::move(races.races);
    marks->raceTotal = races.total;
    return marks;
}

std::string sharedMarkText(const Trace& trace, const SharedMarks& marks, int object, long index) {
    if (object < 0 || index < 0 || std::size_t(object) >= trace.objectCount()) return {};
    const auto i = std::size_t(index);
    if (trace.object(std::size_t(object)).kind == ObjectKind::Assertion) {
        const EventStream& s = trace.objectEvents(std::size_t(object));
        std::size_t first = i; // a continuation belongs to the failure before it
        while (first > 0 && first < s.size() && (s[first].arg & OpFlagMore))
            --first;
        return first < s.size()
                   ? describeAssertFailure(trace, std::size_t(object), first, TimeSpelling::App)
                   : std::string();
    }
    std::vector<std::string> lines;
    std::size_t losing = 0;
    for (const LostUpdate& l : marks.lost) {
        if (l.variable != object) continue;
        if (l.write == i && losing++ == 0) lines.push_back(describeLostUpdate(trace, l));
        if (l.overwritten == i) lines.push_back(describeLostUpdate(trace, l));
        if (l.staleRead == i && lines.empty()) {
            const EventStream& s = trace.objectEvents(std::size_t(object));
            lines.push_back(trace.thread(s[i].ref).name + " read " +
                            std::to_string(signedValue(s[i])) + " here; by its write at " +
                            readableTime(s[l.write].time) + " that value was out of date");
        }
    }
    // One write can overwrite several stores: said once, with how many.
    if (losing > 1)
        lines.front() += " (and " + std::to_string(losing - 1) + " more lost at this write)";
    for (const Race& r : marks.races)
        if (r.variable == object && (r.first == i || r.second == i)) {
            lines.push_back("Data race: " + describeRace(trace, r, TimeSpelling::App));
            break;
        }
    std::string text;
    for (const std::string& line : lines) {
        if (!text.empty()) text += '\n';
        text += line;
    }
    return text;
}

} // namespace tl
