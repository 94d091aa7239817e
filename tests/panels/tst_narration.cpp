// Narration for learners: the Events table's "What happens" column says the core's sentence
// for each row, made only for the rows asked for (off the GUI thread when it needs a long
// replay), and the narration line finds the events at the replay cursor.
#include "analysis/narration.h"
#include "format/convert.h"
#include "model/slices.h"
#include "panels/eventsmodel.h"
#include "panels/narrationline.h"
#include "session/narrationcache.h"
#include "testutil.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QtTest>

using namespace tl;
using namespace tl::ui;

namespace {

constexpr Time ms = 1'000'000;

using test::kTwoWorkers;
using test::twoWorkers;

QString expected(const Trace& t, const EventRef& ref) {
    return QString::fromStdString(ref.isState
                                      ? narrateState(t, std::size_t(ref.stream), ref.index)
                                      : narrateOperation(t, std::size_t(ref.stream), ref.index));
}

int rowOf(const EventsModel& m, bool isState, int stream, Time at, Op op = Op::Lock) {
    const Trace& t = *m.trace();
    for (int r = 0; r < m.rowCount(); ++r) {
        const EventRef ref = m.refAt(r);
        if (ref.isState != isState || ref.stream != stream) continue;
        const Event& e = isState ? t.threadEvents(std::size_t(stream))[ref.index]
                                 : t.objectEvents(std::size_t(stream))[ref.index];
        if (e.time == at && (isState || e.op() == op)) return r;
    }
    return -1;
}

} // namespace

class TestNarration : public QObject {
    Q_OBJECT
private slots:
    void everyRowSaysTheCoreSentence();
    void aFewRowsInWords();
    void onlyTheRowsAskedForAreMade();
    void longReplaysAreMadeOffTheGuiThread();
    void eventsAtTheCursor();
    void perfWakeupsSayWhoWoke();
};

void TestNarration::everyRowSaysTheCoreSentence() {
    EventsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const auto t = twoWorkers();
    model.setTrace(t);
    QCOMPARE(model.headerData(EventsModel::NarrationColumn, Qt::Horizontal).toString(),
             QStringLiteral("What happens"));
    for (int r = 0; r < model.rowCount(); ++r) {
        const QModelIndex i = model.index(r, EventsModel::NarrationColumn);
        QCOMPARE(i.data().toString(), expected(*t, model.refAt(r)));
        QCOMPARE(i.data(Qt::ToolTipRole).toString(), i.data().toString());
    }
}

void TestNarration::aFewRowsInWords() {
    EventsModel model;
    const auto t = twoWorkers();
    model.setTrace(t);
    auto said = [&](int row) {
        return model.index(row, EventsModel::NarrationColumn).data().toString();
    };
    const int lock = t->findObject("lock");
    QCOMPARE(said(rowOf(model, false, lock, 4 * ms, Op::Unlock)),
             QStringLiteral("worker 1 unlocks lock \"lock\""));
    QCOMPARE(said(rowOf(model, false, lock, 4 * ms, Op::Lock)),
             QStringLiteral("worker 2 locks lock \"lock\" after waiting for it"));
    QCOMPARE(said(rowOf(model, true, 1, 3 * ms)),
             QStringLiteral("worker 2 is blocked: lock \"lock\" is held by worker 1"));
    QCOMPARE(said(rowOf(model, true, 0, 0)), QStringLiteral("worker 1 works on the CPU"));
}

void TestNarration::onlyTheRowsAskedForAreMade() {
    EventsModel model;
    const auto t = std::shared_ptr<const Trace>(
        test::runScenario("producer-consumer", {{"items", "3000"}}).release());
    model.setTrace(t);
    QVERIFY(model.rowCount() > 5000);
    QCOMPARE(model.narration()->size(), 0); // nothing up front
    for (int r = 100; r < 130; ++r)
        QVERIFY(!model.index(r, EventsModel::NarrationColumn).data().toString().isEmpty());
    QCOMPARE(model.narration()->size(), 30);
    // Asked again: from the cache.
    model.index(110, EventsModel::NarrationColumn).data();
    QCOMPARE(model.narration()->size(), 30);
}

void TestNarration::longReplaysAreMadeOffTheGuiThread() {
    EventsModel model;
    const auto t = twoWorkers();
    model.narration()->setSyncLimit(0); // every stream counts as long
    model.setTrace(t);
    const int row = rowOf(model, true, 1, 3 * ms); // blocked: who holds the lock?
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    const QModelIndex i = model.index(row, EventsModel::NarrationColumn);
    QCOMPARE(i.data().toString(), QStringLiteral("\u2026"));
    QVERIFY(model.narration()->pending());
    QTRY_VERIFY(!changed.isEmpty());
    QCOMPARE(i.data().toString(),
             QStringLiteral("worker 2 is blocked: lock \"lock\" is held by worker 1"));
    // Operations need the object's levels: the same path.
    const int put = rowOf(model, false, 0, 4 * ms, Op::Unlock);
    QCOMPARE(model.index(put, EventsModel::NarrationColumn).data().toString(),
             QStringLiteral("\u2026"));
    QTRY_COMPARE(model.index(put, EventsModel::NarrationColumn).data().toString(),
                 QStringLiteral("worker 1 unlocks lock \"lock\""));
    // A new trace while a batch runs: its sentences are not mixed up.
    model.narration()->sentence({true, 0, 0});
    model.setTrace(twoWorkers());
    QTRY_VERIFY(!model.narration()->pending());
}

void TestNarration::eventsAtTheCursor() {
    const auto t = twoWorkers();
    std::size_t more = 0;
    // At 4 ms: worker 1 unlocks, worker 2 locks (operations first), then state changes.
    auto refs = NarrationLine::eventsAt(*t, 4 * ms + 10, 2, &more);
    QCOMPARE(refs.size(), std::size_t(2));
    QVERIFY(!refs[0].isState && !refs[1].isState);
    QCOMPARE(t->objectEvents(std::size_t(refs[0].stream))[refs[0].index].op(), Op::Unlock);
    QVERIFY(more >= 1); // worker 2 working again
    // Before anything happened: nothing.
    QVERIFY(NarrationLine::eventsAt(*t, -1, 3).empty());
    // Long after the end: the last events.
    refs = NarrationLine::eventsAt(*t, 100 * ms, 10);
    QVERIFY(!refs.empty());

    NarrationCache cache;
    NarrationLine line(&cache);
    line.setTrace(t);
    line.showTime(3 * ms + ms / 2);
    line.flush();
    QVERIFY2(line.text().contains(QStringLiteral("worker 2 is blocked")), qPrintable(line.text()));
}

// A scheduler trace's wakeups: the runnable span a waking begins says who woke the thread,
// in the table's "What happens" column and in the narration line, as a scenario's do; so does
// the span on a CPU that the wakeup's arrow ends on.
void TestNarration::perfWakeupsSayWhoWoke() {
    const std::shared_ptr<const Trace> t =
        loadTrace(std::string(THREADLENS_SOURCE_DIR) + "/tests/data/mutex4.perf.txt", "mutex4");
    const SliceData& d = t->slices();
    // The first wakeup of one worker by another.
    const Flow* flow = nullptr;
    for (const Flow& f : d.flows)
        if (f.fromThread > 0 && f.toThread > 0 && d.name(f.label) != "wakeup_new") {
            flow = &f;
            break;
        }
    QVERIFY(flow);
    const auto to = std::size_t(flow->toThread);
    const std::string waker = t->thread(std::size_t(flow->fromThread)).name + " (tid " +
                              std::to_string(d.threads[std::size_t(flow->fromThread)].tid) + ")";
    const std::string who = t->thread(to).name;
    // The runnable span that ends where the arrow does, and the working one it begins.
    long runnable = -1, working = -1;
    for (std::size_t i = 0; i < t->intervalCount(to); ++i) {
        const Trace::Interval iv = t->interval(to, i);
        if (iv.state == ThreadState::Runnable && iv.range.end == flow->toTime) runnable = long(i);
        if (iv.state == ThreadState::Working && iv.range.start == flow->toTime) working = long(i);
    }
    QVERIFY(runnable >= 0 && working >= 0);
    const std::string cpu =
        " on CPU " + std::to_string(std::stoi(std::string(
                         d.text(flow->args).substr(d.text(flow->args).find("\"cpu\":") + 6))));
    QCOMPARE(narrateState(*t, to, std::size_t(runnable)),
             who + " is woken by " + waker + cpu + " and waits for a free core");
    QCOMPARE(narrateState(*t, to, std::size_t(working)),
             who + " works on the CPU, woken by " + waker + cpu);
    // The sleep before it says what the kernel recorded and who ended it.
    QVERIFY(runnable > 0);
    const Trace::Interval sleep = t->interval(to, std::size_t(runnable - 1));
    QCOMPARE(int(sleep.state), int(ThreadState::Waiting));
    QCOMPARE(int(sleep.reason), int(Reason::Sleep));
    QCOMPARE(narrateState(*t, to, std::size_t(runnable - 1)),
             who + " sleeps in the kernel (S: a futex such as a contended mutex, a timer, a " +
                 "poll), until woken by " + waker + cpu);
    // An idle kernel thread (the whole recording, not only the program) says so rather
    // than "waits".
    const std::shared_ptr<const Trace> all =
        loadTrace(std::string(THREADLENS_SOURCE_DIR) + "/tests/data/mutex4.perf.txt");
    bool idleSeen = false;
    for (std::size_t th = 0; th < all->threadCount() && !idleSeen; ++th)
        for (std::size_t i = 0; i < all->intervalCount(th); ++i) {
            const Trace::Interval iv = all->interval(th, i);
            if (iv.state != ThreadState::Waiting || iv.reason != Reason::KernelIdle) continue;
            const std::string text = narrateState(*all, th, i);
            QVERIFY2(text.rfind(all->thread(th).name + ", a kernel thread, idles (I)", 0) == 0,
                     text.c_str());
            idleSeen = true;
            break;
        }
    QVERIFY(idleSeen);

    EventsModel model;
    model.setTrace(t);
    const int row = rowOf(model, true, int(to), t->interval(to, std::size_t(runnable)).range.start);
    QVERIFY(row >= 0);
    QCOMPARE(
        model.index(row, EventsModel::NarrationColumn).data().toString(),
        QString::fromStdString(who + " is woken by " + waker + cpu + " and waits for a free core"));

    NarrationCache cache;
    NarrationLine line(&cache);
    line.setTrace(t);
    line.showTime(t->interval(to, std::size_t(runnable)).range.start);
    line.flush();
    QVERIFY2(line.text().contains(QString::fromStdString(who + " is woken by " + waker)),
             qPrintable(line.text()));
}

QTEST_MAIN(TestNarration)
#include "tst_narration.moc"
