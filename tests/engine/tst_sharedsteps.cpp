// Shared state in scenario files and on the simulated machine: variables, registers, the
// access steps, the atomic operations, fences, asserts, and if / while decided by data.
// Exact traces for hand-computable cases: every access is a moment, and then 10 ns of CPU.
#include "analysis/checks.h"
#include "analysis/summary.h"
#include "analysis/variables.h"
#include "model/timefmt.h"
#include "testutil.h"

#include <QtTest>

using namespace tl;
using test::runText;

namespace {

// "0 worker 1 read 0" per operation of a variable: time, thread, operation, value.
QStringList ops(const Trace& t, const std::string& object) {
    const int id = t.findObject(object);
    QStringList out;
    if (id < 0) return out;
    const EventStream& s = t.objectEvents(std::size_t(id));
    for (std::size_t i = 0; i < s.size(); ++i)
        out << QString("%1 %2 %3 %4")
                   .arg(QString::fromStdString(exactTime(s[i].time)))
                   .arg(QString::fromStdString(t.thread(s[i].ref).name))
                   .arg(QString::fromStdString(std::string(opName(s[i].op()))))
                   .arg(signedValue(s[i]));
    return out;
}

std::string scenario(const std::string& objects, const std::string& program, int count = 2) {
    return R"({"id": "t", "title": "t", "objects": [)" + objects +
           R"(], "roles": [{"name": "worker", "count": )" + std::to_string(count) +
           R"(, "program": [)" + program + "]}]}";
}

std::int64_t value(const Trace& t, const std::string& variable) {
    return finalValue(t, std::size_t(t.findObject(variable)));
}

const CheckResult& check(const std::vector<CheckResult>& checks, const std::string& name) {
    for (const CheckResult& c : checks)
        if (c.name == name) return c;
    static const CheckResult none{"missing", false, "no such check", false};
    return none;
}

QString parseError(const std::string& json) {
    try {
        parseScenario(json, "t.json");
    } catch (const ScenarioError& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

} // namespace

class TestSharedSteps : public QObject {
    Q_OBJECT
private slots:
    // Two workers on two cores read the counter at the same instant: both write 1, and the
    // second write lands over the first.
    void incrementInterleavesOnTwoCores() {
        const auto t = runText(scenario(R"({"variable": "counter", "expect": 2})",
                                        R"({"increment": "counter", "time": "1us"})"));
        QCOMPARE(t->outcome(), Outcome::Completed);
        QCOMPARE(ops(*t, "counter"),
                 (QStringList{"0 worker 1 read 0", "0 worker 2 read 0", "1.01us worker 1 write 1",
                              "1.01us worker 2 write 1"}));
        QCOMPARE(value(*t, "counter"), 1);
        const auto lost = findLostUpdates(*t);
        QCOMPARE(lost.size(), std::size_t(1));
        QCOMPARE(lost[0].staleRead, std::size_t(1));
        QCOMPARE(lost[0].write, std::size_t(3));
        QCOMPARE(lost[0].overwritten, std::size_t(2));
        QCOMPARE(describeLostUpdate(*t, lost[0]),
                 std::string("worker 2 wrote 1 over worker 1's 1: worker 1's increment is lost"));
        QCOMPARE(variableLine(*t, std::size_t(t->findObject("counter"))),
                 std::string("counter = 1, expected 2: 1 increment lost"));
        // The write is the second half of a read-modify-write done by hand.
        const EventStream& s = t->objectEvents(std::size_t(t->findObject("counter")));
        QVERIFY(s[2].arg & OpFlagUpdate);
        QVERIFY(!(s[0].arg & OpFlagUpdate));
        const auto checks = runChecks(*t);
        QVERIFY(!check(checks, "races").passed);
        QCOMPARE(check(checks, "races").detail,
                 std::string("2 accesses race with an earlier one; the first: \"counter\": "
                             "worker 2's read at 0 and worker 1's write at 1.01us are not "
                             "ordered"));
        QVERIFY(!check(checks, "asserts").passed);
        QCOMPARE(check(checks, "asserts").detail,
                 std::string("counter = 1, expected 2: 1 increment lost"));
        // The three moments: the reads, then 10 ns of CPU, the compute of 1 us, the write.
        QCOMPARE(t->endTime(), Time(1020));
    }

    // One core and a time slice of 1 us: the slice ends inside the first worker's compute,
    // between its read and its write, and the second worker reads the same 0.
    void preemptionFallsBetweenReadAndWrite() {
        RunOptions o;
        o.cores = 1;
        o.quantum = 1000;
        const auto t = runText(
            scenario(R"({"variable": "counter"})", R"({"increment": "counter", "time": "5us"})"),
            {}, o);
        QCOMPARE(value(*t, "counter"), 1);
        const QStringList got = ops(*t, "counter");
        QCOMPARE(got.size(), 4);
        QCOMPARE(got[0], QString("0 worker 1 read 0"));
        QCOMPARE(got[1], QString("1us worker 2 read 0"));
        QCOMPARE(findLostUpdates(*t).size(), std::size_t(1));
        // Deterministic: the same again.
        const auto again = runText(
            scenario(R"({"variable": "counter"})", R"({"increment": "counter", "time": "5us"})"),
            {}, o);
        QCOMPARE(ops(*again, "counter"), got);
    }

    void oneWorkerCountsEverything() {
        const auto t = runText(scenario(R"({"variable": "counter", "expect": 5})",
                                        R"({"repeat": 5, "do": [{"increment": "counter"}]})", 1));
        QCOMPARE(value(*t, "counter"), 5);
        QVERIFY(findLostUpdates(*t).empty());
        const auto checks = runChecks(*t);
        QVERIFY(check(checks, "races").applies);
        QVERIFY(check(checks, "races").passed);
        QVERIFY(check(checks, "asserts").passed);
        QCOMPARE(variableLine(*t, 0), std::string("counter = 5, expected 5"));
    }

    void lockMakesTheIncrementsOneAtATime() {
        const auto t = runText(scenario(R"({"variable": "counter", "expect": 6}, {"mutex": "m"})",
                                        R"({"repeat": 3, "do": [{"lock": "m"},
                                            {"increment": "counter", "time": "1us"},
                                            {"unlock": "m"}]})"));
        QCOMPARE(value(*t, "counter"), 6);
        QVERIFY(findLostUpdates(*t).empty());
        QVERIFY(allPassed(runChecks(*t)));
    }

    void fetchAddReturnsTheOldValue() {
        const auto t = runText(scenario(R"({"variable": "counter"})",
                                        R"({"fetch-add": "counter", "value": 5, "into": "old"},
                                           {"assert": "old < 1"})"));
        QCOMPARE(ops(*t, "counter"),
                 (QStringList{"0 worker 1 fetch-add 5", "0 worker 2 fetch-add 10"}));
        const auto checks = runChecks(*t);
        QVERIFY(check(checks, "races").passed); // atomics do not race
        QCOMPARE(check(checks, "asserts").detail,
                 std::string("worker 2's assert old < 1 failed at 10ns: old = 5"));
        QCOMPARE(ops(*t, "old < 1"), (QStringList{"10ns worker 2 assert-failed 5"}));
    }

    void compareExchangeTakesOneBranch() {
        const auto t = runText(scenario(R"({"variable": "lock"}, {"variable": "winner"})",
                                        R"({"compare-exchange": "lock", "expected": 0,
                                            "value": "$index", "into": "seen",
                                            "then": [{"write": "winner", "value": "$index"}],
                                            "else": [{"write": "winner", "value": "seen * 10"}]})"));
        QCOMPARE(ops(*t, "lock"), (QStringList{"0 worker 1 cas-ok 1", "0 worker 2 cas-failed 1"}));
        QCOMPARE(ops(*t, "winner"),
                 (QStringList{"10ns worker 1 write 1", "10ns worker 2 write 10"}));
    }

    void exchangeSwaps() {
        const auto t = runText(scenario(R"({"variable": "x", "initial": 7}, {"variable": "y"})",
                                        R"({"exchange": "x", "value": 3, "into": "old"},
                                           {"write": "y", "value": "old"})",
                                        1));
        QCOMPARE(ops(*t, "x"), (QStringList{"0 worker exchange 3"}));
        QCOMPARE(ops(*t, "y"), (QStringList{"10ns worker write 7"}));
        QCOMPARE(value(*t, "x"), 3);
    }

    // A spinner reads every 10 ns until the other worker's write at 1 us: 101 reads, the last
    // of them (at 1 us, after the write at the same instant) sees 1.
    void whileDecidedByData() {
        const auto t = runText(R"({"id": "t", "title": "t",
            "objects": [{"variable": "flag"}],
            "roles": [
              {"name": "setter", "program": [{"work": "1us"}, {"write": "flag", "value": 1}]},
              {"name": "spinner", "program": [{"while": "flag == 0", "do": []}]}]})");
        QCOMPARE(t->outcome(), Outcome::Completed);
        const QStringList got = ops(*t, "flag");
        QCOMPARE(got.size(), 102);
        QCOMPARE(got[0], QString("0 spinner read 0"));
        QCOMPARE(got[100], QString("1us setter write 1"));
        QCOMPARE(got[101], QString("1us spinner read 1"));
    }

    void ifDecidedByData() {
        const auto t = runText(scenario(R"({"variable": "x", "initial": 3})",
                                        R"({"read": "x", "into": "c"},
                                           {"if": "c == 3", "then": [{"write": "x", "value": 5}],
                                            "else": [{"write": "x", "value": 7}]})",
                                        1));
        QCOMPARE(ops(*t, "x"), (QStringList{"0 worker read 3", "10ns worker write 5"}));
        // One decided before the run still works as before.
        const auto before = runText(scenario(R"({"variable": "x"})",
                                             R"({"if": "$index == 1",
                                                 "then": [{"write": "x", "value": 1}]})",
                                             1));
        QCOMPARE(ops(*before, "x"), (QStringList{"0 worker write 1"}));
    }

    // A condition's variables are read before it, one access each, in the order named.
    void conditionsReadTheirVariables() {
        const auto t =
            runText(scenario(R"({"variable": "a", "initial": 1},
                                           {"variable": "b", "initial": 2}, {"variable": "r"})",
                             R"({"if": "b + a == 3", "then": [{"write": "r", "value": 1}]})", 1));
        QCOMPARE(ops(*t, "b"), (QStringList{"0 worker read 2"}));
        QCOMPARE(ops(*t, "a"), (QStringList{"10ns worker read 1"}));
        QCOMPARE(ops(*t, "r"), (QStringList{"20ns worker write 1"}));
    }

    void assertNamesItsValues() {
        const auto t = runText(scenario(R"({"variable": "flag", "count": 2, "initial": 4})",
                                        R"({"read": "flag[1]", "into": "r"},
                                           {"assert": "flag[2] + r < 0"})",
                                        1));
        const auto checks = runChecks(*t);
        QCOMPARE(check(checks, "asserts").detail,
                 std::string("worker's assert flag[2] + r < 0 failed at 10ns: flag[2] = 4, r = 4"));
        // The assert only looks: flag 2 was not read.
        QVERIFY(ops(*t, "flag 2").isEmpty());
    }

    void fenceIsRecorded() {
        const auto t = runText(scenario("", R"({"fence": true}, {"fence": true})", 1));
        QCOMPARE(ops(*t, "fences"), (QStringList{"0 worker fence 0", "10ns worker fence 0"}));
    }

    void valueBeyond32BitsEndsTheRun() {
        const auto t = runText(
            scenario(R"({"variable": "x"})", R"({"write": "x", "value": "3000000000"})", 1));
        QCOMPARE(t->outcome(), Outcome::Error);
        QCOMPARE(t->message(),
                 std::string("worker stores 3000000000 in \"x\", which holds a 32-bit integer"));
    }

    void divisionByZeroNamesTheExpression() {
        const auto t = runText(scenario(R"({"variable": "x"})",
                                        R"({"read": "x", "into": "d"},
                                           {"compute": "10 / d", "into": "q"})",
                                        1));
        QCOMPARE(t->outcome(), Outcome::Error);
        QCOMPARE(t->message(), std::string("worker: \"10 / d\": division by zero in expression"));
    }

    // Which writes carry a value computed from the thread's read of the same variable.
    void updatesAreMarked() {
        const auto t = runText(scenario(R"({"variable": "x"}, {"variable": "y"})",
                                        R"({"read": "x", "into": "a"},
                                           {"compute": "a * 2", "into": "b"},
                                           {"write": "x", "value": "b"},
                                           {"write": "y", "value": "b"},
                                           {"write": "x", "value": 4})",
                                        1));
        const EventStream& x = t->objectEvents(std::size_t(t->findObject("x")));
        const EventStream& y = t->objectEvents(std::size_t(t->findObject("y")));
        QVERIFY(x[1].arg & OpFlagUpdate);
        QVERIFY(!(x[2].arg & OpFlagUpdate));
        QVERIFY(!(y[0].arg & OpFlagUpdate));
    }

    void parseErrorsNameThePlace_data() {
        QTest::addColumn<QString>("objects");
        QTest::addColumn<QString>("program");
        QTest::addColumn<QString>("error");
        QTest::newRow("unknown register")
            << R"({"variable": "x"})"
            << R"({"write": "x", "value": "y + 1"})"
            << R"(roles[0].program[0].value: "y" is neither a variable nor a register that a step of this role sets (with "into"); a parameter is written $y)";
        QTest::newRow("read needs into")
            << R"({"variable": "x"})"
            << R"({"read": "x"})"
            << R"(roles[0].program[0]: read needs "into": the register it sets (line 1))";
        QTest::newRow("register named like a variable")
            << R"({"variable": "x"})"
            << R"({"read": "x", "into": "x"})"
            << R"(roles[0].program[0].into: "x" is the variable of that name; a register needs a name of its own)";
        QTest::newRow("not a variable")
            << R"({"mutex": "m"})"
            << R"({"read": "m", "into": "r"})"
            << R"(roles[0].program[0]: read: "m" is a mutex; read needs a variable)";
        QTest::newRow("set without index")
            << R"({"variable": "flag", "count": 2})"
            << R"({"assert": "flag == 1"})"
            << R"(roles[0].program[0].assert: "flag" is a set of variables; name one as flag[index])";
        QTest::newRow("variable name")
            << R"({"variable": "my-counter"})"
            << R"({"fence": true})"
            << R"(objects[0]: "my-counter" is not a usable variable name: expressions name variables, so use letters, digits and _, not starting with a digit)";
        QTest::newRow("fence")
            << ""
            << R"({"fence": false})"
            << R"(roles[0].program[0]: a fence is written {"fence": true} (line 1))";
        QTest::newRow("compare-exchange")
            << R"({"variable": "x"})"
            << R"({"compare-exchange": "x", "value": 1})"
            << R"(roles[0].program[0]: compare-exchange needs "expected" (line 1))";
        QTest::newRow("object in a condition")
            << R"({"mutex": "m"})"
            << R"({"while": "m == 1", "do": []})"
            << R"(roles[0].program[0].while: "m" is a mutex; an expression can name variables and registers)";
        QTest::newRow("initial of a mutex")
            << R"({"mutex": "m", "initial": 1})"
            << R"({"fence": true})"
            << R"(objects[0].initial: only a variable has "initial")";
        QTest::newRow("atomic mutex") << R"({"mutex": "m", "atomic": true})"
                                      << R"({"fence": true})"
                                      << R"(objects[0].atomic: only a variable has "atomic")";
        QTest::newRow("time with write")
            << R"({"variable": "x"})"
            << R"({"write": "x", "value": 1, "time": "1us"})"
            << R"(roles[0].program[0]: "time" does not go with "write")";
    }
    void parseErrorsNameThePlace() {
        QFETCH(QString, objects);
        QFETCH(QString, program);
        QFETCH(QString, error);
        QCOMPARE(parseError(scenario(objects.toStdString(), program.toStdString())), error);
    }

    void compileErrorsNameThePlace() {
        const Scenario s = parseScenario(scenario(R"({"variable": "flag", "count": 2})",
                                                  R"({"write": "flag[$index + 1]", "value": 1})"),
                                         "t.json");
        try {
            compile(s, defaultValues(s));
            QFAIL("compiled");
        } catch (const ScenarioError& e) {
            QCOMPARE(std::string(e.what()),
                     std::string("roles[0].program[0]: flag[3] is outside 1..2"));
        }
        const Scenario big = parseScenario(
            scenario(R"({"variable": "x", "initial": 5000000000})", R"({"fence": true})"),
            "t.json");
        try {
            compile(big, defaultValues(big));
            QFAIL("compiled");
        } catch (const ScenarioError& e) {
            QCOMPARE(std::string(e.what()),
                     std::string("objects[0].initial: 5000000000 does not fit in a variable (a "
                                 "32-bit integer)"));
        }
    }

    // increment is three instructions: a read, a compute, a write marked as an update.
    void incrementCompilesToThreeSteps() {
        const Scenario s =
            parseScenario(scenario(R"({"variable": "c"})", R"({"increment": "c"})", 1), "t.json");
        const Program p = compile(s, defaultValues(s));
        const auto& code = p.threads[0].code;
        QCOMPARE(code.size(), std::size_t(4));
        QCOMPARE(code[0].code, Code::Read);
        QCOMPARE(code[1].code, Code::Compute);
        QCOMPARE(code[1].a, kAccessTime);
        QCOMPARE(code[2].code, Code::Write);
        QVERIFY(code[2].flags & InstrUpdate);
        QCOMPARE(code[3].code, Code::Exit);
    }

    void summaryPrintsTheVariables() {
        const auto t =
            runText(scenario(R"({"variable": "counter", "expect": 2}, {"variable": "other"})",
                             R"({"increment": "counter", "time": "1us"})"));
        const std::string summary = formatRunResult(*t, runChecks(*t));
        QVERIFY2(
            summary.find("  variables: counter = 1, expected 2: 1 increment lost; other = 0\n") !=
                std::string::npos,
            summary.c_str());
    }
};

QTEST_GUILESS_MAIN(TestSharedSteps)
#include "tst_sharedsteps.moc"
