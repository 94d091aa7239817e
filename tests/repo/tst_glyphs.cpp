// Every character the program shows is one that Debian's default fonts draw. A character
// the font lacks comes out as a box on a stock Debian desktop ("⏱ Time limit reached" did,
// with fonts-dejavu-core): the sources of the program (where its texts are) and the
// bundled scenarios may use only characters DejaVu Sans has, in its regular and bold faces.
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QRawFont>
#include <QRegularExpression>
#include <QtTest>

#include <map>
#include <set>

namespace {

// The faces fonts-dejavu-core installs, which Qt's "Sans Serif" resolves to on Debian.
const char* const kFaces[] = {"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                              "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"};

// The non-ASCII characters of a source file: written as UTF-8, or as \uXXXX escapes in a
// C++ string.
std::set<char32_t> charactersOf(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) qFatal("cannot read %s", qPrintable(path));
    const QString text = QString::fromUtf8(file.readAll());
    std::set<char32_t> found;
    for (const char32_t c : text.toUcs4())
        if (c > 0x7F) found.insert(c);
    if (path.endsWith(QLatin1String(".cpp")) || path.endsWith(QLatin1String(".h"))) {
        static const QRegularExpression escape(QStringLiteral(R"(\\u([0-9a-fA-F]{4}))"));
        for (auto m = escape.globalMatch(text); m.hasNext();)
            found.insert(char32_t(m.next().captured(1).toUInt(nullptr, 16)));
    }
    return found;
}

} // namespace

class TestGlyphs : public QObject {
    Q_OBJECT
private slots:
    void everyShownCharacterIsInTheDefaultFont();
    void theScanFindsWhatTheFontLacks();
};

void TestGlyphs::everyShownCharacterIsInTheDefaultFont() {
    std::vector<QRawFont> fonts;
    for (const char* face : kFaces) {
        QVERIFY2(QFile::exists(QString::fromLatin1(face)),
                 qPrintable(QStringLiteral("%1 is missing: scripts/deps.sh installs "
                                           "fonts-dejavu-core")
                                .arg(QString::fromLatin1(face))));
        fonts.emplace_back(QString::fromLatin1(face), 12);
        QVERIFY(fonts.back().isValid());
    }
    const QDir root(QStringLiteral(THREADLENS_SOURCE_DIR));
    std::map<char32_t, QStringList> where;
    int files = 0;
    for (const char* folder : {"ui", "app", "core", "resources/scenarios"}) {
        QDirIterator it(root.filePath(QString::fromLatin1(folder)),
                        {QStringLiteral("*.cpp"), QStringLiteral("*.h"), QStringLiteral("*.json")},
                        QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            ++files;
            for (const char32_t c : charactersOf(path))
                where[c] << root.relativeFilePath(path);
        }
    }
    QVERIFY(files > 100);
    QVERIFY(where.count(U'\u2026')); // the scan sees the ellipsis the menus use
    QStringList missing;
    for (const auto& [c, paths] : where)
        for (const QRawFont& font : fonts)
            if (!font.supportsCharacter(uint(c))) {
                missing << QStringLiteral("U+%1 %2 (%3) in %4")
                               .arg(uint(c), 4, 16, QLatin1Char('0'))
                               .arg(QString::fromUcs4(&c, 1), font.styleName(),
                                    paths.join(QStringLiteral(", ")));
                break;
            }
    QVERIFY2(missing.isEmpty(), qPrintable(missing.join(QLatin1Char('\n'))));
}

void TestGlyphs::theScanFindsWhatTheFontLacks() {
    // The stopwatch that was shown as a box: the font check above would catch it.
    const QRawFont font(QString::fromLatin1(kFaces[0]), 12);
    QVERIFY(font.isValid());
    QVERIFY(!font.supportsCharacter(uint(0x23F1)));
    QVERIFY(font.supportsCharacter(uint(0x25F7))); // the clock face used instead
    QTemporaryDir dir;
    QFile file(dir.filePath(QStringLiteral("sample.cpp")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("auto a = tr(\"\xE2\x8F\xB1 Time limit\"); auto b = QStringLiteral(\"\\u2715\");\n");
    file.close();
    const std::set<char32_t> found = charactersOf(file.fileName());
    QCOMPARE(found, (std::set<char32_t>{0x23F1, 0x2715}));
}

QTEST_MAIN(TestGlyphs)
#include "tst_glyphs.moc"
