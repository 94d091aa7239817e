// The scenario list (ScenarioListModel) under QAbstractItemModelTester, the Session's current
// scenario and values over it, and the Scenarios dock following the session: rows only ever
// added, a removed file only unlisted, a scenario that never moves in memory, each visited
// scenario's values kept, values still valid carried over a reload.
#include "panels/scenariopanel.h"
#include "scenario/catalog.h"
#include "session/scenariolistmodel.h"
#include "session/session.h"
#include "uitest.h"

#include "testutil.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QListView>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QtTest>

using namespace tl;
using namespace tl::ui;

namespace {

Scenario mine(const char* title, int maxWorkers) {
    return parseScenario(QStringLiteral(R"({
  "id": "mine", "title": "%1",
  "parameters": [ {"name": "workers", "label": "Workers", "type": "int", "min": 1, "max": %2,
                   "default": 2, "help": "Threads."},
                  {"name": "hold", "label": "Hold", "type": "duration", "min": "1us",
                   "max": "1s", "default": "1ms", "help": "Time in the lock."} ],
  "objects": [ {"mutex": "m"} ],
  "roles": [ {"name": "worker", "count": "$workers", "program": [
    {"lock": "m"}, {"work": "$hold"}, {"unlock": "m"} ]} ]
})")
                             .arg(QString::fromUtf8(title))
                             .arg(maxWorkers)
                             .toStdString(),
                         "mine.json");
}

ParamValues withWorkers(const Scenario& s, const char* workers) {
    ParamValues v = defaultValues(s);
    setParameter(s, v, "workers", workers);
    return v;
}

} // namespace

class TestScenarioListModel : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void rowsAndRoles();
    void growsAndChangesUnderTheTester();
    void scenariosNeverMove();
    void currentScenarioAndItsValues();
    void reloadCarriesValidValuesOver();
    void removingTheCurrentPicksAnother();
    void panelFollowsTheSession();

private:
    QTemporaryDir m_settings;
};

void TestScenarioListModel::initTestCase() {
    useTestSettings(m_settings.path(), QStringLiteral("tst_scenariolistmodel"));
}

void TestScenarioListModel::init() {
    QSettings().clear();
}

void TestScenarioListModel::rowsAndRoles() {
    ScenarioListModel model(loadBundledScenarios());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), int(bundledScenarios().size()));
    QCOMPARE(model.rowCount(model.index(0)), 0); // a list: no children
    const QModelIndex first = model.index(0);
    QCOMPARE(first.data().toString(), QStringLiteral("Producer / consumer with a bounded queue"));
    QCOMPARE(first.data(ScenarioListModel::IdRole).toString(), QStringLiteral("producer-consumer"));
    QCOMPARE(first.data(Qt::ToolTipRole).toString(),
             QStringLiteral("Producer / consumer with a bounded queue (id: producer-consumer)"));
    QVERIFY(first.data(ScenarioListModel::PathRole).toString().isEmpty());
    QVERIFY(first.data(ScenarioListModel::ListedRole).toBool());
    QVERIFY(!first.data(Qt::DecorationRole).isValid()); // bundled: no mark
    QCOMPARE(model.find(QStringLiteral("spin-lock")), model.count() - 1);
    QCOMPARE(model.find(QStringLiteral("nothing")), -1);
    QVERIFY(!model.scenario(-1) && !model.scenario(model.count()));
    QCOMPARE(model.roleNames().value(ScenarioListModel::IdRole), QByteArray("id"));
}

void TestScenarioListModel::growsAndChangesUnderTheTester() {
    ScenarioListModel model(loadBundledScenarios());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const int bundled = model.count();
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy replaced(&model, &ScenarioListModel::scenarioReplaced);

    const int row = model.append(mine("Mine", 8), QStringLiteral("/files/mine.json"));
    QCOMPARE(row, bundled);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.first().at(1).toInt(), row);
    QCOMPARE(model.index(row).data(Qt::ToolTipRole).toString(),
             QStringLiteral("Your scenario file: %1")
                 .arg(QDir::toNativeSeparators(QStringLiteral("/files/mine.json"))));
    QVERIFY(model.isUserFile(row));
    QVERIFY(!model.isUserFile(0));

    // Loaded again, broken: the error, and the scenario before handed on.
    model.replace(row, mine("Mine, edited", 8), QStringLiteral("line 3: a comma is missing"));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.first().at(0).value<QModelIndex>().row(), row);
    QCOMPARE(replaced.count(), 1);
    QCOMPARE(replaced.first().at(0).toInt(), row);
    QCOMPARE(replaced.first().at(1).value<Scenario>().title, std::string("Mine"));
    QCOMPARE(model.index(row).data().toString(), QStringLiteral("Mine, edited"));
    QCOMPARE(model.error(row), QStringLiteral("line 3: a comma is missing"));
    QVERIFY(model.index(row)
                .data(Qt::ToolTipRole)
                .toString()
                .endsWith(QStringLiteral("Cannot be used: line 3: a comma is missing")));

    // Unlisted: the row stays (a row number names one scenario for good), find skips it.
    QSignalSpy listed(&model, &ScenarioListModel::listedChanged);
    model.setListed(row, false);
    QCOMPARE(model.count(), bundled + 1);
    QVERIFY(!model.isListed(row));
    QVERIFY(!model.index(row).data(ScenarioListModel::ListedRole).toBool());
    QCOMPARE(model.find(QStringLiteral("mine")), -1);
    QCOMPARE(listed.count(), 1);
    model.setListed(row, false); // no change, no signal
    QCOMPARE(listed.count(), 1);
    model.setListed(row, true);
    QCOMPARE(model.find(QStringLiteral("mine")), row);
    // Out of range: nothing happens.
    model.replace(model.count(), mine("x", 8));
    model.setListed(-1, false);
    QCOMPARE(replaced.count(), 1);
}

void TestScenarioListModel::scenariosNeverMove() {
    ScenarioListModel model(loadBundledScenarios());
    const Scenario* first = model.scenario(0);
    const int row = model.append(mine("Mine", 8), QStringLiteral("/m.json"));
    const Scenario* added = model.scenario(row);
    for (int i = 0; i < 200; ++i) // enough to move any vector's storage
        model.append(mine("More", 8), QStringLiteral("/more%1.json").arg(i));
    QCOMPARE(model.scenario(0), first);
    QCOMPARE(model.scenario(row), added);
    // A reload is seen through the same pointer.
    model.replace(row, mine("Mine again", 8));
    QCOMPARE(added->title, std::string("Mine again"));
}

void TestScenarioListModel::currentScenarioAndItsValues() {
    Session session;
    QCOMPARE(session.currentIndex(), -1);
    QVERIFY(!session.currentScenario());
    QSignalSpy changed(&session, &Session::currentScenarioChanged);
    QVERIFY(session.selectScenario(QStringLiteral("lock-contention")));
    QCOMPARE(changed.count(), 1);
    const int lock = session.currentIndex();
    QCOMPARE(session.currentScenario()->id, std::string("lock-contention"));
    // Not visited before, nothing saved: the defaults.
    QVERIFY(session.values() == defaultValues(*session.currentScenario()));
    QVERIFY(session.selectScenario(QStringLiteral("lock-contention"))); // already: no signal
    QCOMPARE(changed.count(), 1);

    QSignalSpy values(&session, &Session::valuesChanged);
    const ParamValues edited = withWorkers(*session.currentScenario(), "7");
    session.setValues(edited, QStringLiteral("Workers: typed, not entered"));
    QCOMPARE(values.count(), 1);
    QCOMPARE(session.valuesError(), QStringLiteral("Workers: typed, not entered"));
    session.setValues(edited, QStringLiteral("Workers: typed, not entered"));
    QCOMPARE(values.count(), 1); // the same: no signal

    // Another scenario and back: each keeps its own values.
    QVERIFY(session.selectScenario(QStringLiteral("producer-consumer")));
    QVERIFY(session.valuesError().isEmpty());
    QVERIFY(session.values() == defaultValues(*session.currentScenario()));
    QVERIFY(session.setCurrentIndex(lock));
    QVERIFY(session.values() == edited);
    const auto visited = session.visitedValues();
    QCOMPARE(visited.size(), std::size_t(2));
    QVERIFY(visited.at(lock) == edited);

    QVERIFY(!session.selectScenario(QStringLiteral("no-such-scenario")));
    QVERIFY(!session.setCurrentIndex(-1));
    QVERIFY(!session.setCurrentIndex(session.scenarios()->count()));
    QCOMPARE(session.currentIndex(), lock);

    RunOptions options;
    options.seed = 42;
    QSignalSpy optionsChanged(&session, &Session::runOptionsChanged);
    session.setRunOptions(options);
    session.setRunOptions(options);
    QCOMPARE(optionsChanged.count(), 1);
    QCOMPARE(session.runOptions().seed, std::uint64_t(42));

    // The trace on show.
    QSignalSpy traces(&session, &Session::traceChanged);
    const auto trace = test::twoWorkers();
    session.setTrace(trace);
    QCOMPARE(session.trace(), trace);
    QCOMPARE(traces.count(), 1);
}

void TestScenarioListModel::reloadCarriesValidValuesOver() {
    Session session;
    ScenarioListModel* list = session.scenarios();
    const int row = list->append(mine("Mine", 8), QStringLiteral("/mine.json"));
    QVERIFY(session.setCurrentIndex(row));
    session.setValues(withWorkers(*session.currentScenario(), "6"));
    QSignalSpy reloaded(&session, &Session::currentScenarioReloaded);

    // A wider range keeps 6; a narrower one gives the default; the other value stays.
    list->replace(row, mine("Wider", 10));
    QCOMPARE(reloaded.count(), 1);
    QCOMPARE(session.values().at("workers").number, 6);
    QCOMPARE(session.values().at("hold").number, 1'000'000);
    list->replace(row, mine("Narrow", 4));
    QCOMPARE(session.values().at("workers").number, 2);
    // Broken (the last good version stands in): the values stay as they were.
    session.setValues(withWorkers(*session.currentScenario(), "3"));
    list->replace(row, mine("Narrow", 4), QStringLiteral("line 1: broken"));
    QCOMPARE(session.values().at("workers").number, 3);
    QCOMPARE(session.scenarioError(), QStringLiteral("line 1: broken"));
    QCOMPARE(reloaded.count(), 3);

    // A scenario left keeps its values over its reload too, by its own ranges.
    session.setValues(withWorkers(*session.currentScenario(), "4"));
    QVERIFY(session.selectScenario(QStringLiteral("lock-contention")));
    list->replace(row, mine("Narrower", 3));
    QCOMPARE(reloaded.count(), 3); // not the current one
    QVERIFY(session.setCurrentIndex(row));
    QCOMPARE(session.values().at("workers").number, 2);
}

void TestScenarioListModel::removingTheCurrentPicksAnother() {
    Session session;
    ScenarioListModel* list = session.scenarios();
    const int a = list->append(mine("A", 8), QStringLiteral("/a.json"));
    const int b = list->append(mine("B", 8), QStringLiteral("/b.json"));
    QVERIFY(session.setCurrentIndex(a));
    list->setListed(a, false);
    QCOMPARE(session.currentIndex(), b); // the next listed one
    list->setListed(b, false);
    QCOMPARE(session.currentIndex(), a - 1); // none after it: the one before
    QVERIFY(!session.setCurrentIndex(a));
    list->setListed(0, false); // not the current one: nothing changes
    QCOMPARE(session.currentIndex(), a - 1);
}

void TestScenarioListModel::panelFollowsTheSession() {
    Session session;
    ScenarioPanel panel(&session);
    panel.resize(320, 600);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QListView* list = panel.list();
    QCOMPARE(list->model(), session.scenarios());

    // The session picks: the list shows it, with its explanation below.
    QVERIFY(session.selectScenario(QStringLiteral("barrier-phases")));
    QCOMPARE(list->currentIndex().row(), session.currentIndex());
    QCOMPARE(panel.currentId(), QStringLiteral("barrier-phases"));
    QVERIFY(panel.description()->toPlainText().startsWith(
        QString::fromStdString(session.currentScenario()->title)));

    // The user picks (a click): the session follows.
    QSignalSpy changed(&session, &Session::currentScenarioChanged);
    const QModelIndex lock = session.scenarios()->index(session.scenarios()->find("lock-order"));
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualRect(lock).center());
    QCOMPARE(changed.count(), 1);
    QCOMPARE(session.currentScenario()->id, std::string("lock-order"));
    // Enter on a row: the user wants to see it run.
    QSignalSpy run(&panel, &ScenarioPanel::runRequested);
    emit list->activated(lock);
    QCOMPARE(run.count(), 1);

    // A user's file joins the list; broken, its error shows below it; unlisted, it hides.
    const int row = session.scenarios()->append(mine("Mine", 8), QStringLiteral("/mine.json"),
                                                QStringLiteral("line 9: no roles"));
    QVERIFY(!list->isRowHidden(row));
    QVERIFY(session.setCurrentIndex(row));
    QVERIFY(panel.description()->toPlainText().contains(QStringLiteral("line 9: no roles")));
    session.scenarios()->setListed(row, false);
    QVERIFY(list->isRowHidden(row));
    QVERIFY(session.currentIndex() != row);
    QCOMPARE(list->currentIndex().row(), session.currentIndex());
}

QTEST_MAIN(TestScenarioListModel)
#include "tst_scenariolistmodel.moc"
