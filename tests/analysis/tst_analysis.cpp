// Understanding a run: statistics, who enabled whom, deadlock cycles, and narration.
#include "analysis/causality.h"
#include "analysis/checks.h"
#include "analysis/moments.h"
#include "analysis/narration.h"
#include "analysis/stats.h"
#include "model/timefmt.h"
#include "testutil.h"

#include <QtTest>

using namespace tl;
using test::runScenario;
using test::runText;

namespace {

constexpr Time ms = 1'000'000;

using test::kTwoWorkers;
// The interval of a thread that starts at `at`.
std::size_t intervalStarting(const Trace& t, const std::string& thread, Time at) {
    const int th = t.findThread(thread);
    const long i = t.intervalAt(std::size_t(th), at);
    Q_ASSERT(i >= 0);
    return std::size_t(i);
}

QString op(const Trace& t, const Link& l, bool to) {
    const Event& e = t.objectEvents(std::size_t(l.object))[to ? l.to : l.from];
    return QString("%1 %2 %3")
        .arg(QString::fromStdString(exactTime(e.time)),
             QString::fromStdString(t.thread(e.ref).name),
             QString::fromStdString(std::string(opName(e.op()))));
}

} // namespace

class TestAnalysis : public QObject {
    Q_OBJECT
private slots:
    void statisticsOfTwoWorkers() {
        const auto t = runText(kTwoWorkers);
        const Statistics st = computeStatistics(*t);
        QCOMPARE(st.run.duration, 9 * ms);
        QCOMPARE(st.threads.size(), std::size_t(2));
        QCOMPARE(st.threads[1].time[std::size_t(ThreadState::Blocked)], 1 * ms);
        QCOMPARE(st.threads[1].time[std::size_t(ThreadState::Working)], 8 * ms);
        QCOMPARE(st.threads[1].waits, 1);
        QCOMPARE(st.threads[0].waits, 0);
        const ObjectStats& lock = st.objects[0];
        QCOMPARE(lock.acquisitions, 4);
        QCOMPARE(lock.contended, 2); // worker 2 twice; the second hand-off took no time
        QCOMPARE(lock.wait.count, 1);
        QCOMPARE(lock.wait.total, 1 * ms);
        QCOMPARE(lock.wait.max, 1 * ms);
        QCOMPARE(lock.hold.count, 4);
        QCOMPARE(lock.hold.mean, 1 * ms);
        QCOMPARE(lock.maxLevel, std::int64_t(1));
        QCOMPARE(st.run.unit, std::string("lock acquisitions"));
        QCOMPARE(st.run.completed, 4);
        QCOMPARE(st.run.longestWait, 1 * ms);
        QCOMPARE(t->thread(std::size_t(st.run.longestWaiter)).name, std::string("worker 2"));
        QCOMPARE(t->thread(std::size_t(st.run.longestCauser)).name, std::string("worker 1"));
        QCOMPARE(st.run.fairness, 1.0);
        // mean level: held 4 ms of 9
        QCOMPARE(qRound(lock.meanLevel * 900), 400);
    }

    void statisticsFollowARange() {
        const auto t = runText(kTwoWorkers);
        const Statistics st = computeStatistics(*t, {2 * ms, 5 * ms});
        QCOMPARE(st.run.duration, 3 * ms);
        QCOMPARE(st.threads[1].time[std::size_t(ThreadState::Blocked)], 1 * ms);
        QCOMPARE(st.threads[1].time[std::size_t(ThreadState::Working)], 2 * ms);
        QCOMPARE(st.objects[0].acquisitions, 2); // at 3 ms and 4 ms
        // A range that ends within worker 2's wait (3 ms to 4 ms) counts the wait up to its end.
        const Statistics half = computeStatistics(*t, {2 * ms, 3 * ms + ms / 2});
        QCOMPARE(half.run.longestWait, ms / 2);
        QCOMPARE(half.objects[0].wait.count, 1);
        QCOMPARE(half.objects[0].wait.total, ms / 2);
        QCOMPARE(half.objects[0].wait.max, ms / 2);
        QCOMPARE(t->thread(std::size_t(half.run.longestWaiter)).name, std::string("worker 2"));
        QCOMPARE(t->thread(std::size_t(half.run.longestCauser)).name, std::string("worker 1"));
        const Statistics late = computeStatistics(*t, {5 * ms, 9 * ms});
        QCOMPARE(late.threads[1].waits, 0);
        QCOMPARE(late.objects[0].wait.count, 0);
    }

    void queueAndBarrierFigures() {
        const auto t = runText(R"({"id": "q", "title": "Q",
            "objects": [ {"queue": "q", "capacity": 2}, {"barrier": "b", "parties": 2} ],
            "roles": [ {"name": "p", "program": [ {"repeat": 4, "do": [ {"put": "q"} ]}, {"close": "q"} ]},
                       {"name": "c", "program": [ {"drain": "q", "do": [ {"work": "1ms"} ]} ]},
                       {"name": "x", "count": 2, "program": [ {"work": "$index * 1ms"}, {"wait": "b"} ]} ]})");
        const Statistics st = computeStatistics(*t);
        const ObjectStats& q = st.objects[0];
        QCOMPARE(q.acquisitions, 4);
        QCOMPARE(q.maxLevel, std::int64_t(2));
        QVERIFY(q.timeFull > 0);
        const ObjectStats& b = st.objects[1];
        QCOMPARE(b.generations, 1);
        QCOMPARE(b.skewMax, 1 * ms);
        QCOMPARE(st.run.unit, std::string("items"));
        QCOMPARE(st.run.completed, 4);
    }

    void fairnessOfWaitingTime() {
        // Three workers lock m twice each in 100 ns, blocked 10, 40 and 25 ns before their
        // first lock; a main thread waits all along to join them; with `starved`, a fifth
        // thread is blocked on m all along and never gets it.
        auto make = [](bool starved) {
            auto t = std::make_unique<Trace>();
            const int m = t->addObject({ObjectKind::Mutex, "m", 0});
            const int threads = t->addObject({ObjectKind::Threads, "threads", 0});
            const Time blocked[3] = {10, 40, 25};
            const char* const names[3] = {"w1", "w2", "w3"};
            for (int w = 0; w < 3; ++w) {
                t->addThread({names[w], "worker", w + 1});
                t->setState(w, 0, ThreadState::Blocked, m, Reason::Lock);
                t->setState(w, blocked[w], ThreadState::Working);
                t->operation(m, blocked[w], Op::Lock, w, 0, OpFlagWaited);
                t->operation(m, blocked[w] + 1, Op::Unlock, w);
                t->operation(m, 90, Op::Lock, w);
                t->operation(m, 91, Op::Unlock, w);
                t->setState(w, 100, ThreadState::Exited);
            }
            t->addThread({"main", "main", 4});
            t->setState(3, 0, ThreadState::Waiting, threads, Reason::Join);
            t->setState(3, 100, ThreadState::Exited);
            if (starved) {
                t->addThread({"late", "worker", 5});
                t->setState(4, 0, ThreadState::Blocked, m, Reason::Lock);
            }
            t->setEndTime(100);
            return t;
        };
        const auto three = make(false);
        const Statistics st = computeStatistics(*three);
        // Two acquisitions each: as even as can be.
        QCOMPARE(st.run.fairness, 1.0);
        QCOMPARE(st.run.acquirers, 3);
        QCOMPARE(st.run.fewestAcquisitions, 2);
        QCOMPARE(st.run.mostAcquisitions, 2);
        QCOMPARE(evenness(st.run.fairness, 2, 2), Evenness::Even);
        // Waiting shares 0.10, 0.40, 0.25 (main's join is not counted): (0.75)^2 / (3 *
        // 0.2325) = 0.806. Above 0.80, but 10 % and 40 % are a factor of four apart.
        QCOMPARE(st.run.waiters, 3);
        QCOMPARE(st.run.leastWaitShare, 0.10);
        QCOMPARE(st.run.mostWaitShare, 0.40);
        QCOMPARE(qRound(st.run.waitFairness * 10000), 8065);
        QCOMPARE(evenness(st.run.waitFairness, 0.10, 0.40), Evenness::Uneven);
        const std::string text = formatStatistics(*three, st);
        QVERIFY2(text.find("fairness of acquisitions (Jain's index, 1 = even): 1.000, even "
                           "(2 each, 3 threads)") != std::string::npos,
                 text.c_str());
        QVERIFY2(text.find("fairness of waiting time (Jain's index of shares blocked or "
                           "waiting): 0.806, uneven (10.0% to 40.0% of their time, 3 "
                           "threads)") != std::string::npos,
                 text.c_str());

        // The thread that never got the lock counts among the waiters, with a share of 1:
        // (1.75)^2 / (4 * 1.2325) = 0.621. It has no acquisitions to count.
        const auto four = make(true);
        const Statistics st4 = computeStatistics(*four);
        QCOMPARE(st4.run.fairness, 1.0);
        QCOMPARE(st4.run.acquirers, 3);
        QCOMPARE(st4.run.waiters, 4);
        QCOMPARE(st4.run.mostWaitShare, 1.0);
        QCOMPARE(qRound(st4.run.waitFairness * 10000), 6212);

        // A range in which nobody waits: everyone is even, and says so.
        const Statistics quiet = computeStatistics(*three, {50, 100});
        QCOMPARE(quiet.run.waiters, 3);
        QCOMPARE(quiet.run.mostWaitShare, 0.0);
        QCOMPARE(quiet.run.waitFairness, 1.0);
        QVERIFY(formatStatistics(*three, quiet).find("waiting): nobody waited") !=
                std::string::npos);
        const QString csv = QString::fromStdString(statisticsCsv(*three, st));
        const QStringList lines = csv.trimmed().split('\n');
        const QStringList header = lines[0].split(',');
        const QStringList run = lines.back().split(',');
        QCOMPARE(run[header.indexOf("fairness")], QString("1.0000"));
        QCOMPARE(run[header.indexOf("wait_fairness")], QString("0.8065"));
        QCOMPARE(run[header.indexOf("wait_share_min")], QString("0.1000"));
        QCOMPARE(run[header.indexOf("wait_share_max")], QString("0.4000"));
        QCOMPARE(run[header.indexOf("acquisitions_min")], QString("2"));
    }

    void evennessHeedsTheSpread() {
        // 63 threads at x and one at x / 4: Jain's index 0.991, yet not even.
        QCOMPARE(evenness(0.991, 0.25, 1), Evenness::Uneven);
        QCOMPARE(evenness(1.0, 20, 20), Evenness::Even);
        QCOMPARE(evenness(0.999, 0.493, 0.545), Evenness::Even);
        QCOMPARE(evenness(0.962, 97, 145), Evenness::FairlyEven); // 1.49 times
        QCOMPARE(evenness(0.85, 1, 2.5), Evenness::Uneven);
        QCOMPARE(evenness(0.44, 0.008, 0.535), Evenness::VeryUneven);
        QCOMPARE(evenness(0.96, 0, 0.1), Evenness::Uneven); // someone never waited
        QCOMPARE(evenness(1.0, 0, 0), Evenness::Even);      // nobody did
        QCOMPARE(std::string(evennessName(Evenness::FairlyEven)), std::string("fairly even"));
    }

    void csvColumns() {
        const auto t = runText(kTwoWorkers);
        const QString csv = QString::fromStdString(statisticsCsv(*t, computeStatistics(*t)));
        const QStringList lines = csv.trimmed().split('\n');
        QCOMPARE(lines.size(), 1 + 2 + 1 + 1); // header, 2 threads, 1 object, run
        const QStringList header = lines[0].split(',');
        QCOMPARE(header.mid(0, 4), QStringList({"section", "name", "kind", "working_ns"}));
        QVERIFY(header.contains("wait_p95_ns"));
        QVERIFY(header.contains("contention"));
        QVERIFY(header.contains("fairness"));
        for (const QString& l : lines)
            QCOMPARE(l.split(',').size(), header.size());
        const QStringList w2 = lines[2].split(',');
        QCOMPARE(w2[0], QString("thread"));
        QCOMPARE(w2[1], QString("worker 2"));
        QCOMPARE(w2[header.indexOf("blocked_ns")], QString("1000000"));
        const QStringList obj = lines[3].split(',');
        QCOMPARE(obj[header.indexOf("acquisitions")], QString("4"));
        QCOMPARE(obj[header.indexOf("wait_total_ns")], QString("1000000"));
        QCOMPARE(obj[header.indexOf("contention")], QString("0.5000"));
        QVERIFY(lines[4].startsWith("run,two,lock acquisitions,"));
    }

    void lockHandOff() {
        const auto t = runText(kTwoWorkers);
        const auto links = objectLinks(*t, 0);
        QCOMPARE(links.size(), std::size_t(2));
        QCOMPARE(op(*t, links[0], false), QString("4ms worker 1 unlock"));
        QCOMPARE(op(*t, links[0], true), QString("4ms worker 2 lock"));
        const std::size_t blocked = intervalStarting(*t, "worker 2", 3 * ms);
        QCOMPARE(QString::fromStdString(describeWait(*t, 1, blocked)),
                 QString("blocked 1 ms on lock, held by worker 1, woken by worker 1's unlock"));
    }

    void queueSemaphoreBarrierConditionEvent() {
        const auto t = runText(R"({"id": "all", "title": "All",
            "objects": [ {"queue": "q", "capacity": 1}, {"semaphore": "s", "permits": 1},
                         {"barrier": "b", "parties": 2}, {"mutex": "m"}, {"condition": "c", "mutex": "m"},
                         {"event": "e"} ],
            "roles": [
              {"name": "producer", "program": [ {"work": "1ms"}, {"put": "q"}, {"put": "q"}, {"put": "q"} ]},
              {"name": "consumer", "program": [ {"get": "q"}, {"work": "2ms"}, {"get": "q"}, {"work": "2ms"}, {"get": "q"} ]},
              {"name": "holder", "program": [ {"acquire": "s"}, {"work": "3ms"}, {"release": "s"} ]},
              {"name": "asker", "program": [ {"sleep": "1ms"}, {"acquire": "s"}, {"release": "s"} ]},
              {"name": "early", "program": [ {"wait": "b"} ]},
              {"name": "late", "program": [ {"sleep": "2ms"}, {"wait": "b"} ]},
              {"name": "sleeper", "program": [ {"lock": "m"}, {"wait": "c"}, {"unlock": "m"} ]},
              {"name": "notifier", "program": [ {"sleep": "1ms"}, {"lock": "m"}, {"notify": "c"}, {"unlock": "m"} ]},
              {"name": "watcher", "program": [ {"wait": "e"} ]},
              {"name": "setter", "program": [ {"sleep": "4ms"}, {"set": "e"} ]} ]})");
        QCOMPARE(t->outcome(), Outcome::Completed);
        auto linksOf = [&](const char* object) {
            QStringList out;
            for (const Link& l : objectLinks(*t, std::size_t(t->findObject(object))))
                out << op(*t, l, false) + " -> " + op(*t, l, true);
            return out;
        };
        // put -> get of the same item; the second put waited for the room the first get made
        QCOMPARE(linksOf("q"), QStringList({"1ms producer put -> 1ms consumer get",
                                            "1ms producer put -> 3ms consumer get",
                                            "3ms consumer get -> 3ms producer put",
                                            "3ms producer put -> 5ms consumer get"}));
        QCOMPARE(linksOf("s"), QStringList({"3ms holder release -> 3ms asker acquire"}));
        QCOMPARE(linksOf("b"), QStringList({"2ms late arrive -> 2ms early pass"}));
        QCOMPARE(linksOf("c"), QStringList({"1ms notifier notify -> 1ms sleeper wake"}));
        QCOMPARE(linksOf("e"), QStringList({"4ms setter set -> 4ms watcher wake"}));
        const std::size_t w = intervalStarting(*t, "watcher", 0);
        QCOMPARE(QString::fromStdString(describeWait(*t, std::size_t(t->findThread("watcher")), w)),
                 QString("waiting 4 ms on e (event), woken by setter's set"));
    }

    void oppositeOrderDeadlocksWithTheCycle() {
        const auto t = runScenario("lock-order", {{"order", "opposite"}});
        QCOMPARE(t->outcome(), Outcome::Deadlock);
        QCOMPARE(
            QString::fromStdString(t->message()),
            QString("deadlock: a-to-b holds account A and waits for account B, held by b-to-a, "
                    "who waits for account A, held by a-to-b. Nobody can go on."));
        const DeadlockReport r = analyseDeadlock(*t);
        QVERIFY(r.cycle);
        QCOMPARE(r.threads, std::vector<int>({t->findThread("a-to-b"), t->findThread("b-to-a")}));
        QCOMPARE(r.objects,
                 std::vector<int>({t->findObject("account B"), t->findObject("account A")}));
    }
    void sameOrderNeverDeadlocks() {
        for (std::uint64_t seed = 1; seed <= 25; ++seed) {
            RunOptions o;
            o.seed = seed;
            const auto t = runScenario("lock-order", {{"order", "same"}, {"pairs", "3"}}, o);
            QCOMPARE(t->outcome(), Outcome::Completed);
            QVERIFY(allPassed(runChecks(*t)));
        }
        // and the opposite order does deadlock for most seeds
        int deadlocks = 0;
        for (std::uint64_t seed = 1; seed <= 10; ++seed) {
            RunOptions o;
            o.seed = seed;
            deadlocks += runScenario("lock-order", {}, o)->outcome() == Outcome::Deadlock;
        }
        QVERIFY(deadlocks >= 5);
    }
    void philosophersCycle() {
        const auto t = runScenario("dining-philosophers", {});
        QCOMPARE(
            QString::fromStdString(t->message()),
            QString(
                "deadlock: philosopher 1 holds fork 1 and waits for fork 2, held by philosopher 2, "
                "who waits for fork 3, held by philosopher 3, who waits for fork 4, held by "
                "philosopher 4, who waits for fork 5, held by philosopher 5, who waits for fork 1, "
                "held by philosopher 1. Nobody can go on."));
    }

    void lookForMoments() {
        int found = 0, bullets = 0;
        for (const Scenario& s : loadBundledScenarios()) {
            QCOMPARE(s.lookForMoments.size(), s.lookFor.size());
            const auto t = runScenario(s.id, {});
            for (const MomentQuery& q : s.lookForMoments) {
                if (!q.valid) continue;
                ++bullets;
                const auto m = findMoment(*t, q);
                found += m.has_value();
                if (m) QVERIFY(m->span.start >= 0 && m->span.end <= t->endTime());
            }
        }
        QVERIFY(bullets >= 35);
        QVERIFY(found >= bullets * 3 / 4); // a few need more threads than cores to happen
        // the first time a producer finds the queue full
        const auto pc = runScenario("producer-consumer", {});
        MomentQuery q;
        q.valid = true;
        q.state = "waiting";
        q.reason = "queue full";
        const auto m = findMoment(*pc, q);
        QVERIFY(m);
        QCOMPARE(pc->thread(std::size_t(m->thread)).role, std::string("producer"));
        const auto iv = pc->interval(std::size_t(m->thread), std::size_t(m->interval));
        QCOMPARE(iv.reason, Reason::QueueFull);
        for (std::size_t th = 0; th < pc->threadCount(); ++th)
            for (std::size_t i = 0; i < pc->intervalCount(th); ++i)
                if (pc->interval(th, i).reason == Reason::QueueFull)
                    QVERIFY(pc->interval(th, i).range.start >= m->span.start);
        // the first failed try-lock
        MomentQuery f;
        f.valid = true;
        f.op = "trylock-failed";
        const auto tl = runScenario("try-lock-polling", {});
        const auto fm = findMoment(*tl, f);
        QVERIFY(fm);
        QCOMPARE(tl->thread(std::size_t(fm->thread)).name, std::string("worker"));
        QCOMPARE(tl->objectEvents(std::size_t(fm->object))[std::size_t(fm->index)].op(),
                 Op::TrylockFailed);
    }

    void narration() {
        const auto t = runScenario("producer-consumer", {{"capacity", "2"}, {"items", "6"}});
        const int jobs = t->findObject("jobs");
        const EventStream& s = t->objectEvents(std::size_t(jobs));
        const auto levels = objectLevels(*t, std::size_t(jobs));
        QStringList sentences;
        for (std::size_t i = 0; i < 3; ++i)
            sentences << QString::fromStdString(narrateOperation(*t, std::size_t(jobs), i, levels));
        QCOMPARE(sentences[0], QString("producer 1 puts item 1; the queue now holds 1 of 2"));
        QCOMPARE(sentences[1], QString("consumer 1 gets item 1; 0 left in the queue"));
        QVERIFY(s.size() > 3);
        QCOMPARE(
            QString::fromStdString(narrateOperation(*t, std::size_t(jobs), s.size() - 1)).isEmpty(),
            false);
        // a consumer's first interval: it waits for the first item
        const int c2 = t->findThread("consumer 2");
        QCOMPARE(QString::fromStdString(narrateState(*t, std::size_t(c2), 0)),
                 QString("consumer 2 waits: queue \"jobs\" is empty"));
        const auto lt = runText(kTwoWorkers);
        QCOMPARE(
            QString::fromStdString(narrateState(*lt, 1, intervalStarting(*lt, "worker 2", 3 * ms))),
            QString("worker 2 is blocked: lock \"lock\" is held by worker 1"));
        QCOMPARE(QString::fromStdString(narrateOperation(*lt, 0, 1)),
                 QString("worker 1 unlocks lock \"lock\""));
        QCOMPARE(QString::fromStdString(narrateOperation(*lt, 0, 2)),
                 QString("worker 2 locks lock \"lock\" after waiting for it"));
    }
};

QTEST_GUILESS_MAIN(TestAnalysis)
#include "tst_analysis.moc"
