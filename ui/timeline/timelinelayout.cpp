#include "timeline/timelinelayout.h"

#include "common/timetext.h"
#include "model/slices.h"
#include "model/timefmt.h"
#include "scenario/catalog.h"
#include "timeline/levelindex.h"
#include "timeline/timecoords.h"

#include <QFontMetricsF>
#include <QObject>
#include <QStringList>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>

namespace tl::ui {

namespace {

using namespace spacing;

QString objectDetail(const ObjectInfo& o) {
    QString kind =
        QString::fromUtf8(objectKindName(o.kind).data(), qsizetype(objectKindName(o.kind).size()));
    if (o.atomic) kind = QObject::tr("atomic %1").arg(kind);
    switch (o.kind) {
    case ObjectKind::Queue:
        return o.capacity > 0 ? QStringLiteral("%1, capacity %2").arg(kind).arg(o.capacity) : kind;
    case ObjectKind::Semaphore:
        return QStringLiteral("%1, %2 permits").arg(kind).arg(o.capacity);
    case ObjectKind::Barrier:
        return QStringLiteral("%1, %2 parties").arg(kind).arg(o.capacity);
    case ObjectKind::Variable:
        return o.hasExpected ? QObject::tr("%1, from %2, expected %3")
                                   .arg(kind)
                                   .arg(o.capacity)
                                   .arg(o.expected)
                             : QObject::tr("%1, from %2").arg(kind).arg(o.capacity);
    default:
        return kind;
    }
}

double trackHeight(TrackKind kind, double lane, double line) {
    switch (kind) {
    case TrackKind::Counter:
        return std::round(line * 2.2);
    case TrackKind::Value: // the step chart over the ticks of the accesses
        return std::round(line * 3.4);
    case TrackKind::Owner:
        return lane;
    default:
        return std::round(lane * 0.8);
    }
}

QString fromStd(const std::string& s) {
    return QString::fromStdString(s);
}

} // namespace

int TimelineLayout::rowAt(double bodyY) const {
    auto it = std::upper_bound(rows.begin(), rows.end(), bodyY,
                               [](double y, const LayoutRow& r) { return y < r.top; });
    if (it == rows.begin()) return -1;
    --it;
    return bodyY < it->top + it->height ? int(it - rows.begin()) : -1;
}

namespace {

// The body font, bold for names and headers, larger for a picture's title, smaller for
// details.
void layoutFonts(TimelineLayout& L, const QFont& font) {
    L.font = font;
    L.boldFont = font;
    L.boldFont.setBold(true);
    L.titleFont = L.boldFont;
    if (L.titleFont.pixelSize() > 0)
        L.titleFont.setPixelSize(int(std::lround(L.titleFont.pixelSize() * 1.3)));
    else
        L.titleFont.setPointSizeF(L.titleFont.pointSizeF() * 1.3);
    L.smallFont = font;
    if (L.smallFont.pixelSize() > 0)
        L.smallFont.setPixelSize(std::max(9, int(std::lround(L.smallFont.pixelSize() * 0.88))));
    else
        L.smallFont.setPointSizeF(std::max(7.0, L.smallFont.pointSizeF() * 0.88));
}

// The rows from the top of the body down, and the width their names need.
class RowStack {
public:
    RowStack(const Trace& trace, TimelineLayout& L, double line)
        : m_trace(trace), m_L(L), m_fm(L.font), m_bold(L.boldFont), m_small(L.smallFont),
          m_headerHeight(std::round(line * 1.45)), m_line(line) {}

    double nameWidth() const { return m_nameWidth; }
    double height() const { return m_y; }

    // A section of object tracks, for the objects that have one.
    void objects() {
        std::vector<int> objects;
        for (std::size_t k = 0; k < m_trace.objectCount(); ++k)
            if (trackKind(m_trace.object(k).kind) != TrackKind::None) objects.push_back(int(k));
        if (objects.empty()) return;
        add({LayoutRow::Kind::Section, -1, QObject::tr("Objects"), {}, 0, m_headerHeight});
        widen(m_bold.horizontalAdvance(m_L.rows.back().label));
        for (int k : objects) {
            const ObjectInfo& o = m_trace.object(std::size_t(k));
            if (trackKind(o.kind) == TrackKind::Owner) m_L.threadChips = true;
            LayoutRow row{
                LayoutRow::Kind::Track, k, fromStd(o.name),
                objectDetail(o),        0, trackHeight(trackKind(o.kind), m_L.laneHeight, m_line)};
            widen(kIndent + m_fm.horizontalAdvance(row.label));
            // Tall tracks put the detail under the name, single-line ones after it.
            if (row.height >= m_fm.height() + m_small.height() + 4)
                widen(kIndent + m_small.horizontalAdvance(row.detail));
            else
                widen(kIndent + m_fm.horizontalAdvance(row.label) + 6 +
                      m_small.horizontalAdvance(row.detail.section(QLatin1Char(','), 0, 0)));
            const TrackSpec spec{k, m_y, row.height};
            add(std::move(row));
            m_L.tracks.push_back(spec);
        }
    }

    // Another program's threads, grouped by process in the file's order (sort index, pid),
    // each with its named slices under its lane, then the process's async tracks.
    void processes() {
        const SliceData& d = m_trace.slices();
        m_L.laneOfThread.assign(m_trace.threadCount(), -1);
        m_L.slicesOfThread.assign(m_trace.threadCount(), -1);
        std::vector<std::vector<int>> byProcess(d.processes.size() + 1);
        for (std::size_t t = 0; t < m_trace.threadCount(); ++t) {
            const int p = t < d.threads.size() ? d.threads[t].process : -1;
            byProcess[p < 0 ? d.processes.size() : std::size_t(p)].push_back(int(t));
        }
        std::vector<std::vector<int>> asyncOf(d.processes.size() + 1);
        for (std::size_t k = 0; k < d.async.size(); ++k) {
            const int p = d.async[k].process;
            asyncOf[p < 0 ? d.processes.size() : std::size_t(p)].push_back(int(k));
        }
        std::vector<std::vector<int>> countersOf(d.processes.size() + 1);
        for (std::size_t k = 0; k < d.counters.size(); ++k) {
            const int p = d.counters[k].process;
            countersOf[p < 0 ? d.processes.size() : std::size_t(p)].push_back(int(k));
        }
        // Instants of the whole trace ("s":"g") first, on a row of their own.
        if (!d.globalInstants.empty()) instantsRow(-1, QObject::tr("whole trace"));
        for (std::size_t p = 0; p < byProcess.size(); ++p) {
            const bool instants = p < d.processes.size() && !d.processes[p].instants.empty();
            if (byProcess[p].empty() && asyncOf[p].empty() && countersOf[p].empty() && !instants)
                continue;
            QString name = QObject::tr("other threads");
            if (p < d.processes.size()) {
                const ProcessInfo& info = d.processes[p];
                name = info.name.empty()
                           ? QObject::tr("process %1").arg(info.pid)
                           : QObject::tr("%1 (pid %2)").arg(fromStd(info.name)).arg(info.pid);
            }
            const std::size_t n = byProcess[p].size();
            const QString detail =
                n == 1 ? QObject::tr("1 thread") : QObject::tr("%1 threads").arg(n);
            add({LayoutRow::Kind::RoleHeader, -1, name, detail, 0, m_headerHeight});
            widen(m_bold.horizontalAdvance(name) + 8 + m_small.horizontalAdvance(detail));
            if (instants) instantsRow(int(p), QObject::tr("process instants"));
            for (int t : byProcess[p]) {
                const SliceTrack track = d.threadTrack(std::size_t(t));
                // A thread of slices alone (a Chrome trace has no states) needs no lane.
                if (m_trace.intervalCount(std::size_t(t)) > 0 || track.depth() == 0) lane(t);
                if (track.depth() > 0)
                    sliceRow(LayoutRow::Kind::Slices, t, track.depth(),
                             fromStd(m_trace.thread(std::size_t(t)).name));
            }
            for (int k : asyncOf[p])
                sliceRow(LayoutRow::Kind::Async, k, d.asyncTrack(std::size_t(k)).depth(),
                         fromStd(std::string(d.asyncName(std::size_t(k)))));
            for (int k : countersOf[p])
                counterRow(k);
        }
    }

    // The threads grouped by role, in the order the roles first appear, each under a header.
    void threads() {
        std::vector<std::string> roles;
        std::map<std::string, std::vector<int>> byRole;
        for (std::size_t t = 0; t < m_trace.threadCount(); ++t) {
            const ThreadInfo& info = m_trace.thread(t);
            auto [it, fresh] = byRole.try_emplace(info.role);
            if (fresh) roles.push_back(info.role);
            it->second.push_back(int(t));
        }
        m_L.laneOfThread.assign(m_trace.threadCount(), -1);
        for (const std::string& role : roles) {
            const std::vector<int>& threads = byRole[role];
            const QString detail = threads.size() == 1
                                       ? QObject::tr("1 thread")
                                       : QObject::tr("%1 threads").arg(threads.size());
            add({LayoutRow::Kind::RoleHeader, -1, fromStd(role.empty() ? "threads" : role), detail,
                 0, m_headerHeight});
            widen(m_bold.horizontalAdvance(m_L.rows.back().label) + 8 +
                  m_small.horizontalAdvance(detail));
            for (int t : threads)
                lane(t);
        }
    }

private:
    void sliceRow(LayoutRow::Kind kind, int index, std::size_t depth, QString label) {
        const int levels = int(
            std::min<std::size_t>(std::max<std::size_t>(depth, 1), std::size_t(kMaxSliceLevels)));
        if (kind == LayoutRow::Kind::Slices)
            m_L.slicesOfThread[std::size_t(index)] = int(m_L.rows.size());
        widen(kIndent + m_fm.horizontalAdvance(label));
        LayoutRow row{kind, index, std::move(label), {}, 0, levels * m_L.sliceHeight + 2};
        row.levels = levels;
        add(std::move(row));
    }

    // A counter's series: "heap" with its series ("used") as the detail, a chart as tall as
    // a two-line object track.
    void counterRow(int k) {
        const CounterTrack& c = m_trace.slices().counters[std::size_t(k)];
        LayoutRow row{LayoutRow::Kind::Counter, k, fromStd(c.name),
                      fromStd(c.series),        0, std::round(m_line * 2.2)};
        widen(kIndent + m_fm.horizontalAdvance(row.label));
        widen(kIndent + m_small.horizontalAdvance(row.detail));
        add(std::move(row));
    }

    void instantsRow(int process, QString label) {
        widen(kIndent + m_small.horizontalAdvance(label));
        add({LayoutRow::Kind::Instants, process, std::move(label), {}, 0, m_L.sliceHeight + 2});
    }

    void lane(int t) {
        LayoutRow row{LayoutRow::Kind::Lane, t, fromStd(m_trace.thread(std::size_t(t)).name), {}, 0,
                      m_L.laneHeight};
        widen(kIndent + kChip + m_fm.horizontalAdvance(row.label));
        // Spans leave a gap above and below so neighbouring lanes read as separate.
        const double inset = std::max(2.0, std::round(m_L.laneHeight * 0.14));
        m_L.laneOfThread[std::size_t(t)] = int(m_L.lanes.size());
        m_L.rowOfLane.push_back(int(m_L.rows.size()));
        m_L.lanes.push_back({t, m_y + inset, m_L.laneHeight - 2 * inset});
        add(std::move(row));
    }

    void add(LayoutRow row) {
        row.top = m_y;
        m_y += row.height;
        m_L.rows.push_back(std::move(row));
    }
    void widen(double w) { m_nameWidth = std::max(m_nameWidth, w); }

    const Trace& m_trace;
    TimelineLayout& m_L;
    const QFontMetricsF m_fm, m_bold, m_small;
    const double m_headerHeight, m_line;
    double m_y = 0;
    double m_nameWidth = 0;
};

// The legend: one swatch and label per state, then the operation tick, wrapped to fit;
// from `top` down. Returns its bottom.
// The states a trace's threads are ever in: another program's trace has few (a scheduler
// trace's working, runnable, waiting, io) or none (a Chrome trace's slices), and a legend of
// states it never shows would send the reader looking for them.
std::array<bool, kStateCount> statesPresent(const Trace& trace) {
    std::array<bool, kStateCount> seen{};
    int found = 0;
    for (std::size_t t = 0; t < trace.threadCount() && found < kStateCount; ++t)
        for (std::size_t i = 0, n = trace.intervalCount(t); i < n && found < kStateCount; ++i) {
            const auto s = std::size_t(trace.interval(t, i).state);
            if (s < seen.size() && !seen[s]) {
                seen[s] = true;
                ++found;
            }
        }
    return seen;
}

double layoutLegend(TimelineLayout& L, const Trace& trace, double line, double top) {
    const QFontMetricsF small(L.smallFont);
    const double swatchW = std::round(line * 1.6);
    const double swatchH = std::round(line * 0.75);
    const double legendLine = std::round(line * 1.5);
    double lx = L.laneLeft;
    double ly = top + 4;
    const bool foreign = trace.foreign();
    std::array<bool, kStateCount> shown{};
    shown.fill(true);
    if (foreign) shown = statesPresent(trace);
    for (int s = 0; s < kStateCount; ++s) {
        if (!shown[std::size_t(s)]) continue;
        const std::string_view name = stateName(ThreadState(s));
        L.legend.push_back({s, QString::fromUtf8(name.data(), qsizetype(name.size())), {}, {}});
    }
    if (!foreign || trace.objectCount() > 0)
        L.legend.push_back({LegendEntry::kOperation, QObject::tr("operation"), {}, {}});
    if (foreign && trace.slices().sliceCount() > 0)
        L.legend.push_back(
            {LegendEntry::kSlices, QObject::tr("named slices, coloured by name"), {}, {}});
    for (LegendEntry& e : L.legend) {
        const double w = swatchW + 6 + small.horizontalAdvance(e.label) + 18;
        if (lx + w > L.width - kMargin && lx > L.laneLeft) {
            lx = L.laneLeft;
            ly += legendLine;
        }
        e.swatch = QRectF(lx, std::round(ly + (legendLine - swatchH) / 2), swatchW, swatchH);
        e.textPos =
            QPointF(lx + swatchW + 6, ly + (legendLine - small.height()) / 2 + small.ascent());
        lx += w;
    }
    L.legendRect = QRectF(0, top, L.width, ly + legendLine + 4 - top);
    return L.legendRect.bottom();
}

} // namespace

Time rulerUnit(const Trace& trace) {
    return trace.foreign() ? displayUnit(trace.info().source.displayUnit) : 0;
}

TimelineLayout layoutTimeline(const Trace& trace, const LayoutOptions& options) {
    TimelineLayout L;
    layoutFonts(L, options.font);
    L.width = options.width;
    const QFontMetricsF fm(L.font);
    const double line = std::ceil(fm.height());
    L.laneHeight = std::round(line * 1.5);
    L.sliceHeight = std::round(QFontMetricsF(L.smallFont).height() + 4);

    // Rows: object tracks, then threads grouped by role in order of first appearance.
    RowStack rows(trace, L, line);
    rows.objects();
    if (trace.foreign())
        rows.processes();
    else
        rows.threads();
    L.bodyHeight = rows.height();

    // The name column fits the longest name within limits; longer names are elided.
    const double maxName = std::clamp(L.width * 0.28, 120.0, 280.0);
    L.nameWidth = std::round(std::clamp(rows.nameWidth() + 2 * kMargin, 110.0, maxName));
    L.laneLeft = L.nameWidth + kColumnGap;
    L.laneWidth = std::max(10.0, L.width - L.laneLeft - kMargin);

    // Header: title (exports), legend, ruler.
    double top = 0;
    if (options.exportMode) {
        const QFontMetricsF tfm(L.titleFont);
        const double textWidth = L.width - 2 * kMargin;
        const QRectF sub = fm.boundingRect(QRectF(0, 0, textWidth, 1e6),
                                           Qt::TextWordWrap | Qt::AlignLeft, options.subtitle);
        const double h = kMargin + tfm.height() + 4 +
                         (options.subtitle.isEmpty() ? 0 : sub.height()) + kMargin * 0.5;
        L.titleRect = QRectF(kMargin, 0, textWidth, std::ceil(h));
        top = L.titleRect.bottom();
    }
    top = layoutLegend(L, trace, line, top);
    const double rulerHeight = std::round(line * 1.7);
    L.rulerRect = QRectF(0, top, L.width, rulerHeight);
    L.bodyTop = L.rulerRect.bottom();
    L.contentHeight = L.bodyTop + L.bodyHeight + (options.exportMode ? kMargin * 0.5 : 0);
    return L;
}

QString pictureTitle(const Trace& trace) {
    const RunInfo& info = trace.info();
    if (info.title.empty() && info.scenarioId.empty() && trace.foreign())
        return fromStd(info.source.file);
    return fromStd(info.title.empty() ? info.scenarioId : info.title);
}

namespace {

// A value as the Parameters dock shows it: a duration exact, with a spaced unit and µs as its
// unit field spells it ("3 ms", "250 µs"), a check box as yes or no, anything else as kept.
QString shownValue(const ParamSpec* spec, const std::string& value) {
    if (!spec) return fromStd(value);
    switch (spec->type) {
    case ParamType::Duration: {
        const auto ns = parseDuration(value);
        if (!ns || *ns == 0) return fromStd(value);
        return fromStd(exactTime(*ns, TimeSpelling::App));
    }
    case ParamType::Bool:
        return value == "true"    ? QObject::tr("yes")
               : value == "false" ? QObject::tr("no")
                                  : fromStd(value);
    case ParamType::Int:
    case ParamType::Choice:
        break;
    }
    return fromStd(value);
}

// The scenario's parameters by the trace's id, when it is a bundled one.
std::vector<ParamSpec> bundledParameters(const std::string& id) {
    for (const BundledScenario& b : bundledScenarios()) {
        if (b.id != id) continue;
        try {
            return resolveScenario(id).parameters;
        } catch (const std::exception&) {
            return {};
        }
    }
    return {};
}

} // namespace

QString pictureSubtitle(const Trace& trace, const std::vector<ParamSpec>& given) {
    const RunInfo& info = trace.info();
    QStringList parts;
    QStringList params;
    const std::vector<ParamSpec> specs =
        given.empty() && !info.parameters.empty() ? bundledParameters(info.scenarioId) : given;
    for (const auto& [name, value] : info.parameters) {
        const auto it = std::find_if(specs.begin(), specs.end(),
                                     [&](const ParamSpec& p) { return p.name == name; });
        const ParamSpec* spec = it == specs.end() ? nullptr : &*it;
        if (!spec) { // a name the scenario does not know: shown as the trace keeps it
            params << fromStd(name) + QLatin1Char('=') + fromStd(value);
            continue;
        }
        params << fromStd(spec->label.empty() ? spec->name : spec->label) + QStringLiteral(": ") +
                      shownValue(spec, value);
    }
    if (!params.isEmpty()) parts << params.join(QStringLiteral(", "));
    if (trace.foreign()) {
        // Another program's trace: where it came from, never an engine, seed or cores.
        const SliceData& d = trace.slices();
        parts << QObject::tr("opened from %1").arg(fromStd(info.source.file));
        const std::size_t threads = trace.threadCount(), processes = d.processes.size();
        parts << (threads == 1 ? QObject::tr("1 thread") : QObject::tr("%1 threads").arg(threads)) +
                     (processes > 1 ? QObject::tr(" in %1 processes").arg(processes) : QString());
        parts << humanTime(trace.endTime());
        return parts.join(QStringLiteral("  \u00b7  "));
    }
    QString engine = fromStd(info.engine) + QObject::tr(" engine");
    if (info.engine == "simulated") engine += QObject::tr(", %1 cores").arg(info.cores);
    engine += QObject::tr(", seed %1").arg(info.seed);
    parts << engine;
    const auto outcome = outcomeLabel(trace.outcome());
    parts << QObject::tr("%1, %2").arg(
        humanTime(trace.endTime()), QString::fromUtf8(outcome.data(), qsizetype(outcome.size())));
    return parts.join(QStringLiteral("  \u00b7  "));
}

} // namespace tl::ui
