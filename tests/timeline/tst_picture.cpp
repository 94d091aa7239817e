// Picture export: PNG of the requested size showing the state colours, SVG and PDF files,
// ranges, and failures that name the path and leave no file behind.
#include "testutil.h"
#include "timeline/palette.h"
#include "timeline/picture.h"
#include "timeline/timelinelayout.h"

#include <QDir>
#include <QFile>
#include <QGuiApplication>
#include <QImage>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <atomic>
#include <set>

using namespace tl;

namespace {

// How many pixels of the image have exactly this colour.
int countColour(const QImage& image, QColor colour) {
    const QRgb want = colour.rgb();
    int n = 0;
    for (int y = 0; y < image.height(); ++y) {
        const QRgb* line = reinterpret_cast<const QRgb*>(image.constScanLine(y));
        for (int x = 0; x < image.width(); ++x)
            if ((line[x] | 0xFF000000) == want) ++n;
    }
    return n;
}

QByteArray head(const QString& path, int n) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    return f.read(n);
}

} // namespace

class TestPicture : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void pngHasRequestedSizeAndStateColours();
    void pngAtTwiceTheScale();
    void pngOfARange();
    void svgAndPdf();
    void overwritesAtomically();
    void unwritablePathFailsCleanly();
    void unknownExtension();
    void emptyTrace();
    void progressAndCancel();
    void subtitleUsesTheParameterLabels();

private:
    std::unique_ptr<Trace> m_trace;
    QTemporaryDir m_dir;
};

void TestPicture::initTestCase() {
    QVERIFY(m_dir.isValid());
    m_trace = test::runScenario("lock-contention", {{"workers", "4"}});
    QVERIFY(m_trace->threadCount() >= 4);
}

void TestPicture::pngHasRequestedSizeAndStateColours() {
    ui::PictureOptions o;
    o.path = m_dir.filePath("lock.png").toStdString();
    o.width = 1200;
    std::string error;
    QVERIFY2(ui::writeTimelinePicture(*m_trace, o, &error), error.c_str());
    QImage image(QString::fromStdString(o.path));
    QVERIFY(!image.isNull());
    QCOMPARE(image.width(), 1200);
    QVERIFY(image.height() > 150);
    QVERIFY(image.height() < 1000);
    const ui::TimelinePalette pal = ui::TimelinePalette::light();
    // A lock-contention run works most of the time and blocks on the lock now and then.
    const int working = countColour(image, pal.stateColour(ThreadState::Working));
    const int blocked = countColour(image, pal.stateColour(ThreadState::Blocked));
    QVERIFY2(working > 5000, qPrintable(QString::number(working)));
    QVERIFY2(blocked > 50, qPrintable(QString::number(blocked)));
    // The export is light whatever the desktop theme: the lanes' background is white.
    QVERIFY(countColour(image, QColor(Qt::white)) > 10000);
}

void TestPicture::pngAtTwiceTheScale() {
    ui::PictureOptions o;
    o.path = m_dir.filePath("lock2x.png").toStdString();
    o.width = 800;
    o.scale = 2;
    std::string error;
    QVERIFY2(ui::writeTimelinePicture(*m_trace, o, &error), error.c_str());
    QImage image(QString::fromStdString(o.path));
    QCOMPARE(image.width(), 1600);
    ui::PictureOptions one = o;
    one.path = m_dir.filePath("lock1x.png").toStdString();
    one.scale = 1;
    QVERIFY(ui::writeTimelinePicture(*m_trace, one, &error));
    QCOMPARE(image.height(), 2 * QImage(QString::fromStdString(one.path)).height());
}

void TestPicture::pngOfARange() {
    ui::PictureOptions o;
    o.path = m_dir.filePath("range.png").toStdString();
    o.width = 900;
    o.range = {m_trace->endTime() / 4, m_trace->endTime() / 2};
    std::string error;
    QVERIFY2(ui::writeTimelinePicture(*m_trace, o, &error), error.c_str());
    const QImage image(QString::fromStdString(o.path));
    QCOMPARE(image.width(), 900);
    QVERIFY(countColour(image, ui::TimelinePalette::light().stateColour(ThreadState::Working)) >
            1000);
}

void TestPicture::svgAndPdf() {
    std::string error;
    ui::PictureOptions svg;
    svg.path = m_dir.filePath("lock.svg").toStdString();
    QVERIFY2(ui::writeTimelinePicture(*m_trace, svg, &error), error.c_str());
    const QByteArray svgHead = head(QString::fromStdString(svg.path), 4096);
    QVERIFY(svgHead.contains("<svg"));
    QVERIFY(QFileInfo(QString::fromStdString(svg.path)).size() > 10'000);

    ui::PictureOptions pdf;
    pdf.path = m_dir.filePath("lock.PDF").toStdString(); // the extension in any case
    QVERIFY2(ui::writeTimelinePicture(*m_trace, pdf, &error), error.c_str());
    QVERIFY(head(QString::fromStdString(pdf.path), 5).startsWith("%PDF-"));
    QVERIFY(QFileInfo(QString::fromStdString(pdf.path)).size() > 2'000);
}

void TestPicture::overwritesAtomically() {
    const QString path = m_dir.filePath("again.png");
    QFile old(path);
    QVERIFY(old.open(QIODevice::WriteOnly));
    old.write("not a picture");
    old.close();
    ui::PictureOptions o;
    o.path = path.toStdString();
    o.width = 600;
    std::string error;
    QVERIFY2(ui::writeTimelinePicture(*m_trace, o, &error), error.c_str());
    QCOMPARE(QImage(path).width(), 600);
    // Nothing but the picture is left beside it (no temporary files).
    QDir dir(m_dir.path());
    const QStringList left = dir.entryList({QStringLiteral("again*")}, QDir::Files);
    QCOMPARE(left, QStringList{QStringLiteral("again.png")});
}

void TestPicture::unwritablePathFailsCleanly() {
    const QString path = m_dir.filePath("no-such-directory/out.png");
    ui::PictureOptions o;
    o.path = path.toStdString();
    std::string error;
    QVERIFY(!ui::writeTimelinePicture(*m_trace, o, &error));
    QVERIFY2(QString::fromStdString(error).contains(path), error.c_str());
    QVERIFY(!QFileInfo::exists(path));
    QVERIFY(!QFileInfo::exists(m_dir.filePath("no-such-directory")));
}

void TestPicture::unknownExtension() {
    const QString path = m_dir.filePath("out.bmpx");
    ui::PictureOptions o;
    o.path = path.toStdString();
    std::string error;
    QVERIFY(!ui::writeTimelinePicture(*m_trace, o, &error));
    QVERIFY(QString::fromStdString(error).contains(path));
    QVERIFY(QString::fromStdString(error).contains(QStringLiteral(".png")));
    QVERIFY(!QFileInfo::exists(path));
}

void TestPicture::emptyTrace() {
    Trace empty([] {
        RunInfo i;
        i.title = "Nothing at all";
        return i;
    }());
    ui::PictureOptions o;
    o.path = m_dir.filePath("empty.png").toStdString();
    o.width = 400;
    std::string error;
    QVERIFY2(ui::writeTimelinePicture(empty, o, &error), error.c_str());
    QCOMPARE(QImage(QString::fromStdString(o.path)).width(), 400);
}

void TestPicture::progressAndCancel() {
    for (const char* name : {"progress.png", "progress.svg", "progress.pdf"}) {
        const QString path = m_dir.filePath(QString::fromLatin1(name));
        ui::PictureOptions o;
        o.path = path.toStdString();
        o.width = 600;
        std::vector<double> seen;
        Progress progress;
        progress.report = [&seen](double f) { seen.push_back(f); };
        std::string error;
        QVERIFY2(ui::writeTimelinePicture(*m_trace, o, &error, &progress), error.c_str());
        QVERIFY2(seen.size() >= 3, name);
        QVERIFY(std::is_sorted(seen.begin(), seen.end()));
        QVERIFY(QFileInfo(path).size() > 0);
        QVERIFY(QFile::remove(path));

        // Told to stop at each report in turn: every one ends the export with no file.
        for (std::size_t stopAt = 1; stopAt <= seen.size(); ++stopAt) {
            std::atomic<bool> cancel{false};
            std::size_t reports = 0;
            progress.cancel = &cancel;
            progress.report = [&](double) {
                if (++reports == stopAt) cancel = true;
            };
            bool cancelled = false;
            try {
                ui::writeTimelinePicture(*m_trace, o, &error, &progress);
            } catch (const Cancelled&) {
                cancelled = true;
            }
            QVERIFY2(cancelled == (stopAt < seen.size()), name); // the last report is the end
            QCOMPARE(QFileInfo::exists(path), !cancelled);
            QCOMPARE(QDir(m_dir.path())
                         .entryList({QStringLiteral("progress*")}, QDir::Files | QDir::Hidden),
                     cancelled ? QStringList() : QStringList{QString::fromLatin1(name)});
            QFile::remove(path);
        }
    }
}

void TestPicture::subtitleUsesTheParameterLabels() {
    // As the Parameters dock says it: labels, and durations with their unit spaced, in µs
    // as its unit field spells it; not "iterations=20, think=3ms".
    const QString lock = ui::pictureSubtitle(*m_trace);
    QVERIFY2(lock.startsWith(QStringLiteral("Workers: 4, Updates per worker: 20, Think time: 3 ms, "
                                            "Hold time: 1 ms  \u00b7  simulated engine, 4 cores, "
                                            "seed 1  \u00b7  ")),
             qPrintable(lock));
    const auto gil = test::runScenario("gil-convoy", {{"switchCost", "250us"}, {"gil", "false"}});
    const QString g = ui::pictureSubtitle(*gil);
    QVERIFY2(g.contains(QStringLiteral("Switch cost per waiter: 250 \u00b5s")), qPrintable(g));
    QVERIFY2(g.contains(QStringLiteral("GIL on: no")), qPrintable(g));
    QVERIFY2(!g.contains(QLatin1Char('=')), qPrintable(g));

    // A scenario of the user's: its own labels when given, the names otherwise.
    const char* text = R"({"id": "mine", "title": "Mine",
        "parameters": [ {"name": "n", "label": "Clerks", "type": "int", "min": 1, "max": 8,
                         "default": 2},
                        {"name": "t", "label": "Printing time", "type": "duration", "min": "0",
                         "max": "1s", "default": "1500us"} ],
        "roles": [ {"name": "clerk", "count": "$n", "program": [ {"work": "$t"} ]} ]})";
    const Scenario mine = parseScenario(text, "mine.json");
    const auto trace = test::runText(text);
    QVERIFY(ui::pictureSubtitle(*trace, mine.parameters)
                .startsWith(QStringLiteral("Clerks: 2, Printing time: 1.5 ms  \u00b7  ")));
    QVERIFY(ui::pictureSubtitle(*trace).startsWith(QStringLiteral("n=2, t=1.5ms  \u00b7  ")));

    // The picture carries it: the SVG's description is the subtitle.
    ui::PictureOptions o;
    o.path = m_dir.filePath("mine.svg").toStdString();
    o.parameters = mine.parameters;
    std::string error;
    QVERIFY2(ui::writeTimelinePicture(*trace, o, &error), error.c_str());
    QVERIFY(
        head(QString::fromStdString(o.path), 8192).contains("Clerks: 2, Printing time: 1.5 ms"));
}

QTEST_MAIN(TestPicture)
#include "tst_picture.moc"
