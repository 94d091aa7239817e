// The shape of the house holds: every source sits in a layer's folder, includes only what its
// layer may (docs/architecture.md, "Layers"), and is named in its layer's CMake target;
// the core has no Qt; only the sweep and the explorer use Qt Charts; no folder holds more than 20
// .cpp files and no C++ file runs over 600 lines. A break fails here with the file and line, before
// anyone has to find it in a review.
#include <QtTest>

#include <array>
#include <map>
#include <set>

namespace {

// What each layer may include besides itself, by folder. The core's layers, then the UI's;
// every UI layer may include all of the core, and app/ may include everything.
const std::map<QString, QStringList>& allowedLayers() {
    static const std::map<QString, QStringList> rules{
        {"core/model", {}},
        {"core/scenario", {"model"}},
        {"core/engine", {"model", "scenario"}},
        {"core/analysis", {"model", "scenario"}},
        {"core/format", {"model"}},
        {"core/experiment", {"model", "scenario", "engine", "analysis", "format"}},
        {"ui/common", {}},
        {"ui/timeline", {"common"}},
        {"ui/session", {"common", "timeline"}},
        {"ui/panels", {"common", "timeline", "session"}},
        {"ui/sweep", {"common", "timeline", "session", "panels"}},
        {"ui/explore", {"common", "timeline", "session", "panels", "sweep"}},
        {"ui/window", {"common", "timeline", "session", "panels", "sweep", "explore"}},
    };
    return rules;
}

// Single headers a layer may include from a layer it may not otherwise: the rules that
// say who woke whom and what level an object has are data the trace format writes too.
const std::map<QString, QStringList>& allowedHeaders() {
    static const std::map<QString, QStringList> rules{
        {"core/format", {"analysis/linkrules.h", "analysis/levelrules.h"}},
    };
    return rules;
}

// Includes that still point the wrong way, each until the code that needs it changes.
// Listed by file and header; an exception no longer used fails the test, so that the list
// only ever shrinks.
struct Exception {
    const char* file;
    const char* header;
    const char* why;
};
// None today: the docks talk to the Session (ui/session/session.h) instead of the scenario
// panel's list and the main window. A new one would be listed as {file, header, why}.
constexpr std::array<Exception, 0> kExceptions{};

bool isException(const QString& file, const QString& header) {
    for (const Exception& e : kExceptions)
        if (file == QLatin1String(e.file) && header == QLatin1String(e.header)) return true;
    return false;
}

QString coreOrUi(const QString& layer) {
    for (const auto& [folder, may] : allowedLayers())
        if (folder.section(QLatin1Char('/'), 1) == layer)
            return folder.section(QLatin1Char('/'), 0, 0);
    return {};
}

// Why `file` (a path from the repository's root, in core/<layer>/ or ui/<layer>/) may not
// include "header"; empty when it may.
QString refusal(const QString& file, const QString& header) {
    const QString folder = file.section(QLatin1Char('/'), 0, 1);
    const auto rules = allowedLayers().find(folder);
    if (rules == allowedLayers().end()) return QStringLiteral("is in no layer's folder");
    if (!header.contains(QLatin1Char('/'))) {
        if (header == QLatin1String("bundled_scenarios.h") ||
            header.endsWith(QLatin1String(".moc")))
            return {};
        return QStringLiteral("includes \"%1\": write it from the layer root (\"layer/%1\")")
            .arg(header);
    }
    const QString layer = header.section(QLatin1Char('/'), 0, 0);
    const QString root = coreOrUi(layer);
    if (root.isEmpty())
        return QStringLiteral("includes \"%1\": no layer is called %2").arg(header, layer);
    const QString own = folder.section(QLatin1Char('/'), 1);
    const bool fromUi = folder.startsWith(QLatin1String("ui/"));
    if (layer == own || rules->second.contains(layer) || (fromUi && root == QLatin1String("core")))
        return {};
    const auto headers = allowedHeaders().find(folder);
    if (headers != allowedHeaders().end() && headers->second.contains(header)) return {};
    return QStringLiteral("includes \"%1\": %2 may not include %3/%4")
        .arg(header, folder, root, layer);
}

struct Include {
    QString file; // from the repository's root
    int line = 0;
    QString header;
    bool angle = false; // <...>
};

QString sourceRoot() {
    return QStringLiteral(THREADLENS_SOURCE_DIR);
}

// Every .h and .cpp under the folders given, from the repository's root.
QStringList sources(const QStringList& folders) {
    QStringList out;
    const QDir root(sourceRoot());
    for (const QString& folder : folders) {
        QDirIterator it(root.filePath(folder), {QStringLiteral("*.h"), QStringLiteral("*.cpp")},
                        QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext())
            out << root.relativeFilePath(it.next());
    }
    out.sort();
    return out;
}

QStringList linesOf(const QString& relative) {
    QFile f(QDir(sourceRoot()).filePath(relative));
    if (!f.open(QIODevice::ReadOnly)) qFatal("cannot read %s", qPrintable(relative));
    return QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'));
}

std::vector<Include> includes(const QStringList& files) {
    static const QRegularExpression directive(
        QStringLiteral("^\\s*#\\s*include\\s*([<\"])([^>\"]+)[>\"]"));
    std::vector<Include> out;
    for (const QString& file : files) {
        const QStringList lines = linesOf(file);
        for (qsizetype n = 0; n < lines.size(); ++n) {
            const auto m = directive.match(lines[n]);
            if (m.hasMatch())
                out.push_back(
                    {file, int(n + 1), m.captured(2), m.captured(1) == QLatin1String("<")});
        }
    }
    return out;
}

} // namespace

class TestLayers : public QObject {
    Q_OBJECT
private slots:
    // The rule itself, on includes written for the purpose: what it lets through and what
    // it refuses.
    void rule_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("header");
        QTest::addColumn<bool>("allowed");
        QTest::newRow("own layer") << "core/engine/simengine.cpp"
                                   << "engine/engine.h" << true;
        QTest::newRow("a layer below") << "core/engine/engine.h"
                                       << "scenario/scenario.h" << true;
        QTest::newRow("engine to analysis") << "core/engine/simengine.cpp"
                                            << "analysis/causality.h" << false;
        QTest::newRow("scenario to experiment") << "core/scenario/sweeplink.cpp"
                                                << "experiment/sweep.h" << false;
        QTest::newRow("model to anything") << "core/model/trace.h"
                                           << "scenario/expr.h" << false;
        QTest::newRow("format to linkrules") << "core/format/chromejson.cpp"
                                             << "analysis/linkrules.h" << true;
        QTest::newRow("format to the rest of analysis") << "core/format/chromejson.cpp"
                                                        << "analysis/stats.h" << false;
        QTest::newRow("core to ui") << "core/analysis/stats.cpp"
                                    << "timeline/palette.h" << false;
        QTest::newRow("ui to core") << "ui/timeline/picture.cpp"
                                    << "format/atomicfile.h" << true;
        QTest::newRow("timeline to session") << "ui/timeline/timelineview.cpp"
                                             << "session/runcontroller.h" << false;
        QTest::newRow("panels to session") << "ui/panels/replaybar.cpp"
                                           << "session/playbackclock.h" << true;
        QTest::newRow("panels to window") << "ui/panels/replaybar.cpp"
                                          << "window/mainwindow.h" << false;
        QTest::newRow("window to sweep") << "ui/window/mainwindow.cpp"
                                         << "sweep/sweeppanel.h" << true;
        QTest::newRow("window to explore") << "ui/window/mainwindow.cpp"
                                           << "explore/exploredialog.h" << true;
        QTest::newRow("sweep to explore") << "ui/sweep/sweeppanel.cpp"
                                          << "explore/exploredialog.h" << false;
        QTest::newRow("bare name") << "core/model/trace.cpp"
                                   << "trace.h" << false;
        QTest::newRow("generated") << "core/scenario/catalog.cpp"
                                   << "bundled_scenarios.h" << true;
        QTest::newRow("no such layer") << "ui/panels/replaybar.cpp"
                                       << "widgets/x.h" << false;
    }
    void rule() {
        QFETCH(QString, file);
        QFETCH(QString, header);
        QFETCH(bool, allowed);
        const QString why = refusal(file, header);
        QVERIFY2(why.isEmpty() == allowed, qPrintable(file + QLatin1String(": ") + why));
    }

    void includesFollowTheLayers() {
        const std::vector<Include> all = includes(sources({"core", "ui"}));
        QStringList broken;
        int quoted = 0;
        for (const Include& inc : all) {
            if (inc.angle) continue;
            ++quoted;
            const QString why = refusal(inc.file, inc.header);
            if (!why.isEmpty() && !isException(inc.file, inc.header))
                broken << QStringLiteral("%1:%2: %3").arg(inc.file).arg(inc.line).arg(why);
        }
        QVERIFY2(broken.isEmpty(), qPrintable(broken.join(QLatin1Char('\n'))));
        QVERIFY2(quoted > 300, qPrintable(QString::number(quoted))); // the scan read the tree
    }

    // An exception that the code no longer needs goes from the list.
    void exceptionsStillNeeded() {
        const std::vector<Include> all = includes(sources({"core", "ui"}));
        for (const Exception& e : kExceptions) {
            const bool used = std::any_of(all.begin(), all.end(), [&](const Include& inc) {
                return inc.file == QLatin1String(e.file) && inc.header == QLatin1String(e.header);
            });
            QVERIFY2(used, qPrintable(QStringLiteral("%1 no longer includes %2: remove it from "
                                                     "kExceptions")
                                          .arg(QLatin1String(e.file), QLatin1String(e.header))));
            QVERIFY2(!refusal(QLatin1String(e.file), QLatin1String(e.header)).isEmpty(), e.header);
        }
    }

    // The core is plain C++: no Qt header, so that it builds and runs without Qt.
    void coreHasNoQt() {
        QStringList found;
        for (const Include& inc : includes(sources({"core"})))
            if (inc.angle && inc.header.startsWith(QLatin1Char('Q')))
                found << QStringLiteral("%1:%2: <%3>").arg(inc.file).arg(inc.line).arg(inc.header);
        QVERIFY2(found.isEmpty(), qPrintable(found.join(QLatin1Char('\n'))));
    }

    // Qt Charts is the sweep's and the explorer's alone: its headers are included there, and
    // only their targets link it.
    void onlySweepAndExploreUseCharts() {
        QStringList found;
        for (const Include& inc : includes(sources({"core", "ui", "app"})))
            if (inc.angle &&
                (inc.header.startsWith(QLatin1String("QtCharts")) ||
                 inc.header.startsWith(QLatin1String("QChart"))) &&
                !inc.file.startsWith(QLatin1String("ui/sweep/")) &&
                !inc.file.startsWith(QLatin1String("ui/explore/")))
                found << QStringLiteral("%1:%2: <%3>").arg(inc.file).arg(inc.line).arg(inc.header);
        QVERIFY2(found.isEmpty(), qPrintable(found.join(QLatin1Char('\n'))));
        for (const QString cmake :
             {"core/CMakeLists.txt", "ui/CMakeLists.txt", "app/CMakeLists.txt"}) {
            const QStringList lines = linesOf(cmake);
            // A link command runs until its closing parenthesis.
            QString command;
            for (qsizetype n = 0; n < lines.size(); ++n) {
                const QString line = lines[n].trimmed();
                if (line.startsWith(QLatin1Char('#'))) continue;
                if (line.startsWith(QLatin1String("target_link_libraries(")))
                    command = line;
                else if (!command.isEmpty())
                    command += QLatin1Char(' ') + line;
                if (command.isEmpty() || !command.contains(QLatin1Char(')'))) continue;
                if (command.contains(QLatin1String("Charts")))
                    QVERIFY2(command.startsWith(
                                 QLatin1String("target_link_libraries(threadlens_ui_sweep ")) ||
                                 command.startsWith(
                                     QLatin1String("target_link_libraries(threadlens_ui_explore ")),
                             qPrintable(cmake + QLatin1String(": ") + command));
                command.clear();
            }
        }
    }

    // Each layer is a target with its own source list: every source under core/ and ui/
    // is named in its CMakeLists.txt, and none is gathered by a glob.
    void everySourceIsListed() {
        for (const QString root : {"core", "ui"}) {
            const QString cmake =
                linesOf(root + QLatin1String("/CMakeLists.txt")).join(QLatin1Char('\n'));
            QVERIFY2(!cmake.contains(QLatin1String("GLOB")), qPrintable(root));
            QStringList missing;
            for (const QString& file : sources({root})) {
                const QString name = file.mid(root.size() + 1);
                static const QRegularExpression word(QStringLiteral(R"([^\s()]+)"));
                bool listed = false;
                auto words = word.globalMatch(cmake);
                while (words.hasNext() && !listed)
                    listed = words.next().captured(0) == name;
                if (!listed) missing << file;
            }
            QVERIFY2(missing.isEmpty(), qPrintable(missing.join(QLatin1Char('\n'))));
        }
    }

    // Folders that show the layers, none a heap: at least four in core/ and ui/, each
    // holding its sources, and no folder with more than 20 .cpp files.
    void foldersStaySmall() {
        const QDir root(sourceRoot());
        for (const QString base : {"core", "ui"}) {
            const QStringList layers =
                QDir(root.filePath(base)).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
            QVERIFY2(layers.size() >= 4, qPrintable(base));
            QVERIFY2(QDir(root.filePath(base))
                         .entryList({QStringLiteral("*.cpp"), QStringLiteral("*.h")}, QDir::Files)
                         .isEmpty(),
                     qPrintable(base + QLatin1String(" holds sources outside its layers")));
        }
        std::map<QString, int> cpp;
        for (const QString& file : sources({"core", "ui", "app", "tests", "bench", "fuzz"}))
            if (file.endsWith(QLatin1String(".cpp"))) ++cpp[file.section(QLatin1Char('/'), 0, -2)];
        QVERIFY(cpp.size() > 10);
        for (const auto& [folder, count] : cpp)
            QVERIFY2(count <= 20,
                     qPrintable(QStringLiteral("%1 holds %2 .cpp files").arg(folder).arg(count)));
    }

    // Files stay readable in one sitting: none over 600 lines.
    void filesStayShort() {
        QStringList longer;
        int files = 0;
        for (const QString& file : sources({"core", "ui", "app", "tests", "bench", "fuzz"})) {
            ++files;
            // split() counts one more than the lines when the file ends with a newline
            const qsizetype lines = linesOf(file).size() - 1;
            if (lines > 600) longer << QStringLiteral("%1: %2 lines").arg(file).arg(lines);
        }
        QVERIFY2(longer.isEmpty(), qPrintable(longer.join(QLatin1Char('\n'))));
        QVERIFY2(files > 200, qPrintable(QString::number(files)));
    }
};

QTEST_GUILESS_MAIN(TestLayers)
#include "tst_layers.moc"
