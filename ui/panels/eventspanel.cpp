#include "panels/eventspanel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QScrollBar>
#include <QTableView>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace tl::ui {

namespace {
// Below this the index builds in a few milliseconds, so the GUI thread does it and the
// table never flickers through an empty state; above it a worker thread does.
constexpr std::size_t kSyncBuildLimit = 200'000;
} // namespace

EventsPanel::EventsPanel(QWidget* parent) : QWidget(parent), m_model(new EventsModel(this)) {
    m_threadFilter = new QComboBox(this);
    m_threadFilter->setObjectName(QStringLiteral("threadFilter"));
    m_threadFilter->setToolTip(tr("Show only the events of one thread: its state changes and "
                                  "the operations it performed"));
    m_threadFilter->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_objectFilter = new QComboBox(this);
    m_objectFilter->setObjectName(QStringLiteral("objectFilter"));
    m_objectFilter->setToolTip(tr("Show only the events of one synchronisation object: the "
                                  "operations on it and the threads waiting for it"));
    m_objectFilter->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_count = new QLabel(this);
    m_count->setToolTip(tr("Events listed (after the filter) up to the playback position"));

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("eventsTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->setToolTip(tr("Every state change and operation in time order. Select a row to "
                           "show it on the timeline; click the timeline to find its row."));
    m_table->verticalHeader()->hide();
    // Fixed row heights let the view skip measuring rows: millions of rows stay instant.
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setHighlightSections(false);
    m_table->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    const int digit = fontMetrics().horizontalAdvance(QLatin1Char('0'));
    m_table->setColumnWidth(EventsModel::TimeColumn, digit * 14);
    m_table->setColumnWidth(EventsModel::ThreadColumn, digit * 13);
    m_table->setColumnWidth(EventsModel::KindColumn, digit * 10);
    m_table->setColumnWidth(EventsModel::NameColumn, digit * 11);
    m_table->setColumnWidth(EventsModel::ObjectColumn, digit * 13);
    m_table->setColumnWidth(EventsModel::ValueColumn, digit * 14);

    m_pending = new QLabel(this);
    m_pending->setAlignment(Qt::AlignCenter);
    m_pending->setWordWrap(true);
    m_pending->setForegroundRole(QPalette::PlaceholderText);
    m_pending->hide();

    auto* filters = new QHBoxLayout;
    filters->setContentsMargins(0, 0, 0, 0);
    auto* threadLabel = new QLabel(tr("&Thread:"), this);
    threadLabel->setBuddy(m_threadFilter);
    auto* objectLabel = new QLabel(tr("&Object:"), this);
    objectLabel->setBuddy(m_objectFilter);
    filters->addWidget(threadLabel);
    filters->addWidget(m_threadFilter);
    filters->addSpacing(8);
    filters->addWidget(objectLabel);
    filters->addWidget(m_objectFilter);
    filters->addStretch(1);
    filters->addWidget(m_count);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(filters);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_pending, 1);

    connect(m_threadFilter, &QComboBox::currentIndexChanged, this, &EventsPanel::rebuild);
    connect(m_objectFilter, &QComboBox::currentIndexChanged, this, &EventsPanel::rebuild);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &EventsPanel::onCurrentRowChanged);
    connect(m_model, &QAbstractItemModel::modelReset, this, &EventsPanel::updateCount);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &EventsPanel::updateCount);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &EventsPanel::updateCount);
    connect(&m_watcher, &QFutureWatcher<EventIndex>::finished, this, [this] {
        if (m_watcher.isCanceled() || m_watcher.future().resultCount() == 0) return;
        m_model->setIndex(m_trace, m_watcher.result());
        if (m_followAfterBuild) m_table->scrollToBottom();
        emit indexReady();
    });
    fillFilterCombos();
    updateCount();
}

EventsPanel::~EventsPanel() {
    // The worker reads the trace it was given; stop it before the panel's members go.
    m_buildStop.request_stop();
    m_watcher.waitForFinished();
}

void EventsPanel::setPending(const QString& message) {
    m_pending->setText(message);
    m_pending->setVisible(!message.isEmpty());
    m_table->setVisible(message.isEmpty());
}

void EventsPanel::setTrace(std::shared_ptr<const Trace> trace) {
    if (m_live && trace && trace == m_trace) {
        // The live run ended: everything is published now. The rest joins the rows already
        // listed, so the view keeps its place, selection and filter.
        m_live = false;
        addFilterItems();
        if (building()) {
            rebuild(); // the index being built is of an earlier moment: build it again
            return;
        }
        const bool follow = atEnd();
        m_model->finishLive();
        if (follow) m_table->scrollToBottom();
        updateCount();
        return;
    }
    m_live = false;
    m_trace = std::move(trace);
    setPending({});
    fillFilterCombos();
    rebuild();
}

void EventsPanel::setLiveTrace(std::shared_ptr<const Trace> trace) {
    m_live = trace != nullptr;
    m_seenEnd = 0;
    m_trace = std::move(trace);
    setPending({});
    fillFilterCombos();
    rebuild();
}

void EventsPanel::traceGrew() {
    if (!m_live || !m_trace) return;
    addFilterItems(); // threads spawned during the run, objects registered as it starts
    // Only events stamped at or before the latest time seen at the previous call are listed.
    // A recording thread reads the clock, then publishes; one preempted in between publishes
    // an event older than others already out. Anything stamped before that earlier look was
    // stamped before it, so it missed a whole progress interval (~33 ms) if it is still not
    // published: rows come one interval late, and only such rare stragglers go in above the
    // last row (EventsModel::extend puts them in time order).
    const Time until = m_seenEnd;
    m_seenEnd = m_trace->endTime();
    if (building()) return; // the index being built carries on from where it stops
    const bool follow = atEnd();
    // A late row inserted above the first visible one must not push the view down.
    std::optional<EventRef> anchor;
    int top = -1;
    if (!follow && (top = m_table->rowAt(0)) >= 0) anchor = m_model->refAt(top);
    if (m_model->extend(until) == 0) return;
    if (follow) {
        m_table->scrollToBottom();
    } else if (anchor) {
        if (const auto row = m_model->rowOf(*anchor); row && *row != top) putRowAtTop(*row);
    }
}

bool EventsPanel::atEnd() const {
    const QScrollBar* bar = m_table->verticalScrollBar();
    return bar->value() >= bar->maximum() - 1;
}

void EventsPanel::putRowAtTop(int row) {
    QScrollBar* bar = m_table->verticalScrollBar();
    const int value = m_table->verticalScrollMode() == QAbstractItemView::ScrollPerItem
                          ? row
                          : m_table->rowViewportPosition(row) + bar->value();
    // The scroll range catches up with inserted rows only at the next layout: do it now.
    if (value > bar->maximum()) m_table->doItemsLayout();
    bar->setValue(value);
}

void EventsPanel::fillFilterCombos() {
    const QSignalBlocker blockThreads(m_threadFilter);
    const QSignalBlocker blockObjects(m_objectFilter);
    m_threadFilter->clear();
    m_objectFilter->clear();
    m_threadFilter->addItem(tr("All threads"), -1);
    m_objectFilter->addItem(tr("All objects"), -1);
    addFilterItems();
}

void EventsPanel::addFilterItems() {
    if (!m_trace) return;
    // Appends only what is new, so the user's choice stays current while a live run adds
    // threads and objects. Registered entries are published with their names.
    const QSignalBlocker blockThreads(m_threadFilter);
    const QSignalBlocker blockObjects(m_objectFilter);
    for (auto t = std::size_t(m_threadFilter->count() - 1); t < m_trace->threadCount(); ++t)
        m_threadFilter->addItem(QString::fromStdString(m_trace->thread(t).name), int(t));
    for (auto o = std::size_t(m_objectFilter->count() - 1); o < m_trace->objectCount(); ++o)
        m_objectFilter->addItem(QString::fromStdString(m_trace->object(o).name), int(o));
}

void EventsPanel::setFilter(EventFilter filter) {
    const QSignalBlocker blockThreads(m_threadFilter);
    const QSignalBlocker blockObjects(m_objectFilter);
    m_threadFilter->setCurrentIndex(std::max(0, m_threadFilter->findData(filter.thread)));
    m_objectFilter->setCurrentIndex(std::max(0, m_objectFilter->findData(filter.object)));
    rebuild();
}

void EventsPanel::rebuild() {
    m_buildStop.request_stop();
    m_watcher.cancel();
    m_watcher.waitForFinished();
    const EventFilter filter{m_threadFilter->currentData().toInt(),
                             m_objectFilter->currentData().toInt()};
    // A live table that followed the newest row still does under the new filter.
    m_followAfterBuild = m_live && atEnd();
    if (!m_trace || m_trace->eventCount() <= kSyncBuildLimit) {
        m_model->setTrace(m_trace, filter);
        if (m_followAfterBuild) m_table->scrollToBottom();
        emit indexReady();
        return;
    }
    m_model->clear();
    m_count->setText(tr("Indexing %L1 events…").arg(m_trace->eventCount()));
    m_buildStop = std::stop_source();
    m_watcher.setFuture(
        QtConcurrent::run([trace = m_trace, filter, stop = m_buildStop.get_token()] {
            return EventIndex::build(*trace, filter, stop);
        }));
}

void EventsPanel::setHorizon(std::optional<Time> t) {
    m_horizon = t;
    // Like `tail -f`: a table scrolled to its end stays at the end as playback adds rows; one
    // the user scrolled up stays where they put it.
    const bool follow = atEnd();
    m_model->setHorizon(t);
    if (follow && t) m_table->scrollToBottom();
}

void EventsPanel::updateCount() {
    if (m_watcher.isRunning()) return;
    if (!m_model->trace())
        m_count->clear();
    else
        m_count->setText(
            (m_live ? tr("%L1 events so far") : tr("%L1 events")).arg(m_model->rowCount()));
}

void EventsPanel::onCurrentRowChanged(const QModelIndex& current) {
    if (m_syncing || !current.isValid()) return;
    const EventRef ref = m_model->refAt(current.row());
    if (ref.isState) {
        // A thread's last event (it exited) starts no interval: nothing to show for it.
        const Event& e = m_trace->threadEvents(std::size_t(ref.stream))[ref.index];
        if (e.state() != ThreadState::Exited) emit intervalActivated(ref.stream, qint64(ref.index));
    } else {
        emit operationActivated(ref.stream, qint64(ref.index));
    }
}

void EventsPanel::selectRow(std::optional<int> row) {
    m_syncing = true;
    if (row) {
        const QModelIndex index = m_model->index(*row, 0);
        m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect |
                                                              QItemSelectionModel::Rows);
        m_table->scrollTo(index, QAbstractItemView::PositionAtCenter);
    } else {
        m_table->selectionModel()->clearSelection();
    }
    m_syncing = false;
}

void EventsPanel::showInterval(int thread, qint64 interval) {
    selectRow(m_model->rowOf({true, thread, std::size_t(interval)}));
}

void EventsPanel::showOperation(int object, qint64 index) {
    selectRow(m_model->rowOf({false, object, std::size_t(index)}));
}

void EventsPanel::showTime(Time t) {
    if (auto row = m_model->rowAtTime(t)) selectRow(row);
}

} // namespace tl::ui
