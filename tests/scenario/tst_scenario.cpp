// Scenario files: the bundled ones load; bad files and bad parameters get messages that
// name the place and the problem.
#include "scenario/catalog.h"
#include "scenario/scenario.h"
#include "scenario/steptable.h"

#include <QtTest>

using namespace tl;

namespace {

const char* kMinimal = R"({
  "id": "mini", "title": "Mini",
  "parameters": [
    {"name": "workers", "type": "int", "min": 1, "max": 64, "default": 2},
    {"name": "hold", "type": "duration", "min": "0", "max": "1s", "default": "1ms"},
    {"name": "policy", "type": "choice", "choices": ["fifo", "any"], "default": "fifo"},
    {"name": "verbose", "type": "bool", "default": false}
  ],
  "objects": [ {"mutex": "m"}, {"queue": "q", "capacity": 3}, {"mutex": "fork", "count": "$workers"} ],
  "roles": [ {"name": "worker", "count": "$workers", "program": [
      {"lock": "m"}, {"work": "$hold"}, {"unlock": "m"},
      {"lock": "fork[$index % $workers + 1]"}, {"unlock": "fork[$index % $workers + 1]"}
  ]} ]
})";

QString errorOf(const std::string& text) {
    try {
        parseScenario(text, "test.json");
    } catch (const ScenarioError& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

// kMinimal with one piece of text replaced.
std::string with(const std::string& from, const std::string& to) {
    std::string s = kMinimal;
    const auto at = s.find(from);
    Q_ASSERT(at != std::string::npos);
    return s.replace(at, from.size(), to);
}

// One object of each kind a step may name, as a file declares it: the condition's mutex
// "m" is declared first.
std::string objectOfKind(ObjectKind k) {
    switch (k) {
    case ObjectKind::Mutex:
        return R"({"mutex": "o"})";
    case ObjectKind::Queue:
        return R"({"queue": "o", "capacity": 1})";
    case ObjectKind::Semaphore:
        return R"({"semaphore": "o", "permits": 1})";
    case ObjectKind::Barrier:
        return R"({"barrier": "o", "parties": 2})";
    case ObjectKind::Condition:
        return R"({"condition": "o", "mutex": "m"})";
    case ObjectKind::Event:
        return R"({"event": "o"})";
    case ObjectKind::RwLock:
        return R"({"rwlock": "o"})";
    case ObjectKind::Gil:
        return R"({"gil": "o"})";
    case ObjectKind::Variable:
        return R"({"variable": "o"})";
    case ObjectKind::Threads:
    case ObjectKind::Fences:
    case ObjectKind::Assertion:
        break;
    }
    return {};
}

// A scenario whose one role's program is `step`, with the object "o" declared as `object`.
std::string oneStep(const std::string& object, const std::string& step) {
    return R"({"id": "step", "title": "Step", "objects": [ {"mutex": "m"}, )" + object +
           R"( ], "roles": [ {"name": "r", "program": [ )" + step + R"( ]} ]})";
}

constexpr ObjectKind kDeclarable[] = {
    ObjectKind::Mutex,   ObjectKind::Queue,     ObjectKind::Semaphore,
    ObjectKind::Barrier, ObjectKind::Condition, ObjectKind::Event,
    ObjectKind::RwLock,  ObjectKind::Gil,       ObjectKind::Variable};

} // namespace

class TestScenario : public QObject {
    Q_OBJECT
private slots:
    void bundledScenariosLoad() {
        const auto all = loadBundledScenarios();
        QVERIFY(all.size() >= 4);
        QStringList ids;
        for (const Scenario& s : all) {
            ids << QString::fromStdString(s.id);
            QVERIFY(!s.title.empty());
            QVERIFY2(s.explanation.size() > 100, s.id.c_str());
            QVERIFY2(s.lookFor.size() >= 3, s.id.c_str());
            for (const ParamSpec& p : s.parameters)
                QVERIFY2(!p.help.empty() && !p.label.empty(), (s.id + "." + p.name).c_str());
            // every bundled scenario compiles with its defaults
            const Program program = compile(s, defaultValues(s));
            QVERIFY(!program.threads.empty());
        }
        for (const char* id :
             {"producer-consumer", "lock-contention", "barrier-phases", "semaphore-pool"})
            QVERIFY2(ids.contains(id), id);
    }

    void workerCountsReach64() {
        for (const Scenario& s : loadBundledScenarios()) {
            for (const ParamSpec& p : s.parameters) {
                if (p.name == "workers" || p.name == "producers" || p.name == "consumers") {
                    QCOMPARE(p.min, std::int64_t(1));
                    QVERIFY(p.max >= 64);
                    ParamValues v = defaultValues(s);
                    setParameter(s, v, p.name, "64");
                    const Program program = compile(s, v);
                    QVERIFY(program.threads.size() >= 64);
                }
            }
        }
    }

    void parsesMinimal() {
        const Scenario s = parseScenario(kMinimal, "test.json");
        QCOMPARE(s.id, std::string("mini"));
        QCOMPARE(s.parameters.size(), std::size_t(4));
        QCOMPARE(s.parameters[1].def.number, std::int64_t(1'000'000));
        QCOMPARE(s.parameters[2].def.text, std::string("fifo"));
        QCOMPARE(s.parameters[3].def.number, std::int64_t(0));
        QCOMPARE(s.roles[0].program.size(), std::size_t(5));
    }

    void compilesObjectSetsAndThreads() {
        const Scenario s = parseScenario(kMinimal, "test.json");
        ParamValues v = defaultValues(s);
        setParameter(s, v, "workers", "3");
        const Program p = compile(s, v);
        QCOMPARE(p.threads.size(), std::size_t(3));
        QCOMPARE(p.threads[2].info.name, std::string("worker 3"));
        QCOMPARE(p.objects.size(), std::size_t(5)); // m, q, fork 1..3
        QCOMPARE(p.objects[4].info.name, std::string("fork 3"));
        QCOMPARE(p.objects[1].info.capacity, std::int64_t(3));
        // worker 3 locks fork[3 % 3 + 1] = fork 1, the object at index 2
        QCOMPARE(p.threads[2].code[3].code, Code::Lock);
        QCOMPARE(p.threads[2].code[3].object, 2);
        QCOMPARE(p.threads[0].code[3].object, 3); // worker 1 -> fork 2
        QCOMPARE(p.info.parameters[0], (std::pair<std::string, std::string>("workers", "3")));
        QCOMPARE(p.info.parameters[1].second, std::string("1ms"));
    }

    // The step table (steptable.h) is what both the parser and the compiler go by: every
    // modifier a row does not list is refused, every kind of object it does not take is
    // refused naming the kinds it does, and a step on one object compiles to the row's
    // instruction on that object.
    void stepTable_data() {
        QTest::addColumn<int>("row");
        for (std::size_t i = 0; i < std::size(kStepVerbs); ++i)
            QTest::newRow(std::string(kStepVerbs[i].key).c_str()) << int(i);
    }
    void stepTable() {
        QFETCH(int, row);
        const StepVerb& verb = kStepVerbs[row];
        const std::string key(verb.key);
        QCOMPARE(&stepVerb(verb.kind), &verb);
        QCOMPARE(findStepVerb(key), &verb);
        for (std::size_t m = 0; m < std::size(kStepModifiers); ++m) {
            const std::string mod(kStepModifiers[m]);
            const QString error = errorOf(oneStep(objectOfKind(ObjectKind::Mutex),
                                                  "{\"" + key + "\": \"o\", \"" + mod + "\": 1}"));
            const QString refused = "roles[0].program[0]: \"" + QString::fromStdString(mod) +
                                    "\" does not go with \"" + QString::fromStdString(key) + "\"";
            QCOMPARE(error == refused, !(verb.modifiers & (1u << m)));
        }
        if (verb.objects.count == 0) return;
        QString kinds;
        for (int k = 0; k < verb.objects.count; ++k)
            kinds += QString(k ? " or " : "") +
                     QString::fromStdString(std::string(objectKindName(verb.objects.kinds[k])));
        for (const ObjectKind kind : kDeclarable) {
            const std::string text = oneStep(objectOfKind(kind), "{\"" + key + "\": \"o\"}");
            const bool takes =
                std::find(verb.objects.kinds, verb.objects.kinds + verb.objects.count, kind) !=
                verb.objects.kinds + verb.objects.count;
            const QString error = errorOf(text);
            if (!takes) {
                QCOMPARE(error, QString("roles[0].program[0]: %1: \"o\" is a %2; %1 needs a %3")
                                    .arg(QString::fromStdString(key),
                                         QString::fromStdString(std::string(objectKindName(kind))),
                                         kinds));
                continue;
            }
            QVERIFY2(!error.contains("needs a"), qPrintable(error));
            if (verb.shape != StepShape::OnObject) continue;
            QVERIFY2(error.isEmpty(), qPrintable(error));
            const Scenario s = parseScenario(text, "test.json");
            const Program p = compile(s, defaultValues(s));
            QCOMPARE(p.threads.size(), std::size_t(1));
            QVERIFY(!p.threads[0].code.empty());
            QCOMPARE(p.threads[0].code[0].code, verb.code);
            QCOMPARE(p.threads[0].code[0].object, 1); // "o", after "m"
        }
    }

    void sweepLinks() {
        const Scenario s = parseScenario(with("\"title\": \"Mini\"",
                                              R"("title": "Mini", "lookFor": ["plain",
                   {"text": "moment", "find": {"end": true}},
                   {"text": "workers", "sweep": {"vary": "workers", "values": [2, 4, 8], "chart": "duration"}},
                   {"text": "hold", "sweep": {"vary": "hold", "values": ["250us", "500us", "750us"]}},
                   {"text": "cores", "sweep": {"vary": "cores", "values": [1, 2, 4, 8, 16]}}])"),
                                         "test.json");
        QCOMPARE(s.lookFor.size(), std::size_t(5));
        QCOMPARE(s.lookForSweeps.size(), std::size_t(5));
        QCOMPARE(s.lookForMoments.size(), std::size_t(5));
        QVERIFY(s.lookForSweeps[0].vary.empty());
        QVERIFY(s.lookForSweeps[1].vary.empty());
        QVERIFY(s.lookForMoments[1].valid);
        const SweepLink& workers = s.lookForSweeps[2];
        QVERIFY(!s.lookForMoments[2].valid);
        QCOMPARE(workers.vary, std::string("workers"));
        QCOMPARE(workers.values, (std::vector<std::int64_t>{2, 4, 8}));
        QVERIFY(workers.doubling);
        QCOMPARE(workers.chart, std::string("duration"));
        const SweepLink& hold = s.lookForSweeps[3];
        QCOMPARE(hold.values, (std::vector<std::int64_t>{250'000, 500'000, 750'000}));
        QVERIFY(!hold.doubling);
        QVERIFY(hold.chart.empty());
        QCOMPARE(s.lookForSweeps[4].values, (std::vector<std::int64_t>{1, 2, 4, 8, 16}));
        // The bundled lock contention compares 2, 4 and 8 workers.
        int links = 0;
        for (const Scenario& b : loadBundledScenarios())
            for (const SweepLink& l : b.lookForSweeps)
                links += !l.vary.empty();
        QVERIFY(links >= 1);
    }

    void badSweepLinks_data() {
        QTest::addColumn<QString>("sweep");
        QTest::addColumn<QString>("message");
        const QString at = QStringLiteral("lookFor[0].sweep");
        QTest::newRow("unknown parameter")
            << R"({"vary": "wokers", "values": [2, 4]})"
            << at + ".vary: \"wokers\" is no whole-number or duration parameter (known: workers, "
                    "hold, cores) (line 2)";
        QTest::newRow("a choice")
            << R"({"vary": "policy", "values": [2, 4]})"
            << at + ".vary: \"policy\" is no whole-number or duration parameter (known: workers, "
                    "hold, cores) (line 2)";
        QTest::newRow("one value") << R"({"vary": "workers", "values": [2]})"
                                   << at + ".values: expected two values or more, such as [2, 4, "
                                           "8] (line 2)";
        QTest::newRow("uneven") << R"({"vary": "workers", "values": [2, 3, 8]})"
                                << at + ".values: the values must step evenly (2, 4, 6) or each "
                                        "double the last (2, 4, 8) (line 2)";
        QTest::newRow("decreasing") << R"({"vary": "workers", "values": [4, 2]})"
                                    << at + ".values[1]: the values must increase (line 2)";
        QTest::newRow("out of range")
            << R"({"vary": "workers", "values": [2, 100]})"
            << at + ".values[1]: parameter \"workers\": 100 is above the maximum 64 (line 2)";
        QTest::newRow("duration without unit")
            << R"({"vary": "hold", "values": ["1ms", 2]})"
            << at + ".values[1]: parameter \"hold\": \"2\" is not a duration (write e.g. 250us, "
                    "5ms, 1.5s) (line 2)";
        QTest::newRow("too many cores") << R"({"vary": "cores", "values": [32, 64, 128]})"
                                        << at + ".values[2]: cores go from 1 to 64 (line 2)";
        QTest::newRow("unknown chart")
            << R"({"vary": "workers", "values": [2, 4], "chart": "speed"})"
            << at + ".chart: expected one of duration, throughput, blocked-waiting, fairness, "
                    "longest-wait, contention (line 2)";
        QTest::newRow("unknown member")
            << R"({"vary": "workers", "values": [2, 4], "from": 2})"
            << at + ": unknown member \"from\" (known: vary, values, chart) (line 2)";
    }
    void badSweepLinks() {
        QFETCH(QString, sweep);
        QFETCH(QString, message);
        const std::string file =
            with("\"title\": \"Mini\"",
                 "\"title\": \"Mini\", \"lookFor\": [{\"text\": \"x\", \"sweep\": " +
                     sweep.toStdString() + "}]");
        QCOMPARE(errorOf(file), message);
        // A bullet shows a moment or a sweep, not both.
        QCOMPARE(errorOf(with("\"title\": \"Mini\"",
                              R"("title": "Mini", "lookFor": [{"text": "x", "find": {"end": true},
                                 "sweep": {"vary": "workers", "values": [2, 4]}}])")),
                 QStringLiteral("lookFor[0]: a bullet shows a moment (\"find\") or a sweep "
                                "(\"sweep\"), not both"));
    }

    void badFiles_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown step") << QString::fromStdString(with("{\"lock\": \"m\"}, {\"work\"",
                                                                     "{\"lok\": \"m\"}, {\"work\""))
                                      << "roles[0].program[0]: unknown step \"lok\" (line 11)";
        QTest::newRow("not json") << "{\"id\": "
                                  << "line 1, column 8: the file ends early; expected a value";
        QTest::newRow("missing id") << "{\"title\": \"x\", \"roles\": []}"
                                    << "missing \"id\" (line 1)";
        QTest::newRow("unknown object")
            << QString::fromStdString(with("{\"lock\": \"m\"}", "{\"lock\": \"mm\"}"))
            << "roles[0].program[0]: lock: no object named \"mm\"";
        QTest::newRow("wrong kind")
            << QString::fromStdString(with("{\"lock\": \"m\"}", "{\"lock\": \"q\"}"))
            << "roles[0].program[0]: lock: \"q\" is a queue; lock needs a mutex or rwlock";
        QTest::newRow("unknown parameter")
            << QString::fromStdString(with("\"$hold\"", "\"$hodl\""))
            << "roles[0].program[1].work: unknown parameter \"$hodl\"";
        QTest::newRow("duration without unit")
            << QString::fromStdString(with("\"$hold\"", "5"))
            << "roles[0].program[1].work: a duration needs a unit: write e.g. \"5ms\"";
        QTest::newRow("set without index")
            << QString::fromStdString(
                   with("{\"lock\": \"fork[$index % $workers + 1]\"}", "{\"lock\": \"fork\"}"))
            << "roles[0].program[3]: \"fork\" is a set of objects; name one as fork[index]";
        QTest::newRow("default out of range")
            << QString::fromStdString(
                   with("\"max\": 64, \"default\": 2", "\"max\": 64, \"default\": 0"))
            << "parameters[0].default: the default is outside [min, max]";
        QTest::newRow("bad type")
            << QString::fromStdString(with("\"type\": \"int\"", "\"type\": \"integer\""))
            << "parameters[0].type: unknown type \"integer\" (known: int, duration, choice, bool)";
        QTest::newRow("two verbs")
            << QString::fromStdString(
                   with("{\"lock\": \"m\"}", "{\"lock\": \"m\", \"work\": \"1ms\"}"))
            << "roles[0].program[0]: one step per object: found both \"lock\" and \"work\"";
        QTest::newRow("modifier on wrong verb")
            << QString::fromStdString(with("{\"lock\": \"m\"}", "{\"lock\": \"m\", \"do\": []}"))
            << "roles[0].program[0]: \"do\" does not go with \"lock\"";
        QTest::newRow("bad distribution")
            << QString::fromStdString(
                   with("{\"work\": \"$hold\"}", "{\"work\": {\"poisson\": \"1ms\"}}"))
            << "roles[0].program[1].work: unknown distribution \"poisson\" (known: fixed, uniform, "
               "exponential, normal)";
        QTest::newRow("unknown top-level")
            << QString::fromStdString(
                   with("\"title\": \"Mini\"", "\"title\": \"Mini\", \"titel\": 1"))
            << "unknown member \"titel\" (line 2) (known: id, title, explanation, lookFor, "
               "parameters, objects, roles, stop, expect, goals)";
        QTest::newRow("queue without capacity")
            << QString::fromStdString(
                   with("{\"queue\": \"q\", \"capacity\": 3}", "{\"queue\": \"q\"}"))
            << "objects[1]: missing \"capacity\" (line 9)";
        QTest::newRow("not an object") << "[1, 2]"
                                       << "a scenario file is a JSON object, found an array";
    }
    void badFiles() {
        QFETCH(QString, text);
        QFETCH(QString, message);
        QCOMPARE(errorOf(text.toStdString()), message);
    }

    void parameters_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("message");
        QTest::newRow("below minimum") << "workers"
                                       << "0"
                                       << "parameter \"workers\": 0 is below the minimum 1";
        QTest::newRow("above maximum") << "workers"
                                       << "65"
                                       << "parameter \"workers\": 65 is above the maximum 64";
        QTest::newRow("not a number") << "workers"
                                      << "many"
                                      << "parameter \"workers\": \"many\" is not a whole number";
        QTest::newRow("duration above") << "hold"
                                        << "2s"
                                        << "parameter \"hold\": 2s is above the maximum 1s";
        QTest::newRow("duration unit")
            << "hold"
            << "5"
            << "parameter \"hold\": \"5\" is not a duration (write e.g. 250us, 5ms, 1.5s)";
        QTest::newRow("choice") << "policy"
                                << "lifo"
                                << "parameter \"policy\": \"lifo\" is not one of fifo, any";
        QTest::newRow("bool") << "verbose"
                              << "maybe"
                              << "parameter \"verbose\": \"maybe\" is not true or false";
        QTest::newRow("unknown") << "wrokers"
                                 << "1"
                                 << "parameter \"wrokers\": mini has no such parameter (known: "
                                    "workers, hold, policy, verbose)";
    }
    void parameters() {
        QFETCH(QString, name);
        QFETCH(QString, value);
        QFETCH(QString, message);
        const Scenario s = parseScenario(kMinimal, "test.json");
        ParamValues v = defaultValues(s);
        try {
            setParameter(s, v, name.toStdString(), value.toStdString());
            QFAIL("no error");
        } catch (const ScenarioError& e) {
            QCOMPARE(QString::fromStdString(e.what()), message);
        }
        QCOMPARE(v, defaultValues(s)); // a refused value changes nothing
    }

    void assignments() {
        const Scenario s = parseScenario(kMinimal, "test.json");
        ParamValues v = defaultValues(s);
        setAssignment(s, v, "workers=7");
        setAssignment(s, v, "hold=250us");
        setAssignment(s, v, "policy=any");
        setAssignment(s, v, "verbose=true");
        QCOMPARE(v["workers"].number, std::int64_t(7));
        QCOMPARE(v["hold"].number, std::int64_t(250'000));
        QCOMPARE(v["policy"].text, std::string("any"));
        QCOMPARE(v["verbose"].number, std::int64_t(1));
        QVERIFY_THROWS_EXCEPTION(ScenarioError, setAssignment(s, v, "workers"));
        QVERIFY_THROWS_EXCEPTION(ScenarioError, setAssignment(s, v, "=3"));
    }

    void compileErrors() {
        // an index outside the set is found when the values are known
        const std::string text =
            with("fork[$index % $workers + 1]\"}, {\"unlock", "fork[$index + 1]\"}, {\"unlock");
        const Scenario s = parseScenario(text, "t.json");
        try {
            compile(s, defaultValues(s));
            QFAIL("no error");
        } catch (const ScenarioError& e) {
            QCOMPARE(QString::fromStdString(e.what()),
                     QString("roles[0].program[3]: fork[3] is outside 1..2"));
        }
    }

    // A slip suggests the ids it may have meant, the closest ones only; nothing alike,
    // nothing suggested.
    void similarIds_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QStringList>("ids");
        QTest::newRow("swapped letters") << "lock-contentoin" << QStringList{"lock-contention"};
        QTest::newRow("letter missing") << "semaphore-pol" << QStringList{"semaphore-pool"};
        QTest::newRow("case") << "Lock-Order" << QStringList{"lock-order"};
        QTest::newRow("a longer slip") << "lock-ordering" << QStringList{"lock-order"};
        QTest::newRow("part of three ids")
            << "pool" << QStringList{"semaphore-pool", "worker-pool", "thread-pool-server"};
        QTest::newRow("part of an id") << "philosophers" << QStringList{"dining-philosophers"};
        QTest::newRow("part of two ids")
            << "barrier" << QStringList{"barrier-phases", "barrier-abort"};
        QTest::newRow("nothing alike") << "quantum-teleport" << QStringList{};
        QTest::newRow("too short to be a part") << "ock" << QStringList{};
    }
    void similarIds() {
        QFETCH(QString, name);
        QFETCH(QStringList, ids);
        QStringList got;
        for (const std::string& id : similarScenarioIds(name.toStdString()))
            got << QString::fromStdString(id);
        QCOMPARE(got, ids);
    }

    void resolve() {
        QCOMPARE(resolveScenario("lock-contention").id, std::string("lock-contention"));
        try {
            resolveScenario("lock-contentoin");
            QFAIL("no error");
        } catch (const ScenarioError& e) {
            QCOMPARE(QString(e.what()),
                     QString("no scenario \"lock-contentoin\"; did you mean lock-contention? "
                             "(\"threadlens list\" shows them all; or give a path to a .json "
                             "file)"));
        }
        try {
            resolveScenario("/no/such/file.json");
            QFAIL("no error");
        } catch (const ScenarioError& e) {
            QCOMPARE(
                QString(e.what()),
                QString("/no/such/file.json: cannot open the file (No such file or directory)"));
        }
    }

    void userFileWithErrorNamesFile() {
        QTemporaryDir dir;
        const QString path = dir.filePath("my scenario é.json");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(with("{\"lock\": \"m\"}, {\"work\"", "{\"lok\": \"m\"}, {\"work\"").c_str());
        f.close();
        try {
            loadScenarioFile(path.toStdString());
            QFAIL("no error");
        } catch (const ScenarioError& e) {
            QCOMPARE(QString::fromUtf8(e.what()),
                     path + ": roles[0].program[0]: unknown step \"lok\" (line 11)");
        }
    }
};

QTEST_GUILESS_MAIN(TestScenario)
#include "tst_scenario.moc"
