#include "panels/statisticspanel.h"

#include "common/timetext.h"
#include "panels/objectstatsmodel.h"
#include "panels/runstatsmodel.h"
#include "panels/slicestatsmodel.h"
#include "panels/threadstatsmodel.h"
#include "session/appsettings.h"
#include "timeline/timecoords.h"

#include <QAction>
#include <QClipboard>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QSaveFile>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace tl::ui {

namespace {
// Below this many events the figures take a few milliseconds: the GUI thread computes them
// and the tables never flicker through a "computing" state.
constexpr std::size_t kSyncLimit = 150'000;
// While a run plays back (or grows live) the tables follow it at this pace: fast enough to
// watch the figures move, slow enough to read them and cheap on a big trace.
constexpr int kRefreshMs = 500;

std::shared_ptr<const StatisticsSnapshot> computeSnapshot(std::shared_ptr<const Trace> trace,
                                                          TimeRange range, bool wholeRun) {
    auto s = std::make_shared<StatisticsSnapshot>();
    s->stats = computeStatistics(*trace, range);
    if (trace->foreign()) s->slices = computeSliceStatistics(*trace, range);
    s->trace = std::move(trace);
    s->wholeRun = wholeRun;
    return s;
}

// The worker's half of Save Statistics: compute, format, write atomically. Returns the
// error text, empty on success.
QString writeCsv(std::shared_ptr<const Trace> trace, TimeRange range, QString path) {
    const std::string csv = statisticsCsv(*trace, computeStatistics(*trace, range));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return QObject::tr("Cannot write %1: %2")
            .arg(QDir::toNativeSeparators(path), file.errorString());
    if (file.write(csv.data(), qint64(csv.size())) != qint64(csv.size()) || !file.commit())
        return QObject::tr("Cannot write %1: %2")
            .arg(QDir::toNativeSeparators(path), file.errorString());
    return {};
}

} // namespace

QString StatisticsPanel::tableText(const QTableView& table) {
    // What the user sees: visible columns, in the view's sort order, with the headings.
    const QAbstractItemModel* m = table.model();
    QStringList lines;
    QStringList cells;
    for (int c = 0; c < m->columnCount(); ++c)
        if (!table.isColumnHidden(c)) cells << m->headerData(c, Qt::Horizontal).toString();
    lines << cells.join(QLatin1Char('\t'));
    for (int r = 0; r < m->rowCount(); ++r) {
        cells.clear();
        for (int c = 0; c < m->columnCount(); ++c)
            if (!table.isColumnHidden(c)) cells << m->index(r, c).data().toString();
        lines << cells.join(QLatin1Char('\t'));
    }
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

StatisticsPanel::StatisticsPanel(QWidget* parent)
    : QWidget(parent), m_threadModel(new ThreadStatsModel(this)),
      m_objectModel(new ObjectStatsModel(this)), m_runModel(new RunStatsModel(this)),
      m_sliceModel(new SliceStatsModel(SliceStatsModel::Rows::ByName, this)),
      m_sliceThreadModel(new SliceStatsModel(SliceStatsModel::Rows::ByThread, this)) {
    m_scope = new QLabel(this);
    m_scope->setObjectName(QStringLiteral("statisticsScope"));
    m_scope->setTextFormat(Qt::PlainText);
    // Wrapped, not one long line: its width would be the whole window's minimum width.
    m_scope->setWordWrap(true);
    m_scope->setToolTip(tr("The time the figures cover. Shift+drag on the timeline to see the "
                           "figures of a range only."));
    m_busy = new QLabel(tr("Computing…"), this);
    m_busy->setForegroundRole(QPalette::PlaceholderText);
    m_busy->hide();
    m_wholeRun = new QToolButton(this);
    m_wholeRun->setObjectName(QStringLiteral("statisticsWholeRun"));
    m_wholeRun->setText(tr("&Whole Run"));
    m_wholeRun->setToolTip(tr("Clear the range selection: show the figures of the whole run"));
    m_wholeRun->setAutoRaise(true);
    m_wholeRun->hide();
    m_saveAction = new QAction(tr("Save S&tatistics…"), this);
    m_saveAction->setObjectName(QStringLiteral("saveStatistics"));
    m_saveAction->setToolTip(tr("Save the figures as CSV, the same table as `threadlens run … "
                                "--stats` writes (for the selected range, if there is one)"));
    m_saveAction->setEnabled(false);
    auto* save = new QToolButton(this);
    save->setDefaultAction(m_saveAction);
    save->setAutoRaise(true);

    m_runTable = makeTable(m_runModel, QStringLiteral("runStatistics"), false);
    m_runTable->horizontalHeader()->setSectionResizeMode(RunStatsModel::MeasureColumn,
                                                         QHeaderView::ResizeToContents);
    m_runTable->setToolTip(tr("The run at a glance. Double-click the longest wait to see it on "
                              "the timeline, with who caused it."));
    m_threadTable = makeTable(m_threadModel, QStringLiteral("threadStatistics"), true);
    m_threadTable->setToolTip(tr("How each thread spent its time. Click a heading to sort."));
    m_objectTable = makeTable(m_objectModel, QStringLiteral("objectStatistics"), true);
    m_objectTable->setToolTip(tr("How each synchronisation object was used and waited for. "
                                 "Click a heading to sort; double-click a row to draw its "
                                 "hand-offs on the timeline."));

    m_tabs = new QTabWidget(this);
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(m_threadTable, tr("T&hreads"));
    m_tabs->addTab(m_objectTable, tr("O&bjects"));
    // Another program's trace: its slices by name, and by thread and name.
    m_sliceTable = makeTable(m_sliceModel, QStringLiteral("sliceStatistics"), true);
    m_sliceTable->setColumnHidden(SliceStatsModel::ThreadColumn, true);
    m_sliceTable->setToolTip(tr("Named slices of the trace by name, within the range. Click a "
                                "heading to sort."));
    m_sliceThreadTable =
        makeTable(m_sliceThreadModel, QStringLiteral("sliceThreadStatistics"), true);
    m_sliceThreadTable->setToolTip(tr("Named slices per thread and name, within the range."));
    m_tabs->addTab(m_sliceTable, tr("S&lices"));
    m_tabs->addTab(m_sliceThreadTable, tr("Slices by Th&read"));
    m_tabs->setTabVisible(2, false);
    m_tabs->setTabVisible(3, false);
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(m_runTable);
    splitter->addWidget(m_tabs);
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    // Room for "Fairness of acquisitions" beside "0.98 (fairly even)".
    splitter->setSizes({fontMetrics().horizontalAdvance(QLatin1Char('0')) * 44, 800});

    auto* top = new QHBoxLayout;
    top->setContentsMargins(0, 0, 0, 0);
    top->addWidget(m_scope, 1);
    top->addWidget(m_busy);
    top->addWidget(m_wholeRun);
    top->addWidget(save);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(top);
    layout->addWidget(splitter, 1);

    m_throttle.setSingleShot(true);
    m_throttle.setInterval(kRefreshMs);
    connect(&m_throttle, &QTimer::timeout, this, &StatisticsPanel::compute);
    connect(m_wholeRun, &QToolButton::clicked, this, &StatisticsPanel::wholeRunRequested);
    connect(m_saveAction, &QAction::triggered, this, &StatisticsPanel::saveStatistics);
    connect(&m_watcher, &QFutureWatcher<std::shared_ptr<const StatisticsSnapshot>>::finished, this,
            [this] {
                m_busy->hide();
                // A trace whose figures take long is refreshed less often while it plays:
                // the figures should follow, not keep a core busy.
                m_throttle.setInterval(
                    std::clamp(int(m_computeClock.elapsed()) * 3, kRefreshMs, 5000));
                if (!m_watcher.isCanceled() && m_watcher.future().resultCount() > 0 &&
                    m_watcher.property("generation").toInt() == m_generation)
                    apply(m_watcher.result());
                if (m_dirty) compute(); // a request came while this one ran
            });
    connect(&m_saveWatcher, &QFutureWatcher<QString>::finished, this, [this] {
        const QString error = m_saveWatcher.result();
        if (error.isEmpty()) {
            emit saved(m_savePath);
            return;
        }
        auto* box = new QMessageBox(QMessageBox::Warning, tr("Cannot save the statistics"), error,
                                    QMessageBox::Ok, this);
        box->setObjectName(QStringLiteral("errorBox"));
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
        emit saveFailed(error);
    });
    connect(m_runTable, &QTableView::doubleClicked, this, [this](const QModelIndex& index) {
        const auto* proxy = static_cast<const QSortFilterProxyModel*>(m_runTable->model());
        const int row = proxy->mapToSource(index).row();
        if (row != RunStatsModel::LongestWaitRow && row != RunStatsModel::WaiterRow &&
            row != RunStatsModel::CauserRow)
            return;
        if (const auto wait = m_runModel->longestWait())
            emit waitActivated(wait->first, qint64(wait->second));
    });
    connect(m_objectTable, &QTableView::doubleClicked, this, [this](const QModelIndex& index) {
        const auto* proxy = static_cast<const QSortFilterProxyModel*>(m_objectTable->model());
        const int object = m_objectModel->objectAt(proxy->mapToSource(index).row());
        if (object >= 0) emit objectActivated(object);
    });
    connect(m_threadTable, &QTableView::doubleClicked, this, [this](const QModelIndex& index) {
        const auto* proxy = static_cast<const QSortFilterProxyModel*>(m_threadTable->model());
        const int thread = m_threadModel->threadAt(proxy->mapToSource(index).row());
        if (thread >= 0) emit threadActivated(thread);
    });
    updateScope();
}

StatisticsPanel::~StatisticsPanel() {
    // The jobs hold the trace themselves; waiting only keeps them from outliving the app.
    m_watcher.waitForFinished();
    m_saveWatcher.waitForFinished();
}

QTableView* StatisticsPanel::makeTable(StatsTableModel* model, const QString& name, bool sortable) {
    auto* proxy = new QSortFilterProxyModel(this);
    proxy->setSourceModel(model);
    proxy->setSortRole(StatsTableModel::ValueRole);
    proxy->setSortCaseSensitivity(Qt::CaseInsensitive);
    auto* table = new QTableView(this);
    table->setObjectName(name);
    table->setModel(proxy);
    table->setSortingEnabled(sortable);
    if (sortable) table->sortByColumn(-1, Qt::AscendingOrder); // the trace's own order first
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->setAlternatingRowColors(true);
    table->setWordWrap(false);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->verticalHeader()->hide();
    table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    table->horizontalHeader()->setStretchLastSection(true);
    table->horizontalHeader()->setHighlightSections(false);
    table->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    // Columns fit their contents once per new trace, measured on the first rows only: a
    // thousand threads must not make every refresh measure a thousand rows.
    table->horizontalHeader()->setResizeContentsPrecision(64);
    connect(model, &QAbstractItemModel::modelReset, table, [table] {
        if (table->model()->rowCount() > 0) table->resizeColumnsToContents();
    });
    // Ctrl+C copies the table as tab-separated text (a spreadsheet pastes it as cells).
    auto* copy = new QAction(tr("&Copy Table"), table);
    copy->setShortcut(QKeySequence::Copy);
    copy->setShortcutContext(Qt::WidgetShortcut);
    connect(copy, &QAction::triggered, table,
            [table] { QGuiApplication::clipboard()->setText(tableText(*table)); });
    table->addAction(copy);
    table->setContextMenuPolicy(Qt::ActionsContextMenu);
    return table;
}

void StatisticsPanel::setTrace(std::shared_ptr<const Trace> trace) {
    m_trace = std::move(trace);
    m_statesSeen = 0;
    m_throttle.setInterval(kRefreshMs);
    m_range.reset();
    m_horizon.reset();
    m_throttle.stop();
    ++m_generation;
    m_snapshot.reset();
    m_threadModel->clear();
    m_objectModel->clear();
    m_runModel->clear();
    m_sliceModel->clear();
    m_sliceThreadModel->clear();
    m_saveAction->setEnabled(m_trace != nullptr);
    updateScope();
    if (m_trace) compute();
}

void StatisticsPanel::setRange(std::optional<TimeRange> range) {
    if (range && range->delta() <= 0) range.reset();
    if (range == m_range) return;
    m_range = range;
    updateScope();
    compute();
}

void StatisticsPanel::setHorizon(std::optional<Time> t) {
    if (t == m_horizon) return;
    const bool ended = m_horizon && !t;
    m_horizon = t;
    if (ended) {
        m_throttle.stop();
        compute(); // the playback reached the end: the final figures at once
    } else if (!m_throttle.isActive()) {
        m_throttle.start();
    }
}

void StatisticsPanel::traceGrew() {
    if (m_trace && !m_throttle.isActive()) m_throttle.start();
}

void StatisticsPanel::refresh() {
    m_throttle.stop();
    compute();
}

TimeRange StatisticsPanel::effectiveRange() const {
    if (m_range) return *m_range;
    const Time end = m_trace ? m_trace->endTime() : 0;
    // An empty range means "the whole run" to computeStatistics; a horizon at 0 is a run
    // that has not been shown yet, whose figures are all zero.
    return TimeRange{0, m_horizon ? std::clamp(*m_horizon, Time(0), end) : end};
}

void StatisticsPanel::compute() {
    if (!m_trace) return;
    updateScope();
    if (!isVisible()) {
        // Nobody looks: compute when the dock is shown.
        m_dirty = true;
        return;
    }
    if (m_watcher.isRunning()) {
        m_dirty = true; // the finished handler comes back here
        return;
    }
    m_dirty = false;
    const TimeRange range = effectiveRange();
    const bool whole = !m_range;
    if (range.delta() <= 0 && m_horizon) {
        // Playback has not started: nothing seen, nothing to count yet (an empty range
        // would mean the whole run to computeStatistics).
        m_snapshot.reset();
        m_threadModel->clear();
        m_objectModel->clear();
        m_runModel->clear();
        m_sliceModel->clear();
        m_sliceThreadModel->clear();
        return;
    }
    if (m_trace->eventCount() <= kSyncLimit) {
        apply(computeSnapshot(m_trace, range, whole));
        return;
    }
    m_busy->show();
    m_computeClock.start();
    m_watcher.setProperty("generation", ++m_generation);
    m_watcher.setFuture(QtConcurrent::run(computeSnapshot, m_trace, range, whole));
}

void StatisticsPanel::apply(std::shared_ptr<const StatisticsSnapshot> snapshot) {
    m_snapshot = std::move(snapshot);
    m_threadModel->setSnapshot(m_snapshot);
    m_objectModel->setSnapshot(m_snapshot);
    m_sliceModel->setSnapshot(m_snapshot);
    m_sliceThreadModel->setSnapshot(m_snapshot);
    m_runModel->setSnapshot(m_snapshot);
    const bool slices = m_snapshot && !m_snapshot->slices.byName.empty();
    m_tabs->setTabVisible(2, slices);
    m_tabs->setTabVisible(3, slices);
    hideEmptyColumns();
    updateScope();
    emit updated();
}

void StatisticsPanel::hideEmptyColumns() {
    if (!m_snapshot) return;
    // A state no thread has been in so far (I/O in a lock scenario) is a column of zeros:
    // hidden, so the ones that matter fit. Columns only ever come back, so a range
    // selection does not make them flicker.
    for (const ThreadStats& t : m_snapshot->stats.threads)
        for (int s = 0; s < kStateCount; ++s)
            if (t.time[std::size_t(s)] > 0) m_statesSeen |= 1u << s;
    for (int s = 0; s < kStateCount; ++s)
        m_threadTable->setColumnHidden(ThreadStatsModel::FirstStateColumn + s,
                                       !(m_statesSeen & (1u << s)));
    // Figures that apply to no object of the run (hold times without locks, skew without
    // barriers) likewise.
    const Trace& trace = *m_snapshot->trace;
    for (int c = 0; c < ObjectStatsModel::ColumnCount; ++c) {
        bool any = false;
        for (std::size_t o = 0; o < trace.objectCount() && !any; ++o)
            any = ObjectStatsModel::applies(trace.object(o).kind, c);
        m_objectTable->setColumnHidden(c, !any);
    }
}

void StatisticsPanel::updateScope() {
    m_wholeRun->setVisible(m_range.has_value());
    if (!m_trace) {
        m_scope->setText(tr("Run a scenario: how each thread spent its time and how each lock, "
                            "queue and semaphore was used appear here."));
        return;
    }
    if (m_range) {
        m_scope->setText(tr("Selected range: %1 to %2 (%3)")
                             .arg(humanTime(m_range->start), humanTime(m_range->end),
                                  humanTime(m_range->delta())));
    } else if (m_horizon && (!m_trace->finished() || *m_horizon < m_trace->endTime())) {
        m_scope->setText(tr("The run so far: the first %1").arg(humanTime(*m_horizon)));
    } else if (!m_trace->finished()) {
        m_scope->setText(tr("The run so far (%1)").arg(humanTime(m_trace->endTime())));
    } else {
        m_scope->setText(tr("Whole run: %1").arg(humanTime(m_trace->endTime())));
    }
}

void StatisticsPanel::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    if (m_dirty) compute();
}

void StatisticsPanel::saveStatistics() {
    if (!m_trace) return;
    const std::string id = m_trace->info().scenarioId;
    const QString name = QString::fromStdString(id.empty() ? std::string("run") : id) +
                         QStringLiteral("-statistics.csv");
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Save Statistics"),
        QDir(settings::lastFolder(QStringLiteral("statistics"))).filePath(name),
        tr("CSV table (*.csv);;All files (*)"));
    if (path.isEmpty()) return;
    settings::setLastFolder(QStringLiteral("statistics"), QFileInfo(path).absolutePath());
    saveStatisticsTo(path);
}

void StatisticsPanel::saveStatisticsTo(const QString& path) {
    if (!m_trace || m_saveWatcher.isRunning()) return;
    m_savePath = path;
    m_saveWatcher.setFuture(
        QtConcurrent::run(writeCsv, m_trace, m_range.value_or(TimeRange{}), path));
}

} // namespace tl::ui
