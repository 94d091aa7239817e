#include "panels/eventsmodel.h"

#include "common/timetext.h"
#include "session/narrationcache.h"

#include <limits>

namespace tl::ui {

EventsModel::EventsModel(QObject* parent)
    : QAbstractTableModel(parent), m_narration(new NarrationCache(this)) {
    // Sentences made off the GUI thread arrive later; only the visible rows repaint.
    connect(m_narration, &NarrationCache::ready, this, [this] {
        if (m_rows > 0)
            emit dataChanged(index(0, NarrationColumn), index(m_rows - 1, NarrationColumn),
                             {Qt::DisplayRole, Qt::ToolTipRole});
    });
}

void EventsModel::setTrace(std::shared_ptr<const Trace> trace, EventFilter filter) {
    EventIndex index = trace ? EventIndex::build(*trace, filter) : EventIndex{};
    setIndex(std::move(trace), std::move(index));
}

void EventsModel::setIndex(std::shared_ptr<const Trace> trace, EventIndex index) {
    beginResetModel();
    m_trace = std::move(trace);
    m_index = std::move(index);
    m_unit = tableUnit(m_trace ? m_trace->endTime() : 0);
    // The narration line shares the sentences; a cleared table leaves them to it.
    if (m_trace) m_narration->setTrace(m_trace);
    m_rows = visibleRows(m_horizon);
    endResetModel();
}

void EventsModel::clear() {
    setIndex(nullptr, EventIndex{});
}

int EventsModel::visibleRows(std::optional<Time> horizon) const {
    if (!m_trace) return 0;
    const std::size_t n = horizon ? m_index.upperBound(*m_trace, *horizon) : m_index.size();
    // A table view cannot address more rows than an int; 2^31 events is far past the limit
    // of a run (20 M by default), so clamping only guards against a hand-made file.
    return int(std::min<std::size_t>(n, std::numeric_limits<int>::max()));
}

void EventsModel::setHorizon(std::optional<Time> t) {
    m_horizon = t;
    const int rows = visibleRows(t);
    if (rows > m_rows) {
        beginInsertRows({}, m_rows, rows - 1);
        m_rows = rows;
        endInsertRows();
    } else if (rows < m_rows) {
        beginRemoveRows({}, rows, m_rows - 1);
        m_rows = rows;
        endRemoveRows();
    }
}

std::size_t EventsModel::extend(Time until) {
    if (!m_trace) return 0;
    const std::vector<EventIndex::Arrival> arrivals = m_index.take(*m_trace, until);
    if (arrivals.empty()) return 0;
    // Late arrivals first: stamped before the last row but published after it. Those that
    // go to the same row form one insertion; the rows are found before any is placed.
    std::size_t late = 0;
    while (late < arrivals.size() && m_index.before(*m_trace, arrivals[late]))
        ++late;
    std::vector<std::pair<std::size_t, std::size_t>> places; // row, first arrival
    for (std::size_t i = 0; i < late; ++i) {
        const std::size_t row = m_index.insertionRow(*m_trace, arrivals[i]);
        if (places.empty() || places.back().first != row) places.emplace_back(row, i);
    }
    std::size_t shift = 0; // rows inserted by the places before
    for (std::size_t p = 0; p < places.size(); ++p) {
        const std::size_t from = places[p].second;
        const std::size_t to = p + 1 < places.size() ? places[p + 1].second : late;
        const std::span<const EventIndex::Arrival> group(arrivals.data() + from, to - from);
        const std::size_t row = places[p].first + shift;
        shift += group.size();
        // Rows past the horizon are not rows of the model yet: they go in unannounced.
        const bool visible =
            row <= std::size_t(m_rows) && (!m_horizon || group[0].time <= *m_horizon);
        if (!visible) {
            m_index.insert(row, group);
            continue;
        }
        // A late event can be past the horizon while an earlier one of its group is not.
        std::size_t shown = group.size();
        if (m_horizon)
            while (shown > 0 && group[shown - 1].time > *m_horizon)
                --shown;
        beginInsertRows({}, int(row), int(row + shown - 1));
        m_index.insert(row, group);
        m_rows += int(shown);
        endInsertRows();
    }
    // The rest go after the last row: past rowCount(), so no view sees them before the
    // insertion is announced.
    m_index.append(std::span(arrivals).subspan(late));
    const int rows = visibleRows(m_horizon);
    if (rows > m_rows) {
        beginInsertRows({}, m_rows, rows - 1);
        m_rows = rows;
        endInsertRows();
    }
    updateUnit();
    return arrivals.size();
}

void EventsModel::updateUnit() {
    // The time column's unit follows the run's length as it grows (ns, µs, ms, s).
    const Time unit = tableUnit(m_index.empty() ? 0 : m_index.time(*m_trace, m_index.size() - 1));
    if (unit <= m_unit) return;
    m_unit = unit;
    emit headerDataChanged(Qt::Horizontal, TimeColumn, TimeColumn);
    if (m_rows > 0)
        emit dataChanged(index(0, TimeColumn), index(m_rows - 1, TimeColumn), {Qt::DisplayRole});
}

void EventsModel::finishLive() {
    extend();
}

EventRef EventsModel::refAt(int row) const {
    return m_index.at(std::size_t(row));
}

std::optional<int> EventsModel::rowOf(EventRef ref) const {
    if (!m_trace) return std::nullopt;
    const auto row = m_index.rowOf(*m_trace, ref);
    if (!row || *row >= std::size_t(m_rows)) return std::nullopt;
    return int(*row);
}

std::optional<int> EventsModel::rowAtTime(Time t) const {
    if (!m_trace || m_rows == 0) return std::nullopt;
    const std::size_t row = m_index.lowerBound(*m_trace, t);
    return int(std::min<std::size_t>(row, std::size_t(m_rows - 1)));
}

int EventsModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : m_rows;
}

int EventsModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QString EventsModel::threadName(std::size_t thread) const {
    if (thread >= m_trace->threadCount()) return {};
    return QString::fromStdString(m_trace->thread(thread).name);
}

QString EventsModel::objectName(std::size_t object) const {
    if (object >= m_trace->objectCount()) return {};
    return QString::fromStdString(m_trace->object(object).name);
}

QString EventsModel::valueText(const EventRef& ref, const Event& e) const {
    if (ref.isState) {
        const Reason r = e.reason();
        return r == Reason::None ? QString() : QString::fromUtf8(reasonName(r));
    }
    QString text;
    switch (e.op()) {
    case Op::Put:
    case Op::Get:
        text = (e.arg & OpFlagClosed) ? tr("closed and empty") : tr("item %1").arg(e.value);
        break;
    case Op::Acquire:
    case Op::Release:
        text = e.value == 1 ? tr("1 permit free") : tr("%1 permits free").arg(e.value);
        break;
    case Op::Arrive:
    case Op::Pass:
    case Op::Abort:
        text = tr("generation %1").arg(e.value);
        break;
    case Op::Notify:
    case Op::NotifyAll:
        text = tr("woke %1").arg(e.value);
        break;
    case Op::Spawn:
    case Op::Join:
        text = threadName(e.value);
        break;
    case Op::Read:
    case Op::Write:
    case Op::FetchAdd:
    case Op::Exchange:
    case Op::CasOk:
    case Op::CasFailed:
    case Op::AssertFailed:
        text = QString::number(signedValue(e));
        break;
    default:
        break;
    }
    QStringList flags;
    if (e.arg & OpFlagUpdate) flags << tr("from its own read");
    if (e.arg & OpFlagWaited) flags << tr("after waiting");
    if (e.arg & OpFlagShared) flags << tr("shared");
    if (e.arg & OpFlagBroken) flags << tr("broken");
    if (!flags.isEmpty())
        text +=
            (text.isEmpty() ? QString() : QStringLiteral(" · ")) + flags.join(QStringLiteral(", "));
    return text;
}

QString EventsModel::toolTip(const EventRef& ref, const Event& e) const {
    if (ref.isState) {
        const std::size_t n = m_trace->threadEvents(std::size_t(ref.stream)).size();
        QString tip = tr("%1 became <b>%2</b> at %3")
                          .arg(threadName(std::size_t(ref.stream)).toHtmlEscaped(),
                               QString::fromUtf8(stateName(e.state())), humanTime(e.time));
        if (e.state() != ThreadState::Exited && ref.index + 1 < n) {
            const Time next = m_trace->threadEvents(std::size_t(ref.stream))[ref.index + 1].time;
            tip += tr(" for %1").arg(humanTime(next - e.time));
        }
        if (e.ref != kNoRef) tip += tr("<br>on %1").arg(objectName(e.ref).toHtmlEscaped());
        if (e.reason() != Reason::None)
            tip += tr(" (%1)").arg(QString::fromUtf8(reasonName(e.reason())));
        return tip;
    }
    return tr("%1: <b>%2</b> on %3 at %4")
        .arg(threadName(e.ref).toHtmlEscaped(), QString::fromUtf8(opName(e.op())),
             objectName(std::size_t(ref.stream)).toHtmlEscaped(), humanTime(e.time));
}

QVariant EventsModel::data(const QModelIndex& index, int role) const {
    if (!m_trace || !index.isValid() || index.row() >= m_rows) return {};
    const EventRef ref = m_index.at(std::size_t(index.row()));
    const Event& e = m_index.event(*m_trace, std::size_t(index.row()));
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn:
            return tableTime(e.time, m_unit);
        case ThreadColumn:
            return ref.isState ? threadName(std::size_t(ref.stream)) : threadName(e.ref);
        case KindColumn:
            return ref.isState ? tr("state") : tr("operation");
        case NameColumn:
            return ref.isState ? QString::fromUtf8(stateName(e.state()))
                               : QString::fromUtf8(opName(e.op()));
        case ObjectColumn:
            if (!ref.isState) return objectName(std::size_t(ref.stream));
            return e.ref == kNoRef ? QString() : objectName(e.ref);
        case ValueColumn:
            return valueText(ref, e);
        case NarrationColumn: {
            // Asked only for the rows in view; an empty answer is being made elsewhere.
            if (m_narration->trace() != m_trace) return QStringLiteral("\u2026");
            const QString text = m_narration->sentence(ref);
            return text.isEmpty() ? QStringLiteral("\u2026") : text;
        }
        default:
            return {};
        }
    case Qt::ToolTipRole:
        if (index.column() != NarrationColumn) return toolTip(ref, e);
        if (m_narration->trace() != m_trace) return QString();
        return m_narration->sentence(ref);
    case Qt::TextAlignmentRole:
        if (index.column() == TimeColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
    case TimeRole:
        return qint64(e.time);
    case IsStateRole:
        return ref.isState;
    case StreamRole:
        return ref.stream;
    case IndexRole:
        return qint64(ref.index);
    default:
        return {};
    }
}

QVariant EventsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal) return {};
    if (role == Qt::DisplayRole) {
        switch (section) {
        case TimeColumn:
            return tr("Time (%1)").arg(unitSuffix(m_unit));
        case ThreadColumn:
            return tr("Thread");
        case KindColumn:
            return tr("Kind");
        case NameColumn:
            return tr("Event");
        case ObjectColumn:
            return tr("Object");
        case ValueColumn:
            return tr("Value / reason");
        case NarrationColumn:
            return tr("What happens");
        default:
            return {};
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case TimeColumn:
            return tr("When it happened, from the start of the run");
        case ThreadColumn:
            return tr("The thread that changed state or performed the operation");
        case KindColumn:
            return tr("A state change of a thread, or an operation on a synchronisation object");
        case NameColumn:
            return tr("The new state, or the operation");
        case ObjectColumn:
            return tr("The object operated on, or the one a blocked/waiting thread waits for");
        case ValueColumn:
            return tr("Why a thread waits, or what the operation carried (item, permits, "
                      "barrier generation)");
        case NarrationColumn:
            return tr("The event in a plain sentence");
        default:
            return {};
        }
    }
    return {};
}

} // namespace tl::ui
