// Who enabled whom, and the flows of the Chrome JSON export: one set of rules
// (linkrules.h), so the export's flows are exactly objectLinks (less the waited puts, which
// the export leaves out), in every bundled scenario.
#include "analysis/causality.h"
#include "analysis/linkrules.h"
#include "format/chromejson.h"
#include "scenario/catalog.h"
#include "testutil.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <algorithm>
#include <cmath>

using namespace tl;

namespace {

// "name 2@1500->3@2000": a flow or link by its name, threads (tids) and times (ns).
QString arrow(const QString& name, qint64 fromTid, qint64 fromNs, qint64 toTid, qint64 toNs) {
    return QString("%1 %2@%3->%4@%5").arg(name).arg(fromTid).arg(fromNs).arg(toTid).arg(toNs);
}

QString str(std::string_view s) {
    return QString::fromLatin1(s.data(), qsizetype(s.size()));
}

qint64 nanos(const QJsonValue& ts) {
    return qint64(std::llround(ts.toDouble() * 1000));
}

QStringList exportedFlows(const Trace& t) {
    const QJsonDocument doc =
        QJsonDocument::fromJson(QByteArray::fromStdString(chromeTraceString(t)));
    QHash<qint64, QJsonObject> starts;
    QStringList out;
    for (const QJsonValue& v : doc.object()["traceEvents"].toArray()) {
        const QJsonObject e = v.toObject();
        if (e["ph"] == "s") starts.insert(e["id"].toInteger(), e);
        if (e["ph"] != "f") continue;
        const QJsonObject s = starts.take(e["id"].toInteger());
        out << arrow(e["name"].toString(), s["tid"].toInteger(), nanos(s["ts"]),
                     e["tid"].toInteger(), nanos(e["ts"]));
    }
    out.sort();
    return out;
}

QStringList linksOf(const Trace& t) {
    QStringList out;
    for (std::size_t o = 0; o < t.objectCount(); ++o) {
        const EventStream& s = t.objectEvents(o);
        for (const Link& l : objectLinks(t, o)) {
            const Event& a = s[l.from];
            const Event& b = s[l.to];
            const QString from = a.op() == Op::NotifyAll ? QString("notify") : str(opName(a.op()));
            out << arrow(from + "->" + str(opName(b.op())), a.ref + 1, a.time, b.ref + 1, b.time);
        }
    }
    out.sort();
    return out;
}

QStringList linksOf(const Trace& t, int object) {
    QStringList out;
    const EventStream& s = t.objectEvents(std::size_t(object));
    for (const Link& l : objectLinks(t, std::size_t(object)))
        out << QString("%1->%2").arg(s[l.from].time).arg(s[l.to].time);
    return out;
}

} // namespace

class TestLinkRules : public QObject {
    Q_OBJECT
private slots:
    void exportedFlowsAreTheLinks_data() {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<int>("cores");
        for (const BundledScenario& b : bundledScenarios())
            for (const int cores : {1, 4}) {
                const QString id = str(b.id);
                QTest::addRow("%s/%d", qPrintable(id), cores) << id << cores;
            }
    }
    void exportedFlowsAreTheLinks() {
        QFETCH(QString, scenario);
        QFETCH(int, cores);
        const auto t = test::runScenario(scenario.toStdString(), {}, {.cores = cores});
        const QStringList links = linksOf(*t);
        // Every link is a flow, but for a waited put's (drawn in the app, not exported).
        QStringList flows = links;
        flows.removeIf([](const QString& l) { return l.startsWith("get->put "); });
        QCOMPARE(exportedFlows(*t), flows);
        if (scenario == "producer-consumer") QVERIFY(links.size() > flows.size());
    }

    void ruleNames() {
        QCOMPARE(linkRuleName(LinkRule::UnlockLock), std::string_view("unlock->lock"));
        QCOMPARE(linkRuleName(LinkRule::GetPut), std::string_view("get->put"));
        QVERIFY(!exportedAsFlow(LinkRule::GetPut) && !exportedAsFlow(LinkRule::None));
        QVERIFY(exportedAsFlow(LinkRule::UnlockLock) && exportedAsFlow(LinkRule::PutGet));
        QCOMPARE(linkRuleName(LinkRule::SetWake), std::string_view("set->wake"));
    }

    // Releases nobody takes are counted, not stored; each acquire still takes the oldest.
    void semaphoreTakesTheOldestRelease() {
        Trace t;
        const int a = t.addThread({"a 1", "a", 1});
        const int sem = t.addObject({ObjectKind::Semaphore, "sem", 0});
        for (Time i = 1; i <= 5; ++i)
            t.operation(sem, i, Op::Release, a, std::uint32_t(i));
        t.operation(sem, 10, Op::Acquire, a, 4, OpFlagWaited);
        t.operation(sem, 11, Op::Acquire, a, 3);
        t.operation(sem, 12, Op::Acquire, a, 2, OpFlagWaited);
        t.operation(sem, 13, Op::Release, a, 3);
        for (Time i = 14; i <= 16; ++i)
            t.operation(sem, i, Op::Acquire, a, 0, OpFlagWaited);
        t.operation(sem, 17, Op::Acquire, a, 0, OpFlagWaited); // nothing left to take
        QCOMPARE(linksOf(t, sem), QStringList({"1->10", "3->12", "4->14", "5->15", "13->16"}));
        QCOMPARE(exportedFlows(t).size(), 5);
    }

    // A broken barrier was opened by its abort, never by an arrival; without a recorded
    // abort there is no link.
    void brokenPassNeedsItsAbort() {
        Trace t;
        const int a = t.addThread({"a 1", "a", 1});
        const int b = t.addThread({"b 1", "b", 1});
        const int bar = t.addObject({ObjectKind::Barrier, "bar", 3});
        t.operation(bar, 1, Op::Arrive, a, 0);
        t.operation(bar, 2, Op::Arrive, b, 0);
        t.operation(bar, 3, Op::Pass, a, 0, OpFlagWaited | OpFlagBroken);
        QCOMPARE(linksOf(t, bar), QStringList());
        t.operation(bar, 4, Op::Abort, b, 0);
        t.operation(bar, 4, Op::Pass, b, 0, OpFlagWaited | OpFlagBroken);
        QCOMPARE(linksOf(t, bar), QStringList({"4->4"}));
        QCOMPARE(exportedFlows(t), QStringList({arrow("abort->pass", 2, 4, 2, 4)}));
    }

    // Two puts that waited for room: each is let in by the last get before it.
    void waitedPutFollowsTheLastGet() {
        Trace t;
        const int p = t.addThread({"p 1", "p", 1});
        const int c = t.addThread({"c 1", "c", 1});
        const int q = t.addObject({ObjectKind::Queue, "q", 1});
        t.operation(q, 1, Op::Put, p, 1);
        t.operation(q, 2, Op::Get, c, 1);
        t.operation(q, 3, Op::Put, p, 2, OpFlagWaited);
        t.operation(q, 4, Op::Get, c, 2);
        t.operation(q, 5, Op::Put, p, 3);
        t.operation(q, 6, Op::Get, c, 0, OpFlagClosed); // finds the queue closed: no room made
        t.operation(q, 7, Op::Put, p, 4, OpFlagWaited);
        QCOMPARE(linksOf(t, q), QStringList({"1->2", "2->3", "3->4", "4->7"}));
        // The export writes the items' way only.
        QCOMPARE(exportedFlows(t),
                 QStringList({arrow("put->get", 1, 1, 2, 2), arrow("put->get", 1, 3, 2, 4)}));
    }
};

QTEST_GUILESS_MAIN(TestLinkRules)
#include "tst_linkrules.moc"
