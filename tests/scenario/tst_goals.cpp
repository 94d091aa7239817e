// A scenario's own expectation of the end ("expect") and the goals it names for the
// explorer: read, checked (errors name the file, the line and the column), compiled and
// evaluated over the variables.
#include "scenario/catalog.h"
#include "scenario/scenario.h"

#include <QtTest>

#include <fstream>

using namespace tl;

namespace {

const char* kCounter = R"({
  "id": "count", "title": "Count",
  "parameters": [ {"name": "workers", "type": "int", "min": 1, "max": 8, "default": 2} ],
  "objects": [ {"variable": "counter"}, {"variable": "flag", "count": 2}, {"mutex": "m"} ],
  "roles": [ {"name": "worker", "count": "$workers", "program": [ {"increment": "counter"} ]} ],
  "expect": "counter == $workers",
  "goals": [
    {"name": "lose an update", "when": "counter < $workers", "at": "end"},
    {"name": "both flags", "when": "flag[1] + flag[2] == 2"},
    {"name": "stuck", "deadlock": true},
    {"name": "assert", "assertFails": true}
  ]
})";

QString errorOf(const std::string& text) {
    try {
        parseScenario(text, "test.json");
    } catch (const ScenarioError& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

// kCounter with its goals (and expect) replaced by `tail`.
std::string withTail(const std::string& tail) {
    std::string s = kCounter;
    const auto at = s.find("\"expect\"");
    return s.substr(0, at) + tail + "\n}";
}

} // namespace

class TestGoals : public QObject {
    Q_OBJECT
private slots:
    void parsed() {
        const Scenario s = parseScenario(kCounter, "count.json");
        QCOMPARE(s.expect, std::string("counter == $workers"));
        QCOMPARE(s.goals.size(), 4u);
        QCOMPARE(s.goals[0].name, std::string("lose an update"));
        QCOMPARE(s.goals[0].kind, GoalSpec::Kind::End);
        QCOMPARE(s.goals[1].kind, GoalSpec::Kind::State);
        QCOMPARE(s.goals[1].when, std::string("flag[1] + flag[2] == 2"));
        QCOMPARE(s.goals[2].kind, GoalSpec::Kind::Deadlock);
        QCOMPARE(s.goals[3].kind, GoalSpec::Kind::AssertFails);
    }

    // Compiled with the parameters folded in; register i holds the variable's value.
    void compiled() {
        const Scenario s = parseScenario(kCounter, "count.json");
        ParamValues values = defaultValues(s);
        setParameter(s, values, "workers", "3");
        const Program p = compile(s, values);
        QVERIFY(p.hasExpect);
        QCOMPARE(p.expect.expr.text, std::string("counter == $workers"));
        QCOMPARE(p.expect.variables, (std::vector<int>{0}));
        std::map<int, std::int64_t> vars{{0, 3}, {1, 1}, {2, 0}};
        auto valueOf = [&](int object) { return vars.at(object); };
        QVERIFY(conditionHolds(p.expect, valueOf));
        QVERIFY(!conditionHolds(p.goals[0].when, valueOf)); // 3 is not below 3
        vars[0] = 2;
        QVERIFY(!conditionHolds(p.expect, valueOf));
        QVERIFY(conditionHolds(p.goals[0].when, valueOf));
        QCOMPARE(p.goals[1].when.variables, (std::vector<int>{1, 2}));
        QVERIFY(!conditionHolds(p.goals[1].when, valueOf));
        vars[2] = 1;
        QVERIFY(conditionHolds(p.goals[1].when, valueOf));
        QCOMPARE(p.goals[2].name, std::string("stuck"));
        QCOMPARE(p.goals[2].kind, GoalSpec::Kind::Deadlock);
    }

    // Each bundled scenario that can go wrong offers the goal that shows it.
    void bundledGoals_data() {
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("goal");
        QTest::newRow("lost-update") << "lost-update"
                                     << "lose an update";
        QTest::newRow("check-then-act") << "check-then-act"
                                        << "overdraw the account";
        QTest::newRow("peterson") << "peterson"
                                  << "both in the critical section";
        QTest::newRow("dining-philosophers") << "dining-philosophers"
                                             << "deadlock";
        QTest::newRow("lock-order") << "lock-order"
                                    << "deadlock";
    }
    void bundledGoals() {
        QFETCH(QString, id);
        QFETCH(QString, goal);
        const Scenario s = resolveScenario(id.toStdString());
        QCOMPARE(s.goals.size(), 1u);
        QCOMPARE(QString::fromStdString(s.goals[0].name), goal);
        QCOMPARE(compile(s, defaultValues(s)).goals.size(), 1u);
    }

    void badGoals_data() {
        QTest::addColumn<QString>("tail");
        QTest::addColumn<QString>("message");
        QTest::newRow("not an array") << R"("goals": {"name": "x"})"
                                      << "goals: expected an array of goals such as {\"name\": "
                                         "\"deadlock\", \"deadlock\": true} (line 6, column 12)";
        QTest::newRow("two kinds")
            << R"("goals": [ {"name": "x", "deadlock": true, "when": "counter > 1"} ])"
            << "goals[0]: a goal has one of \"when\" (a condition on the variables), "
               "\"deadlock\": true or \"assertFails\": true (line 6, column 14)";
        QTest::newRow("no kind") << R"("goals": [ {"name": "x"} ])"
                                 << "goals[0]: a goal has one of \"when\" (a condition on the "
                                    "variables), \"deadlock\": true or \"assertFails\": true "
                                    "(line 6, column 14)";
        QTest::newRow("no name") << R"("goals": [ {"deadlock": true} ])"
                                 << "goals[0]: missing \"name\" (line 6)";
        QTest::newRow("empty name") << R"("goals": [ {"name": "", "deadlock": true} ])"
                                    << "goals[0].name: a goal needs a name (line 6, column 23)";
        QTest::newRow("twice") << R"("goals": [ {"name": "x", "deadlock": true},
  {"name": "x", "assertFails": true} ])"
                               << "goals[1].name: goal \"x\" is named twice (line 7, column 12)";
        QTest::newRow("false") << R"("goals": [ {"name": "x", "deadlock": false} ])"
                               << "goals[0].deadlock: expected true (line 6, column 40)";
        QTest::newRow("at without when")
            << R"("goals": [ {"name": "x", "deadlock": true, "at": "end"} ])"
            << "goals[0].at: only a goal with \"when\" has \"at\" (line 6, column 52)";
        QTest::newRow("bad at")
            << R"("goals": [ {"name": "x", "when": "counter > 1", "at": "later"} ])"
            << "goals[0].at: \"later\" is not a moment: \"any\" (after every step, the default) "
               "or \"end\" (when every thread has finished) (line 6, column 57)";
        QTest::newRow("not a variable")
            << R"("goals": [ {"name": "x", "when": "count > 1"} ])"
            << "goals[0].when: \"count\" is not a variable: this condition names the scenario's "
               "variables and its $parameters (line 6, column 36)";
        QTest::newRow("a mutex") << R"("goals": [ {"name": "x", "when": "m > 1"} ])"
                                 << "goals[0].when: \"m\" is not a variable: this condition "
                                    "names the scenario's variables and its $parameters (line 6, "
                                    "column 36)";
        QTest::newRow("set without index") << R"("goals": [ {"name": "x", "when": "flag == 1"} ])"
                                           << "goals[0].when: \"flag\" is a set of variables; "
                                              "name one as flag[index] (line 6, column 36)";
        QTest::newRow("unknown parameter")
            << R"("expect": "counter == $wrokers")"
            << "expect: unknown parameter \"$wrokers\" (line 6, column 13)";
        QTest::newRow("index") << R"("expect": "counter == $index")"
                               << "expect: unknown parameter \"$index\" (line 6, column 13)";
        QTest::newRow("syntax") << R"("expect": "counter ==")"
                                << "expect: \"counter ==\": expression ends early (line 6, "
                                   "column 13)";
        QTest::newRow("unknown member")
            << R"("goals": [ {"name": "x", "deadlock": true, "why": 1} ])"
            << "goals[0]: unknown member \"why\" (line 6) (known: name, when, at, "
               "deadlock, assertFails)";
    }
    void badGoals() {
        QFETCH(QString, tail);
        QFETCH(QString, message);
        QCOMPARE(errorOf(withTail(tail.toStdString())), message);
    }

    // In a file of one's own, the message names the file too.
    void namesTheFile() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("mine.json").toStdString();
        std::ofstream(path) << withTail(R"("goals": [ {"name": "x", "when": "count > 1"} ])");
        try {
            loadScenarioFile(path);
            QFAIL("the file was read");
        } catch (const ScenarioError& e) {
            QCOMPARE(QString::fromStdString(e.what()),
                     QString::fromStdString(path) +
                         ": goals[0].when: \"count\" is not a variable: this condition names the "
                         "scenario's variables and its $parameters (line 6, column 36)");
        }
    }

    // An index outside the set is found when the parameters are known.
    void compileErrors() {
        const std::string text = withTail(R"("goals": [ {"name": "x", "when": "flag[3] == 1"} ])");
        const Scenario s = parseScenario(text, "t.json");
        try {
            compile(s, defaultValues(s));
            QFAIL("compiled");
        } catch (const ScenarioError& e) {
            QCOMPARE(QString::fromStdString(e.what()),
                     QString("goals[0].when: \"flag[3] == 1\": flag[3] is outside 1..2"));
        }
    }
};

QTEST_GUILESS_MAIN(TestGoals)
#include "tst_goals.moc"
