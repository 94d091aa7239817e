#include "panels/runstatsmodel.h"

#include "common/timetext.h"

namespace tl::ui {

namespace {

QString threadName(const Trace& trace, int thread) {
    return thread >= 0 && std::size_t(thread) < trace.threadCount()
               ? QString::fromStdString(trace.thread(std::size_t(thread)).name)
               : QString();
}

QString rateText(double perSecond) {
    const int decimals = perSecond >= 100 ? 0 : perSecond >= 10 ? 1 : 2;
    return QString::number(perSecond, 'f', decimals);
}

} // namespace

QString RunStatsModel::fairnessText(double index, Evenness word) {
    QString text;
    switch (word) {
    case Evenness::Even:
        text = tr("even");
        break;
    case Evenness::FairlyEven:
        text = tr("fairly even");
        break;
    case Evenness::Uneven:
        text = tr("uneven");
        break;
    case Evenness::VeryUneven:
        text = tr("very uneven");
        break;
    }
    return QStringLiteral("%1 (%2)").arg(QString::number(index, 'f', 2), text);
}

QString RunStatsModel::spread(int row) const {
    const RunStats& run = stats().run;
    if (row == FairnessRow && run.acquirers > 0) {
        const int lo = run.fewestAcquisitions, hi = run.mostAcquisitions;
        return lo == hi ? tr("%1 acquisitions each, %2 threads").arg(lo).arg(run.acquirers)
                        : tr("%1 to %2 acquisitions a thread, %3 threads")
                              .arg(lo)
                              .arg(hi)
                              .arg(run.acquirers);
    }
    if (row == WaitFairnessRow && run.waiters > 0 && run.mostWaitShare > 0)
        return tr("%1 to %2 of their time blocked or waiting, %3 threads")
            .arg(shareText(run.leastWaitShare), shareText(run.mostWaitShare))
            .arg(run.waiters);
    return {};
}

std::optional<std::pair<int, long>> RunStatsModel::longestWait() const {
    const auto s = snapshot();
    if (!s || !s->trace) return std::nullopt;
    const RunStats& run = s->stats.run;
    if (run.longestWaiter < 0 || run.longestWait <= 0) return std::nullopt;
    const Trace& t = *s->trace;
    const auto thread = std::size_t(run.longestWaiter);
    if (thread >= t.threadCount()) return std::nullopt;
    // computeStatistics keeps the length, not the interval: the first wait of that length
    // that began in the range is the one it found.
    const auto [first, last] = t.intervalsIn(thread, run.range);
    for (std::size_t i = first; i < last; ++i) {
        const Trace::Interval iv = t.interval(thread, i);
        if ((iv.state == ThreadState::Blocked || iv.state == ThreadState::Waiting) &&
            run.range.contains(iv.range.start) && iv.range.delta() == run.longestWait)
            return std::pair<int, long>(int(thread), long(i));
    }
    return std::nullopt;
}

int RunStatsModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QString RunStatsModel::measure(int row) const {
    switch (row) {
    case DurationRow:
        return tr("Duration");
    case CompletedRow:
        return tr("Completed");
    case ThroughputRow:
        return tr("Throughput");
    case LongestWaitRow:
        return tr("Longest wait");
    case WaiterRow:
        return tr("Who waited");
    case CauserRow:
        return tr("Because of");
    case FairnessRow:
        return tr("Fairness of acquisitions");
    case WaitFairnessRow:
        return tr("Fairness of waiting");
    default:
        return {};
    }
}

QString RunStatsModel::meaning(int row) const {
    switch (row) {
    case DurationRow:
        return tr("The time these figures cover: the whole run, or the range selected on the "
                  "timeline (Shift+drag)");
    case CompletedRow:
        return tr("Work done, in the most telling unit the scenario has: items through a "
                  "queue, lock acquisitions, permits, barrier phases");
    case ThroughputRow:
        return tr("Work done per second of the range");
    case LongestWaitRow:
        return tr("The longest time one thread was blocked or waiting. Double-click to show it "
                  "on the timeline");
    case WaiterRow:
        return tr("The thread that waited longest, and what for. Double-click to show it on "
                  "the timeline");
    case CauserRow:
        return tr("Who made the longest wait last: the thread holding the lock, or the one "
                  "whose operation ended the wait");
    case FairnessRow:
        return tr("How evenly the threads that acquired something (a lock, an item, a permit, "
                  "a barrier pass) shared the acquisitions, as Jain's index: 1 when every "
                  "thread got as many, 1/n when one thread got everything. Equal counts can "
                  "still come with very unequal waits: see Fairness of waiting");
    case WaitFairnessRow:
        return tr("How evenly the waiting fell on the threads that acquired something or "
                  "waited: Jain's index of the share of its time each spent blocked or waiting "
                  "(waiting for a thread to end not counted). \"Even\" needs the largest share "
                  "within 1.25 times the smallest; shares a factor of four apart are at best "
                  "\"uneven\"");
    default:
        return {};
    }
}

QVariant RunStatsModel::value(int row) const {
    const RunStats& run = stats().run;
    switch (row) {
    case DurationRow:
        return qint64(run.duration);
    case CompletedRow:
        return run.completed;
    case ThroughputRow:
        return run.throughput;
    case LongestWaitRow:
        return qint64(run.longestWait);
    case WaiterRow:
        return threadName(trace(), run.longestWaiter);
    case CauserRow:
        return threadName(trace(), run.longestCauser);
    case FairnessRow:
        return run.fairness;
    case WaitFairnessRow:
        return run.waitFairness;
    default:
        return {};
    }
}

QVariant RunStatsModel::display(int row) const {
    const RunStats& run = stats().run;
    const QString unit = QString::fromStdString(run.unit);
    switch (row) {
    case DurationRow:
        return snapshot()->wholeRun ? humanTime(run.duration)
                                    : tr("%1 (selected range)").arg(humanTime(run.duration));
    case CompletedRow:
        return unit.isEmpty() ? notApplicable()
                              : QStringLiteral("%1 %2").arg(run.completed).arg(unit);
    case ThroughputRow:
        return unit.isEmpty() || run.duration <= 0
                   ? notApplicable()
                   : tr("%1 per second").arg(rateText(run.throughput));
    case LongestWaitRow:
        return run.longestWaiter < 0 ? tr("nobody waited") : humanTime(run.longestWait);
    case WaiterRow: {
        if (run.longestWaiter < 0) return notApplicable();
        QString text = threadName(trace(), run.longestWaiter);
        if (run.longestObject >= 0 && std::size_t(run.longestObject) < trace().objectCount())
            text += tr(", on %1").arg(
                QString::fromStdString(trace().object(std::size_t(run.longestObject)).name));
        return text;
    }
    case CauserRow:
        return run.longestCauser >= 0 ? threadName(trace(), run.longestCauser) : notApplicable();
    case FairnessRow:
        if (run.acquirers == 0) return notApplicable();
        return fairnessText(run.fairness,
                            evenness(run.fairness, run.fewestAcquisitions, run.mostAcquisitions));
    case WaitFairnessRow:
        if (run.waiters == 0) return notApplicable();
        if (run.mostWaitShare <= 0) return tr("nobody waited");
        return fairnessText(run.waitFairness,
                            evenness(run.waitFairness, run.leastWaitShare, run.mostWaitShare));
    default:
        return {};
    }
}

QVariant RunStatsModel::data(const QModelIndex& index, int role) const {
    if (!valid(index)) return {};
    const int row = index.row();
    switch (role) {
    case Qt::DisplayRole:
        return index.column() == MeasureColumn ? QVariant(measure(row)) : display(row);
    case ValueRole:
        return index.column() == MeasureColumn ? QVariant(measure(row)) : value(row);
    case Qt::ToolTipRole: {
        // The spread behind a fairness figure, first: what the word is about.
        const QString range = index.column() == ValueColumn ? spread(row) : QString();
        return range.isEmpty() ? meaning(row) : range + QStringLiteral("\n\n") + meaning(row);
    }
    default:
        return {};
    }
}

QVariant RunStatsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    if (section == MeasureColumn) return tr("Run");
    if (section == ValueColumn) return tr("Value");
    return {};
}

} // namespace tl::ui
