// Another program's trace on the timeline: the node fixture's threads grouped under their
// process with a row of nested slices each, async tracks after them, a slice's tooltip with
// its self time, a scheduler trace's "woken by" and arrows, the picture header that says where
// the trace came from, and colours that depend on the name alone.
#include "format/convert.h"
#include "model/slices.h"
#include "timeline/palette.h"
#include "timeline/picture.h"
#include "timeline/timelinehittest.h"
#include "timeline/timelinelayout.h"
#include "timeline/timelinepainter.h"

#include <QApplication>
#include <QImage>
#include <QPainter>
#include <QTest>

#include <algorithm>

using namespace tl;
using namespace tl::ui;

namespace {

std::unique_ptr<Trace> fixture(const char* name, const std::string& process = {}) {
    return loadTrace(std::string(THREADLENS_SOURCE_DIR) + "/tests/data/" + name, process);
}

LayoutOptions options() {
    LayoutOptions o;
    o.font = QFont(QStringLiteral("DejaVu Sans"));
    o.font.setPixelSize(13);
    o.width = 1400;
    return o;
}

int count(const TimelineLayout& L, LayoutRow::Kind kind) {
    return int(std::count_if(L.rows.begin(), L.rows.end(),
                             [&](const LayoutRow& r) { return r.kind == kind; }));
}

} // namespace

class TestForeignTimeline : public QObject {
    Q_OBJECT
private slots:
    // node-workers.json: one process of 9 threads; the 4 with slices get a row of 2 levels
    // and no state lane (a Chrome trace has no states), the 5 without keep an empty lane; the
    // 44 async identities follow as tracks.
    void nodeLayout() {
        const auto t = fixture("node-workers.json");
        const TimelineLayout L = layoutTimeline(*t, options());
        QCOMPARE(count(L, LayoutRow::Kind::RoleHeader), 1);
        QCOMPARE(L.rows[0].label, QStringLiteral("node (pid 24607)"));
        QCOMPARE(L.rows[0].detail, QStringLiteral("9 threads"));
        QCOMPARE(count(L, LayoutRow::Kind::Slices), 4);
        QCOMPARE(count(L, LayoutRow::Kind::Lane), 5);
        QCOMPARE(count(L, LayoutRow::Kind::Async), int(t->slices().async.size()));
        QCOMPARE(t->slices().async.size(), std::size_t(44));
        const LayoutRow& main = L.rows[1];
        QCOMPARE(main.kind, LayoutRow::Kind::Slices);
        QCOMPARE(main.label, QStringLiteral("JavaScriptMainThread"));
        QCOMPARE(main.levels, 2);
        QCOMPARE(main.height, 2 * L.sliceHeight + 2);
        QCOMPARE(L.laneOfThread[0], -1);
        QCOMPARE(L.slicesOfThread[0], 1);
    }

    // The slice under the mouse: RunAndClearNativeImmediates is the main thread's most
    // frequent; the tooltip gives its name, category, thread, duration and self time.
    void sliceTooltip() {
        const auto t = fixture("node-workers.json");
        const TimelineLayout L = layoutTimeline(*t, options());
        const SliceTrack track = t->slices().threadTrack(0);
        const Slice& s = track.level(0)[0];
        const HitView view{TimeRange{0, t->endTime()}, t->endTime(), 0};
        const double x = L.laneLeft + (double(s.start) + double(s.duration) / 2) /
                                          double(t->endTime()) * L.laneWidth;
        const LayoutRow& row = L.rows[1];
        const Hit hit =
            hitTest(*t, L, view, QPointF(x, L.bodyTop + row.top + 1 + L.sliceHeight / 2));
        QCOMPARE(hit.sliceTrack, 0);
        QCOMPARE(hit.sliceLevel, 0);
        QVERIFY(hit.slice >= 0);
        const Slice& got = track.level(0)[std::size_t(hit.slice)];
        const QString text = ui::sliceTooltip(*t, hit);
        const std::string_view name = t->slices().name(got.label);
        QVERIFY2(text.startsWith(QStringLiteral("<b>") +
                                 QString::fromUtf8(name.data(), qsizetype(name.size()))),
                 qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("thread: JavaScriptMainThread")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("self time:")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("depth: 1")), qPrintable(text));
        // Below the slice rows' levels there is nothing to hit.
        const Hit below = hitTest(*t, L, view, QPointF(x, L.bodyTop + row.top + row.height - 0.5));
        QCOMPARE(below.slice, -1L);
    }

    // The mutex fixture, kept to its process: every wakeup of a worker by another worker is
    // "woken by" that worker in the tooltip of the span that ends at the switch-in.
    void perfWokenBy() {
        const auto t = fixture("mutex4.perf.txt", "mutex4");
        QCOMPARE(t->threadCount(), std::size_t(5));
        const SliceData& d = t->slices();
        int byWorker = 0;
        for (const Flow& f : d.flows) {
            if (f.fromThread < 0) continue;
            const QString text = wokenBy(*t, f.toThread, f.toTime);
            const QString from = QString::fromStdString(t->thread(std::size_t(f.fromThread)).name);
            QVERIFY2(text.startsWith(QStringLiteral("woken by ") + from) ||
                         text.startsWith(QStringLiteral("started by ") + from),
                     qPrintable(text));
            QVERIFY2(text.contains(QStringLiteral(" on CPU ")), qPrintable(text));
            if (from.startsWith(QStringLiteral("worker"))) ++byWorker;
        }
        // perf_truth.py: of the 414 wakings of the program's threads, 279 were by its own
        // threads, nearly all by a worker (the rest by other processes: timer expiries that
        // interrupted them).
        QVERIFY2(byWorker > 250, qPrintable(QString::number(byWorker)));
        QCOMPARE(wokenBy(*t, 1, -1), QString());
    }

    // The header never invents an engine, a seed or cores.
    void headerSaysWhereItCameFrom() {
        const auto t = fixture("node-workers.json");
        QCOMPARE(pictureTitle(*t), QStringLiteral("node-workers.json"));
        const QString sub = pictureSubtitle(*t);
        QVERIFY2(sub.startsWith(QStringLiteral("opened from ")), qPrintable(sub));
        QVERIFY2(sub.contains(QStringLiteral("9 threads")), qPrintable(sub));
        QVERIFY(!sub.contains(QStringLiteral("seed")));
        QVERIFY(!sub.contains(QStringLiteral("engine")));
        QVERIFY(!sub.contains(QStringLiteral("cores")));
    }

    // One name, one colour, in every trace: a hash of the name, not the order of appearance.
    void colourByName() {
        const TimelinePalette light = TimelinePalette::light();
        QCOMPARE(light.sliceColour("MinorGC"), light.sliceColour("MinorGC"));
        QVERIFY(light.sliceColour("MinorGC") != light.sliceColour("RunTimers"));
        // Light tints carry dark labels.
        QCOMPARE(TimelinePalette::textOn(light.sliceColour("MESSAGEPORT")), QColor(0x1E1E1E));
    }

    // The picture of the scheduler trace draws its wakeup arrows: the flow ink appears in
    // the lanes' area.
    void perfPictureHasArrows() {
        const auto t = fixture("mutex4.perf.txt", "mutex4");
        PictureRequest r;
        r.range = TimeRange{20'000'000, 25'000'000};
        r.width = 1000;
        r.font = options().font;
        r.palette = TimelinePalette::light();
        const TimelineLayout L = pictureLayout(*t, r);
        QImage image(int(r.width), int(L.contentHeight), QImage::Format_RGB32);
        image.fill(Qt::white);
        QPainter p(&image);
        paintPicture(p, *t, L, r);
        p.end();
        int ink = 0;
        const QColor flow = r.palette.flowColour();
        for (int y = int(L.bodyTop); y < image.height(); ++y)
            for (int x = int(L.laneLeft); x < image.width(); ++x) {
                const QColor c = image.pixelColor(x, y);
                if (std::abs(c.red() - flow.red()) < 40 &&
                    std::abs(c.green() - flow.green()) < 40 &&
                    std::abs(c.blue() - flow.blue()) < 40)
                    ++ink;
            }
        QVERIFY2(ink > 200, qPrintable(QString::number(ink)));
    }
};

QTEST_MAIN(TestForeignTimeline)
#include "tst_foreigntimeline.moc"
