// Every document and every source file that a file of the repository cites is in the
// repository: someone with only the repository finds every rule the code and the docs point
// to, and a file that moved leaves no stale path behind. A citation is a name ending in ".md",
// or a path into one of the project's folders ending in a file's extension
// ("core/model/trace.h", "tests/engine/tst_simengine.cpp"), read from the root of the
// repository or from the citing file's folder.
#include <QtTest>

#include <functional>

namespace {

// The folders and files that are the project's own text; build folders, the fuzzers' corpora
// and pictures are not.
bool isOwnText(const QString& relative) {
    if (relative.startsWith(QLatin1String("build")) ||
        relative.startsWith(QLatin1String(".git/")) || relative.contains(QLatin1String("/corpus/")))
        return false;
    static const QStringList suffixes{"cpp",  "h",   "md",      "sh",   "txt", "cmake",
                                      "json", "qrc", "desktop", "supp", "dict"};
    const QFileInfo info(relative);
    return suffixes.contains(info.suffix()) || info.fileName() == QLatin1String("run");
}

// The pattern of a cited document, and of a cited file in one of the project's folders (not
// part of a longer path, a CMake variable or a glob).
const QRegularExpression& documentCitation() {
    static const QRegularExpression cite(QStringLiteral(R"((?:[\w.-]+/)*[\w.-]+\.md\b)"));
    return cite;
}
const QRegularExpression& fileCitation() {
    static const QRegularExpression cite(QStringLiteral(
        R"((?<![\w/.$}*-])((?:core|ui|app|tests|bench|fuzz|scripts|resources|docs|\.ci)/)"
        R"([\w./-]*\.(?:h|cpp|sh|json|md|txt|qrc|cmake|png|svg|supp|dict|desktop))(?![\w/*]))"));
    return cite;
}

// Calls `each` with every match of `cite` in the project's own text; returns the files read.
int scan(const QRegularExpression& cite,
         const std::function<void(const QString& file, int line, const QString& name)>& each) {
    const QDir root(QStringLiteral(THREADLENS_SOURCE_DIR));
    int files = 0;
    QDirIterator it(root.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        const QString relative = root.relativeFilePath(path);
        if (!isOwnText(relative)) continue;
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly)) qFatal("cannot read %s", qPrintable(relative));
        ++files;
        const QStringList lines = QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'));
        for (qsizetype n = 0; n < lines.size(); ++n) {
            auto matches = cite.globalMatch(lines[n]);
            while (matches.hasNext())
                each(relative, int(n + 1), matches.next().captured(0));
        }
    }
    return files;
}

// Every match of `cite` that is not there, from the root or from the citing file's folder,
// as "file:line: name"; `citations` and `files` count what was read.
QStringList missingCitations(const QRegularExpression& cite, int& citations, int& files) {
    const QDir root(QStringLiteral(THREADLENS_SOURCE_DIR));
    QStringList missing;
    citations = 0;
    files = scan(cite, [&](const QString& file, int line, const QString& name) {
        ++citations;
        if (!root.exists(name) && !QFileInfo(root.filePath(file)).dir().exists(name))
            missing << QStringLiteral("%1:%2: %3").arg(file).arg(line).arg(name);
    });
    return missing;
}

} // namespace

class TestDocs : public QObject {
    Q_OBJECT
private slots:
    void citedDocumentsExist() {
        int citations = 0, files = 0;
        const QStringList missing = missingCitations(documentCitation(), citations, files);
        QVERIFY2(missing.isEmpty(), qPrintable(missing.join(QLatin1Char('\n'))));
        // The scan really read the tree: the sources, and the citations of the docs.
        QVERIFY2(files > 200, qPrintable(QString::number(files)));
        QVERIFY2(citations > 50, qPrintable(QString::number(citations)));
    }

    // The paths the docs and the comments give for the code, after the code moved into
    // layer folders: each one is where it says.
    void citedFilesExist() {
        int citations = 0, files = 0;
        const QStringList missing = missingCitations(fileCitation(), citations, files);
        QVERIFY2(missing.isEmpty(), qPrintable(missing.join(QLatin1Char('\n'))));
        QVERIFY2(citations > 100, qPrintable(QString::number(citations)));
    }

    // What counts as a cited file and what does not. (A path that is not in the repository is
    // split in two here, so that the scan passes over it.)
    void fileCitationPattern_data() {
        QTest::addColumn<QString>("line");
        QTest::addColumn<QString>("cited");
        QTest::newRow("backticks") << "the trace (`core/model/trace.h`) holds"
                                   << "core/model/trace.h";
        QTest::newRow("a test") << "// tests/engine/tst_simengine.cpp asserts"
                                << "tests/engine/tst_simengine.cpp";
        QTest::newRow("a script") << "run scripts/screenshots.sh again"
                                  << "scripts/screenshots.sh";
        QTest::newRow("inside a longer path") << "/usr/include/x86_64-linux-gnu/qt6/ui/x.h"
                                              << "";
        QTest::newRow("a build folder") << "build/core/generated/bundled_"
                                           "scenarios.h"
                                        << "";
        QTest::newRow("a CMake variable") << "${PROJECT_SOURCE_DIR}/resources/scenarios/${id}.json"
                                          << "";
        QTest::newRow("a glob") << "resources/scenarios/*.json"
                                << "";
        QTest::newRow("a folder") << "everything under core/model/ is plain C++"
                                  << "";
    }
    void fileCitationPattern() {
        QFETCH(QString, line);
        QFETCH(QString, cited);
        QCOMPARE(fileCitation().match(line).captured(1), cited);
    }

    // The scan finds a citation where one is written. (The names of documents that are not
    // in the folder of this file are split in two here, so that the scan passes over them.)
    void citationPatternMatches_data() {
        QTest::addColumn<QString>("line");
        QTest::addColumn<QString>("cited");
        QTest::newRow("comment") << "// see docs/architecture.md, house style 5"
                                 << "docs/architecture.md";
        QTest::newRow("markdown link") << "[the format](trace-format"
                                          ".md#otherdata)"
                                       << "trace-format"
                                          ".md";
        QTest::newRow("bare name") << "names follow NOTES"
                                      ".md."
                                   << "NOTES"
                                      ".md";
    }
    void citationPatternMatches() {
        QFETCH(QString, line);
        QFETCH(QString, cited);
        QCOMPARE(documentCitation().match(line).captured(0), cited);
    }
};

QTEST_GUILESS_MAIN(TestDocs)
#include "tst_docs.moc"
