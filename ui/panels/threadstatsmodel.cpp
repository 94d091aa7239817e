#include "panels/threadstatsmodel.h"

#include "common/timetext.h"

namespace tl::ui {

namespace {

QString stateTitle(ThreadState s) {
    switch (s) {
    case ThreadState::Working:
        return QObject::tr("Working");
    case ThreadState::Io:
        return QObject::tr("I/O");
    case ThreadState::Sleeping:
        return QObject::tr("Sleeping");
    case ThreadState::Runnable:
        return QObject::tr("Runnable");
    case ThreadState::Blocked:
        return QObject::tr("Blocked");
    case ThreadState::Waiting:
        return QObject::tr("Waiting");
    case ThreadState::Running:
        return QObject::tr("Running");
    case ThreadState::Exited:
        break;
    }
    return {};
}

QString stateMeaning(ThreadState s) {
    switch (s) {
    case ThreadState::Working:
        return QObject::tr("doing CPU work");
    case ThreadState::Io:
        return QObject::tr("in I/O (it needs no core meanwhile)");
    case ThreadState::Sleeping:
        return QObject::tr("in an explicit sleep");
    case ThreadState::Runnable:
        return QObject::tr("ready to run but no core was free");
    case ThreadState::Blocked:
        return QObject::tr("waiting to acquire a lock");
    case ThreadState::Waiting:
        return QObject::tr("waiting on a queue, semaphore, barrier, condition or event");
    case ThreadState::Running:
        return QObject::tr("in short bookkeeping between steps");
    case ThreadState::Exited:
        break;
    }
    return {};
}

} // namespace

int ThreadStatsModel::threadAt(int row) const {
    const auto s = snapshot();
    if (!s || row < 0 || row >= int(s->stats.threads.size())) return -1;
    return s->stats.threads[std::size_t(row)].thread;
}

int ThreadStatsModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ThreadStatsModel::data(const QModelIndex& index, int role) const {
    if (!valid(index)) return {};
    const ThreadStats& t = stats().threads[std::size_t(index.row())];
    const ThreadInfo& info = trace().thread(std::size_t(t.thread));
    const int column = index.column();
    const bool isState = column >= FirstStateColumn && column < WaitsColumn;
    const auto state = ThreadState(column - FirstStateColumn);
    const Time stateTime = isState ? t.time[std::size_t(state)] : 0;
    const double share = isState && t.total > 0 ? double(stateTime) / double(t.total) : 0;
    const Time waitTime =
        t.time[std::size_t(ThreadState::Blocked)] + t.time[std::size_t(ThreadState::Waiting)];

    switch (role) {
    case Qt::DisplayRole:
        if (column == ThreadColumn) return QString::fromStdString(info.name);
        if (column == RoleColumn) return QString::fromStdString(info.role);
        if (isState) return t.total > 0 ? shareText(share) : notApplicable();
        if (column == WaitsColumn) return t.waits;
        if (column == WaitTimeColumn) return humanTime(waitTime);
        return {};
    case ValueRole:
        if (column == ThreadColumn) return QString::fromStdString(info.name);
        if (column == RoleColumn) return QString::fromStdString(info.role);
        // Shares sort the state columns: threads that lived for different spans compare by
        // the part of their life, not by absolute time.
        if (isState) return share;
        if (column == WaitsColumn) return t.waits;
        if (column == WaitTimeColumn) return qint64(waitTime);
        return {};
    case Qt::ToolTipRole:
        if (isState) {
            if (t.total == 0)
                return tr("%1 did not run in this range").arg(QString::fromStdString(info.name));
            return tr("%1 was %2 for %3 of %4 (%5)")
                .arg(QString::fromStdString(info.name), stateMeaning(state), humanTime(stateTime),
                     humanTime(t.total), shareText(share));
        }
        if (column == WaitsColumn)
            return tr("Times %1 began to wait (blocked or waiting) in this range")
                .arg(QString::fromStdString(info.name));
        if (column == WaitTimeColumn)
            return tr("Time %1 spent blocked or waiting in this range")
                .arg(QString::fromStdString(info.name));
        return {};
    case Qt::TextAlignmentRole:
        return QVariant::fromValue(column <= RoleColumn ? Qt::AlignLeft | Qt::AlignVCenter
                                                        : Qt::AlignRight | Qt::AlignVCenter);
    default:
        return {};
    }
}

QVariant ThreadStatsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount) return {};
    const bool isState = section >= FirstStateColumn && section < WaitsColumn;
    const auto state = ThreadState(section - FirstStateColumn);
    if (role == Qt::DisplayRole) {
        if (section == ThreadColumn) return tr("Thread");
        if (section == RoleColumn) return tr("Role");
        if (isState) return stateTitle(state);
        if (section == WaitsColumn) return tr("Waits");
        if (section == WaitTimeColumn) return tr("Time waiting");
    }
    if (role == Qt::ToolTipRole) {
        if (section == ThreadColumn) return tr("The thread, as named on its lane");
        if (section == RoleColumn) return tr("The role of the scenario it plays");
        if (isState) return tr("Share of the thread's time %1").arg(stateMeaning(state));
        if (section == WaitsColumn)
            return tr("How many times the thread began to wait (blocked or waiting)");
        if (section == WaitTimeColumn) return tr("Total time blocked or waiting");
    }
    if (role == Qt::TextAlignmentRole)
        return QVariant::fromValue(section <= RoleColumn ? Qt::AlignLeft | Qt::AlignVCenter
                                                         : Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

} // namespace tl::ui
