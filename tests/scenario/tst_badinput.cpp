// Hostile and broken input: every refusal names the place and the problem, absurd sizes
// are refused before they cost memory or time, runs that would never end are ended, and
// files in awkward places (spaces, non-ASCII names, unwritable folders) behave. Inputs the
// fuzzers (fuzz/) found are kept here as rows, named "fuzz: ...".
#include "engine/engine.h"
#include "format/atomicfile.h"
#include "format/chromejson.h"
#include "scenario/scenario.h"
#include "testutil.h"

#include <QDirIterator>
#include <QtTest>
#include <chrono>
#include <csignal>
#include <fstream>
#include <sys/resource.h>
#include <unistd.h>

using namespace tl;

namespace {

// A scenario file around the given members (objects, roles, stop...).
QByteArray scenario(const QByteArray& roles, const QByteArray& objects = "[]",
                    const QByteArray& parameters = "[]", const QByteArray& extra = "") {
    return R"({"id": "t", "title": "t", "parameters": )" + parameters + R"(, "objects": )" +
           objects + R"(, "roles": )" + roles + extra + "}";
}
QByteArray role(const QByteArray& program, const QByteArray& count = "1") {
    return R"([{"name": "r", "count": )" + count + R"(, "program": )" + program + "}]";
}
QByteArray repeated(const QByteArray& item, int n, const QByteArray& separator = ",") {
    QByteArray out;
    for (int i = 0; i < n; ++i)
        out += (i ? separator : QByteArray()) + item;
    return out;
}
QByteArray numbered(const char* pattern, int n) { // pattern has one %1
    QByteArray out;
    for (int i = 0; i < n; ++i)
        out += (i ? "," : "") + QString::fromLatin1(pattern).arg(i).toUtf8();
    return out;
}

// The message of the ScenarioError that parsing and compiling with defaults throws, or "".
QString refusal(const QByteArray& text) {
    try {
        const Scenario s = parseScenario(std::string_view(text.constData(), text.size()), "t");
        (void)compile(s, defaultValues(s));
    } catch (const ScenarioError& e) {
        return QString::fromUtf8(e.what());
    }
    return {};
}

std::string write(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly)) qFatal("cannot write %s", qPrintable(path));
    f.write(bytes);
    return path.toStdString();
}

// Every file and folder under `folder` with its contents (a folder: "/"), by name.
QMap<QString, QByteArray> listing(const QString& folder) {
    QMap<QString, QByteArray> out;
    QDirIterator it(folder, QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile f(path);
        out[QDir(folder).relativeFilePath(path)] =
            it.fileInfo().isDir() ? QByteArray("/") : (f.open(QIODevice::ReadOnly), f.readAll());
    }
    return out;
}

// While it lives, this process cannot write past `bytes` in any file: a write there fails
// with EFBIG, as on a full disk, and SIGXFSZ (which would kill the process) is ignored.
class FileSizeLimit {
public:
    explicit FileSizeLimit(rlim_t bytes) {
        ::getrlimit(RLIMIT_FSIZE, &m_old);
        m_oldHandler = std::signal(SIGXFSZ, SIG_IGN);
        rlimit limit = m_old;
        limit.rlim_cur = bytes;
        if (::setrlimit(RLIMIT_FSIZE, &limit) != 0) qFatal("setrlimit failed");
    }
    ~FileSizeLimit() {
        ::setrlimit(RLIMIT_FSIZE, &m_old);
        std::signal(SIGXFSZ, m_oldHandler);
    }
    FileSizeLimit(const FileSizeLimit&) = delete;
    FileSizeLimit& operator=(const FileSizeLimit&) = delete;

private:
    rlimit m_old{};
    void (*m_oldHandler)(int) = nullptr;
};

} // namespace

class TestBadInput : public QObject {
    Q_OBJECT

private slots:
    void scenarioRefused_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("message");
        const QByteArray work = R"([{"work": "1ms"}])";
        // The file itself.
        QTest::newRow("empty") << QByteArray() << "line 1, column 1: the file is empty";
        QTest::newRow("truncated")
            << scenario(role(work)).left(40) << "line 1, column 41: the file ends";
        QTest::newRow("corrupted") << scenario(role(work)).replace(':', '=')
                                   << "line 1, column 6: expected ':' after a member name, "
                                      "found '='";
        QTest::newRow("enormous") << QByteArray(4 * 1024 * 1024 + 1, ' ')
                                  << "the file is 4194305 bytes; the limit is 4194304";
        QTest::newRow("nesting") << QByteArray(200, '[') + QByteArray(200, ']')
                                 << "nesting deeper than 64 levels";
        QTest::newRow("invalid UTF-8") << QByteArray("{\"id\": \"t\xff\"}")
                                       << "line 1, column 10: invalid UTF-8 in a string: byte 0xff";
        QTest::newRow("overlong UTF-8")
            << QByteArray("{\"id\": \"\xC0\xAF\"}") << "invalid UTF-8 in a string: byte 0xc0";
        QTest::newRow("unpaired surrogate")
            << QByteArray(R"({"id": "\ud800x"})") << "line 1, column 15: unpaired surrogate";
        QTest::newRow("many members") << "{" + numbered(R"("k%1": 0)", 50'000) + R"(, "k7": 1})"
                                      << "duplicate member \"k7\"";
        // Counts.
        QTest::newRow("roles") << scenario("[" +
                                           numbered(R"({"name": "r%1", "program": []})", 1025) +
                                           "]")
                               << "roles: 1025 roles; at most 1024";
        QTest::newRow("parameters")
            << scenario(
                   role(work), "[]",
                   "[" +
                       numbered(
                           R"({"name": "p%1", "type": "int", "min": 0, "max": 1, "default": 0})",
                           257) +
                       "]")
            << "parameters: 257 parameters; at most 256";
        QTest::newRow("object declarations")
            << scenario(role(work), "[" + numbered(R"({"mutex": "m%1"})", 4096) + "]")
            << "objects: 4096 objects; at most 4095";
        QTest::newRow("object set") << scenario(role(work), R"([{"mutex": "m", "count": 1025}])")
                                    << "objects[0].count: 1025 is outside 1..1024";
        QTest::newRow("objects in all")
            << scenario(role(work), "[" + numbered(R"({"mutex": "m%1", "count": 1000})", 5) + "]")
            << "objects[4]: more than 4095 objects in one run";
        QTest::newRow("role count")
            << scenario(role(work, "1025")) << "roles[0].count: 1025 is outside 0..1024";
        QTest::newRow("negative role count")
            << scenario(role(work, "-1")) << "roles[0].count: -1 is outside 0..1024";
        QTest::newRow("threads in all") << scenario(R"([{"name": "a", "count": 600, "program": []},
                            {"name": "b", "count": 600, "program": []}])")
                                        << "roles: 1200 threads; at most 1024 in one run";
        QTest::newRow("repeat") << scenario(role(R"([{"repeat": 100000001, "do": []}])"))
                                << "roles[0].program[0].repeat: 100000001 is outside "
                                   "0..100000000";
        QTest::newRow("negative repeat") << scenario(role(R"([{"repeat": "-1", "do": []}])"))
                                         << "roles[0].program[0].repeat: -1 is outside";
        QTest::newRow("program size")
            << scenario(role("[" + repeated(R"({"work": "1us"})", 2000) + "]", "1024"))
            << "roles[0]: the program is too large for 1024 threads (more than 2000000 steps";
        // Capacities.
        QTest::newRow("capacity") << scenario(role(work),
                                              R"([{"queue": "q", "capacity": 1000001}])")
                                  << "objects[0]: size 1000001 is outside the allowed range";
        QTest::newRow("zero capacity") << scenario(role(work), R"([{"queue": "q", "capacity": 0}])")
                                       << "objects[0]: size 0 is outside the allowed range";
        QTest::newRow("negative permits")
            << scenario(role(work), R"([{"semaphore": "s", "permits": "-1"}])")
            << "objects[0]: size -1 is outside the allowed range";
        // Durations.
        QTest::newRow("duration too long") << scenario(role(R"([{"work": "1000000s * 2"}])"))
                                           << "roles[0].program[0].work: 2000000s is longer "
                                              "than the longest duration, 1000000s";
        QTest::newRow("duration unit overflow") << scenario(role(R"([{"sleep": "99999999999s"}])"))
                                                << "roles[0].program[0].sleep: \"99999999999s\": "
                                                   "\"99999999999s\" is neither a number nor a "
                                                   "duration";
        QTest::newRow("negative duration") << scenario(role(R"([{"work": "0 - 1ms"}])"))
                                           << "roles[0].program[0].work: a duration cannot be "
                                              "negative";
        QTest::newRow("uniform too long")
            << scenario(role(R"([{"work": {"uniform": ["1ms", "9000000s"]}}])"))
            << "roles[0].program[0].work: 9000000s is longer than the longest duration";
        QTest::newRow("time limit")
            << scenario(role(work), "[]", "[]", R"(, "stop": {"timeLimit": "2000000s"})")
            << "stop.timeLimit: 2000000s is longer than the longest "
               "duration, 1000000s";
        QTest::newRow("zero time limit")
            << scenario(role(work), "[]", "[]", R"(, "stop": {"timeLimit": "0"})")
            << "stop.timeLimit: must be above zero";
        QTest::newRow("timeout") << scenario(role(R"([{"wait": "e", "timeout": "1000001s"}])"),
                                             R"([{"event": "e"}])")
                                 << "roles[0].program[0].timeout: 1000001s is longer than the "
                                    "longest duration";
        QTest::newRow("retry") << scenario(role(R"([{"trylock": "m", "retry": "0 - 1us"}])"),
                                           R"([{"mutex": "m"}])")
                               << "roles[0].program[0].retry: a duration cannot be negative";
        QTest::newRow("gil interval")
            << scenario(role(work), R"([{"gil": "g", "interval": "1000000s * 5"}])")
            << "objects[0].interval: 5000000s is longer than the longest duration";
        // Expressions.
        QTest::newRow("sum overflow")
            << scenario(role(R"([{"repeat": "9223372036854775807 + 1", "do": []}])"))
            << "roles[0].program[0].repeat: \"9223372036854775807 + "
               "1\": 9223372036854775807 + 1 does not fit in a 64-bit "
               "integer";
        QTest::newRow("difference overflow")
            << scenario(role(R"([{"repeat": "0 - 9223372036854775807 - 2", "do": []}])"))
            << "-9223372036854775807 - 2 does not fit in a 64-bit integer";
        QTest::newRow("product overflow")
            << scenario(role(R"([{"work": "1000000s * 1000000000000"}])"))
            << "1000000000000000 * 1000000000000 does not fit in a 64-bit integer";
        QTest::newRow("negation overflow")
            << scenario(role(R"j([{"repeat": "-(0 - 9223372036854775807 - 1)", "do": []}])j"))
            << "0 - -9223372036854775808 does not fit in a 64-bit integer";
        QTest::newRow("quotient overflow")
            << scenario(role(R"j([{"repeat": "(0 - 9223372036854775807 - 1) / -1", "do": []}])j"))
            << "-9223372036854775808 / -1 does not fit in a 64-bit integer";
        QTest::newRow("remainder overflow")
            << scenario(role(R"j([{"repeat": "(0 - 9223372036854775807 - 1) % -1", "do": []}])j"))
            << "-9223372036854775808 % -1 does not fit in a 64-bit integer";
        QTest::newRow("division by zero") << scenario(role(R"([{"repeat": "1 / 0", "do": []}])"))
                                          << "roles[0].program[0].repeat: \"1 / 0\": division "
                                             "by zero in expression";
        QTest::newRow("expression nesting")
            << scenario(role("[{\"repeat\": \"" + QByteArray(300, '(') + "1" +
                             QByteArray(300, ')') + "\", \"do\": []}]"))
            << "roles[0].program[0].repeat: \"" + QString(300, '(') + "1" + QString(300, ')') +
                   "\": expression nested deeper than 200 levels";
        QTest::newRow("expression length")
            << scenario(role("[{\"work\": \"" + repeated("1ns", 2000, " + ") + "\"}]"))
            << "roles[0].program[0].work: \"" + QString(repeated("1ns", 2000, " + ")) +
                   "\": expression of 11997 characters; at most 4096";
        QTest::newRow("unary nesting")
            << scenario(role("[{\"repeat\": \"" + QByteArray(1000, '-') + "1\", \"do\": []}]"))
            << "expression nested deeper than 200 levels";
        // Parameters.
        QTest::newRow("default out of range")
            << scenario(role(work), "[]",
                        R"([{"name": "n", "type": "int", "min": 1, "max": 4, "default": 5}])")
            << "parameters[0].default: the default is outside [min, max]";
        QTest::newRow("min above max")
            << scenario(role(work), "[]",
                        R"([{"name": "n", "type": "int", "min": 5, "max": 4, "default": 5}])")
            << "parameters[0]: min is above max";
        QTest::newRow("parameter too large")
            << scenario(
                   role(work), "[]",
                   R"([{"name": "n", "type": "int", "min": 0, "max": 99999999999999999999, "default": 0}])")
            << "parameters[0].max: expected a whole number (line 1)";
    }
    void scenarioRefused() {
        QFETCH(QByteArray, text);
        QFETCH(QString, message);
        const auto start = std::chrono::steady_clock::now();
        const QString got = refusal(text);
        QVERIFY2(got.contains(message), qPrintable("got: " + got.left(400)));
        // Refusing is cheap: no quadratic scan, no copy per thread of a huge program.
        QVERIFY(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
    }

    void setRefused_data() {
        QTest::addColumn<QString>("assignment");
        QTest::addColumn<QString>("message");
        const QString p = "parameter \"producers\": ";
        QTest::newRow("below") << "producers=0" << p + "0 is below the minimum 1";
        QTest::newRow("above") << "producers=65" << p + "65 is above the maximum 64";
        QTest::newRow("text") << "producers=many" << p + "\"many\" is not a whole number";
        QTest::newRow("fraction") << "producers=1.5" << p + "\"1.5\" is not a whole number";
        QTest::newRow("overflow") << "producers=99999999999999999999"
                                  << p + "\"99999999999999999999\" is not a whole number";
        QTest::newRow("empty value") << "producers=" << p + "\"\" is not a whole number";
        QTest::newRow("no name") << "=3"
                                 << "--set \"=3\": expected name=value";
        QTest::newRow("no value") << "producers"
                                  << "--set \"producers\": expected name=value";
        QTest::newRow("unknown") << "nosuch=1"
                                 << "parameter \"nosuch\": producer-consumer has no such parameter";
        QTest::newRow("duration") << "produceTime=soon"
                                  << "parameter \"produceTime\": \"soon\" is not a duration";
        QTest::newRow("negative duration")
            << "produceTime=-5ms"
            << "parameter \"produceTime\": \"-5ms\" is not a duration";
        QTest::newRow("huge duration")
            << "produceTime=99999999999s"
            << "parameter \"produceTime\": \"99999999999s\" is not a duration";
        QTest::newRow("duration above max")
            << "produceTime=1000s"
            << "parameter \"produceTime\": 1000s is above the maximum";
    }
    void setRefused() {
        QFETCH(QString, assignment);
        QFETCH(QString, message);
        const Scenario s = resolveScenario("producer-consumer");
        ParamValues values = defaultValues(s);
        try {
            setAssignment(s, values, assignment.toStdString());
            QFAIL("accepted");
        } catch (const ScenarioError& e) {
            QVERIFY2(QString::fromUtf8(e.what()).startsWith(message), e.what());
        }
    }

    // Every parameter of every bundled scenario compiles at both ends of its range.
    void everyParameterRange() {
        for (const Scenario& s : loadBundledScenarios())
            for (const ParamSpec& p : s.parameters) {
                if (p.type != ParamType::Int && p.type != ParamType::Duration) continue;
                for (const std::int64_t v : {p.min, p.max}) {
                    ParamValues values = defaultValues(s);
                    values[p.name] = ExprValue::of(v);
                    try {
                        (void)compile(s, values);
                    } catch (const ScenarioError& e) {
                        QFAIL(qPrintable(QString::fromStdString(
                            s.id + " " + p.name + "=" + std::to_string(v) + ": " + e.what())));
                    }
                }
            }
    }

    // ... and runs without an error there on the simulated machine (a short run: the event
    // cap ends the long ones), each parameter at each end with the others at their default.
    void everyParameterRangeRuns() {
        QStringList errors;
        for (const Scenario& s : loadBundledScenarios())
            for (const ParamSpec& p : s.parameters) {
                if (p.type != ParamType::Int && p.type != ParamType::Duration) continue;
                for (const std::int64_t v : {p.min, p.max}) {
                    ParamValues values = defaultValues(s);
                    values[p.name] = ExprValue::of(v);
                    RunOptions options;
                    options.maxEvents = 100'000;
                    const Program program = compile(s, values);
                    Trace trace(runInfo(program, options));
                    runSimulated(program, trace, options);
                    if (trace.outcome() == Outcome::Error)
                        errors << QString::fromStdString(s.id + " " + p.name + "=" +
                                                         formatParamValue(p, values[p.name]) +
                                                         ": " + trace.message());
                }
            }
        QVERIFY2(errors.isEmpty(), qPrintable(errors.join('\n')));
    }

    // A scenario that would never end is ended by its time limit, on both engines.
    void neverEnding_data() {
        QTest::addColumn<int>("engine");
        QTest::newRow("simulated") << int(EngineKind::Simulated);
        QTest::newRow("real") << int(EngineKind::Real);
    }
    void neverEnding() {
        QFETCH(int, engine);
        const QByteArray endless = scenario(
            role(R"([{"repeat": 100000000, "do": [{"sleep": "1ms"}, {"work": "100us"}]}])", "2"),
            "[]", "[]", R"(, "stop": {"timeLimit": "150ms"})");
        RunOptions options;
        options.engine = EngineKind(engine);
        const auto start = std::chrono::steady_clock::now();
        const auto trace = test::runText(endless.toStdString(), {}, options);
        QCOMPARE(trace->outcome(), Outcome::TimeLimit);
        QCOMPARE(QString::fromStdString(trace->message()),
                 "the run reached its time limit of 150ms and was ended");
        QVERIFY(std::chrono::steady_clock::now() - start < std::chrono::seconds(10));
    }

    // A loop with nothing to wait for takes no virtual time, so the time limit cannot end
    // it on the simulated machine: it is refused as a run error that says why. On real
    // threads it spins until the time limit.
    void loopOfNothing_data() {
        QTest::addColumn<QByteArray>("program");
        QTest::newRow("whileEmpty") << QByteArray(R"([{"whileEmpty": "q", "do": []}])");
        QTest::newRow("nested repeats") << QByteArray(
            R"([{"repeat": 100000000, "do": [{"repeat": 100000000, "do": [{"work": "0"}]}]}])");
    }
    void loopOfNothing() {
        QFETCH(QByteArray, program);
        const std::string text = scenario(role(program), R"([{"queue": "q", "capacity": 1}])", "[]",
                                          R"(, "stop": {"timeLimit": "100ms"})")
                                     .toStdString();
        const auto sim = test::runText(text);
        QCOMPARE(sim->outcome(), Outcome::Error);
        QVERIFY2(QString::fromStdString(sim->message())
                     .startsWith("r took 1000000 steps in a row that take no time and do "
                                 "nothing; a loop with nothing to wait for"),
                 sim->message().c_str());
        RunOptions real;
        real.engine = EngineKind::Real;
        QCOMPARE(test::runText(text, {}, real)->outcome(), Outcome::TimeLimit);
    }

    // The event cap holds inside a burst of steps that take no time.
    void eventCapInBurst() {
        const std::string text =
            scenario(role(R"([{"repeat": 100000000, "do": [{"lock": "m"}, {"unlock": "m"}]}])"),
                     R"([{"mutex": "m"}])")
                .toStdString();
        RunOptions options;
        options.maxEvents = 1000;
        const auto trace = test::runText(text, {}, options);
        QCOMPARE(trace->outcome(), Outcome::EventLimit);
        QVERIFY(trace->eventCount() < 1100);
        QCOMPARE(QString::fromStdString(trace->message()),
                 "the run reached the limit of 1000 events and was ended there");
    }

    // Run options out of range are brought into range, not obeyed into a hang.
    void runOptionsOutOfRange() {
        RunOptions options;
        options.quantum = 0; // slices of no time: the clock would never move
        options.cores = 0;
        const auto trace = test::runScenario("lock-contention", {{"workers", "4"}}, options);
        QCOMPARE(trace->outcome(), Outcome::Completed);
    }

    // ---- files ----
    void scenarioFiles() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString base = dir.path();
        auto refused = [](const std::string& path) -> QString {
            try {
                (void)loadScenarioFile(path);
            } catch (const ScenarioError& e) {
                return QString::fromUtf8(e.what());
            }
            return "accepted";
        };
        QCOMPARE(refused((base + "/missing.json").toStdString()),
                 base + "/missing.json: cannot open the file (No such file or directory)");
        QCOMPARE(refused(base.toStdString()), base + ": is a folder, not a scenario file");
        QCOMPARE(refused("/dev/zero"), QString("/dev/zero: not a regular file"));
        const std::string empty = write(base + "/empty.json", {});
        QCOMPARE(refused(empty), base + "/empty.json: line 1, column 1: the file is empty");
        const std::string big = write(base + "/big.json", QByteArray(5 * 1024 * 1024, ' '));
        QCOMPARE(refused(big), base + "/big.json: the file is 5242880 bytes; the limit is 4194304");
        const QByteArray good = scenario(role(R"([{"work": "1ms"}])"));
        const std::string cut = write(base + "/cut.json", good.left(good.size() / 2));
        QVERIFY(refused(cut).startsWith(base + "/cut.json: line 1, column "));
        // Spaces and non-ASCII letters in folder and file names.
        QVERIFY(QDir(base).mkpath("dir with spaces/Übung ½"));
        const std::string odd = write(base + "/dir with spaces/Übung ½/scénario 日本.json", good);
        QCOMPARE(QString::fromStdString(loadScenarioFile(odd).id), QString("t"));
    }

    void traceFiles() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString base = dir.path();
        const auto trace = test::runScenario("lock-contention", {{"workers", "2"}});
        const std::string json = chromeTraceString(*trace);
        auto refused = [](const std::string& path) -> QString {
            try {
                (void)loadChromeTrace(path);
            } catch (const TraceReadError& e) {
                return QString::fromUtf8(e.what());
            } catch (const FileError& e) {
                return QString::fromUtf8(e.what());
            }
            return "accepted";
        };
        QCOMPARE(refused((base + "/missing.json").toStdString()),
                 "cannot open " + base + "/missing.json: No such file or directory");
        QCOMPARE(refused(write(base + "/empty.json", {})), base + "/empty.json: the file is empty");
        // Truncated anywhere: every complete event is read, and where it was cut is said.
        for (const std::size_t cut : {json.size() / 3, json.size() / 2, json.size() - 2}) {
            const auto t = loadChromeTrace(
                write(base + "/cut.json", QByteArray::fromStdString(json.substr(0, cut))));
            QCOMPARE(t->info().source.notices.size(), std::size_t(1));
            QVERIFY2(t->info().source.notices[0].starts_with("the file ends early at byte " +
                                                             std::to_string(cut) +
                                                             " (is it truncated?): read its "),
                     t->info().source.notices[0].c_str());
            QVERIFY(t->eventCount() > 0 && t->eventCount() <= trace->eventCount());
        }
        // Cut before its first event is whole: nothing to keep, refused naming the byte.
        const QString got =
            refused(write(base + "/cut.json", QByteArray::fromStdString(json.substr(0, 100))));
        QVERIFY2(got.startsWith(base + "/cut.json: ") && got.contains("byte"), qPrintable(got));
        // Corrupted: a byte flipped anywhere is refused or read, never a crash.
        for (std::size_t at = 0; at < json.size(); at += json.size() / 97 + 1) {
            std::string bad = json;
            bad[at] = char(bad[at] ^ 0x5a);
            try {
                (void)readChromeTrace(bad);
            } catch (const TraceReadError&) {
            }
        }
        // Enormous: refused from its size, before a byte is read (a sparse file).
        const QString huge = base + "/huge.json";
        {
            QFile f(huge);
            QVERIFY(f.open(QIODevice::WriteOnly));
            QVERIFY(f.resize(qint64(kMaxChromeTraceBytes) + 1));
        }
        const auto start = std::chrono::steady_clock::now();
        QCOMPARE(refused(huge.toStdString()),
                 huge + ": the file is 2147483649 bytes; traces over 2 GB are refused");
        QVERIFY(std::chrono::steady_clock::now() - start < std::chrono::seconds(2));
        // Spaces and non-ASCII names: written and read back the same.
        QVERIFY(QDir(base).mkpath("a folder/naïve ☃"));
        const std::string odd = (base + "/a folder/naïve ☃/trace é 日本.json").toStdString();
        saveChromeTrace(*trace, odd);
        QCOMPARE(chromeTraceString(*loadChromeTrace(odd)), json);
    }

    // An unwritable target is refused naming the path, and leaves nothing behind: no file
    // where there was none, the old file where there was one, and no temporary. Each case
    // fails for root as for anyone (permission bits do not stop root): a folder that is a
    // regular file, a target that is a folder, and a disk that fills up half-way (the file
    // size limit, RLIMIT_FSIZE, which binds root too).
    void unwritable_data() {
        QTest::addColumn<QString>("where");
        QTest::addColumn<QString>("reason");
        QTest::newRow("under a file") << "file.txt/out.json"
                                      << "Not a directory";
        QTest::newRow("a folder") << "folder"
                                  << "Is a directory";
        QTest::newRow("the disk fills") << "old.json"
                                        << "File too large";
    }
    void unwritable() {
        QFETCH(QString, where);
        QFETCH(QString, reason);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const auto trace = test::runScenario("lock-contention", {{"workers", "2"}});
        write(dir.filePath("file.txt"), "x");
        QVERIFY(QDir(dir.path()).mkdir("folder"));
        write(dir.filePath("old.json"), "the old trace");
        const auto before = listing(dir.path());
        const std::string target = dir.filePath(where).toStdString();
        {
            // The first 4 KiB are written; the trace is larger (checked below).
            FileSizeLimit limit(where == "old.json" ? 4096 : RLIM_INFINITY);
            try {
                saveChromeTrace(*trace, target);
                QFAIL("written");
            } catch (const FileError& e) {
                const QString message = QString::fromUtf8(e.what());
                QVERIFY2(
                    message.startsWith(QString::fromStdString("cannot write " + target + ": ")),
                    qPrintable(message));
                QVERIFY2(message.endsWith(": " + reason), qPrintable(message));
            }
        }
        QCOMPARE(listing(dir.path()), before);
        // With no limit the same save writes the whole trace, and more than the limit.
        if (where == "old.json") {
            saveChromeTrace(*trace, target);
            QVERIFY(QFileInfo(dir.filePath(where)).size() > 4096);
        }
    }
};

QTEST_GUILESS_MAIN(TestBadInput)
#include "tst_badinput.moc"
