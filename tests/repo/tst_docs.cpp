// Every document that a file of the repository cites is in the repository: someone with only
// the repository finds every rule the code and the docs point to. A citation is a name ending in
// ".md", read from the root of the repository or from the citing file's folder.
#include <QtTest>

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

} // namespace

class TestDocs : public QObject {
    Q_OBJECT
private slots:
    void citedDocumentsExist() {
        const QDir root(QStringLiteral(THREADLENS_SOURCE_DIR));
        const QRegularExpression cite(QStringLiteral(R"((?:[\w.-]+/)*[\w.-]+\.md\b)"));
        QStringList missing;
        int files = 0, citations = 0;
        QDirIterator it(root.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            const QString relative = root.relativeFilePath(path);
            if (!isOwnText(relative)) continue;
            QFile f(path);
            QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(relative));
            ++files;
            const QStringList lines = QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'));
            for (qsizetype n = 0; n < lines.size(); ++n) {
                auto matches = cite.globalMatch(lines[n]);
                while (matches.hasNext()) {
                    const QString name = matches.next().captured(0);
                    ++citations;
                    if (!root.exists(name) && !QFileInfo(path).dir().exists(name))
                        missing << QStringLiteral("%1:%2: %3").arg(relative).arg(n + 1).arg(name);
                }
            }
        }
        QVERIFY2(missing.isEmpty(), qPrintable(missing.join(QLatin1Char('\n'))));
        // The scan really read the tree: the sources, and the citations of the docs.
        QVERIFY2(files > 200, qPrintable(QString::number(files)));
        QVERIFY2(citations > 50, qPrintable(QString::number(citations)));
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
        const QRegularExpression cite(QStringLiteral(R"((?:[\w.-]+/)*[\w.-]+\.md\b)"));
        QCOMPARE(cite.match(line).captured(0), cited);
    }
};

QTEST_GUILESS_MAIN(TestDocs)
#include "tst_docs.moc"
