// Another program's counters and instants on the timeline: a row per counter series and per
// scope of instants (the whole trace's, a process's), a thread's instants as pins on its
// slices or its lane; the tooltips of both; and the pictures draw them.
#include "format/convert.h"
#include "model/slices.h"
#include "timeline/picture.h"
#include "timeline/timelinehittest.h"
#include "timeline/timelinelayout.h"
#include "timeline/timelinepainter.h"

#include <QImage>
#include <QPainter>
#include <QTest>

using namespace tl;
using namespace tl::ui;

namespace {

// A server process: main has slices and a thread instant, worker has slices, thread 3 has an
// instant alone; a process instant, a global one, and a counter of two series.
constexpr const char* kMarks = R"({"traceEvents":[
{"ph":"M","name":"process_name","pid":1,"args":{"name":"server"}},
{"ph":"M","name":"thread_name","pid":1,"tid":1,"args":{"name":"main"}},
{"ph":"M","name":"thread_name","pid":1,"tid":2,"args":{"name":"worker"}},
{"ph":"X","name":"handle","pid":1,"tid":1,"ts":0,"dur":4000},
{"ph":"X","name":"parse","pid":1,"tid":1,"ts":500,"dur":1000},
{"ph":"X","name":"compute","pid":1,"tid":2,"ts":1000,"dur":6000},
{"ph":"i","name":"cache miss","cat":"io","pid":1,"tid":1,"ts":2500,"s":"t","args":{"key":"a"}},
{"ph":"i","name":"tick","pid":1,"tid":3,"ts":3000},
{"ph":"I","name":"gc","pid":1,"tid":1,"ts":5000,"s":"p"},
{"ph":"R","name":"navigation","pid":1,"tid":1,"ts":1500,"s":"g"},
{"ph":"C","name":"heap","pid":1,"ts":0,"args":{"used":10,"total":40}},
{"ph":"C","name":"heap","pid":1,"ts":2000,"args":{"used":25,"total":40}},
{"ph":"C","name":"heap","pid":1,"ts":4000,"args":{"used":15,"total":60}},
{"ph":"C","name":"heap","pid":1,"ts":7000,"args":{"used":5,"total":60}}]})";

constexpr Time us = 1000;

LayoutOptions options() {
    LayoutOptions o;
    o.font = QFont(QStringLiteral("DejaVu Sans"));
    o.font.setPixelSize(13);
    o.width = 1200;
    return o;
}

int rowOf(const TimelineLayout& L, LayoutRow::Kind kind, int index) {
    for (std::size_t r = 0; r < L.rows.size(); ++r)
        if (L.rows[r].kind == kind && L.rows[r].index == index) return int(r);
    return -1;
}

double xOf(const TimelineLayout& L, const Trace& t, Time time) {
    return L.laneLeft + double(time) / double(t.endTime()) * L.laneWidth;
}

} // namespace

class TestForeignMarks : public QObject {
    Q_OBJECT
private slots:
    void rows() {
        const auto t = readTrace(kMarks);
        const TimelineLayout L = layoutTimeline(*t, options());
        using K = LayoutRow::Kind;
        std::vector<std::pair<K, int>> got;
        for (const LayoutRow& r : L.rows)
            got.emplace_back(r.kind, r.index);
        const std::vector<std::pair<K, int>> want{
            {K::Instants, -1}, {K::RoleHeader, -1}, {K::Instants, 0}, {K::Slices, 0},
            {K::Slices, 1},    {K::Lane, 2},        {K::Counter, 0},  {K::Counter, 1}};
        QCOMPARE(got, want);
        QCOMPARE(L.rows[0].label, QStringLiteral("whole trace"));
        QCOMPARE(L.rows[6].label, QStringLiteral("heap"));
        QCOMPARE(L.rows[6].detail, QStringLiteral("total"));
        QCOMPARE(L.rows[7].detail, QStringLiteral("used"));
        // Thread instants are on main's slices, not on a lane of its own; thread 3's on its lane.
        QCOMPARE(rowInstants(*t, L, 3).size(), std::size_t(1));
        QCOMPARE(rowInstants(*t, L, 4).size(), std::size_t(0));
        QCOMPARE(rowInstants(*t, L, 5).size(), std::size_t(1));
        QCOMPARE(rowInstants(*t, L, 0).size(), std::size_t(1));
        QCOMPARE(rowInstants(*t, L, 2).size(), std::size_t(1));
        QCOMPARE(rowInstants(*t, L, 6).size(), std::size_t(0));
    }

    // An instant within a few pixels wins over the slice under it; its tooltip says what,
    // whose, when and its args.
    void instantTooltips() {
        const auto t = readTrace(kMarks);
        const TimelineLayout L = layoutTimeline(*t, options());
        const HitView view{TimeRange{0, t->endTime()}, t->endTime(), 0};
        auto at = [&](int row, Time time, double dx = 0) {
            const LayoutRow& r = L.rows[std::size_t(row)];
            return hitTest(*t, L, view,
                           QPointF(xOf(L, *t, time) + dx, L.bodyTop + r.top + L.sliceHeight / 2));
        };
        Hit h = at(3, 2500 * us, 2);
        QCOMPARE(h.instant, 0L);
        QCOMPARE(h.slice, -1L);
        QString text = instantTooltip(*t, L, h);
        QVERIFY2(text.startsWith(QStringLiteral("<b>cache miss</b>")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("category: io")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("instant of: thread main")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("at: 2.5 ms")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("&quot;key&quot;:&quot;a&quot;")), qPrintable(text));
        // Away from the pin: the slice under it.
        h = at(3, 3500 * us);
        QCOMPARE(h.instant, -1L);
        QVERIFY(h.slice >= 0);

        text = instantTooltip(*t, L, at(0, 1500 * us));
        QVERIFY2(text.contains(QStringLiteral("instant of: the whole trace")), qPrintable(text));
        text = instantTooltip(*t, L, at(2, 5000 * us));
        QVERIFY2(text.contains(QStringLiteral("<b>gc</b>")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("instant of: process server (pid 1)")),
                 qPrintable(text));
        const LayoutRow& lane = L.rows[5];
        h = hitTest(*t, L, view,
                    QPointF(xOf(L, *t, 3000 * us), L.bodyTop + lane.top + lane.height / 2));
        text = instantTooltip(*t, L, h);
        QVERIFY2(text.contains(QStringLiteral("<b>tick</b>")), qPrintable(text));
    }

    // A counter's value in force under the mouse, since when, and its peak.
    void counterTooltips() {
        const auto t = readTrace(kMarks);
        const TimelineLayout L = layoutTimeline(*t, options());
        const HitView view{TimeRange{0, t->endTime()}, t->endTime(), 0};
        const LayoutRow& used = L.rows[7];
        const Hit h =
            hitTest(*t, L, view, QPointF(xOf(L, *t, 3000 * us), L.bodyTop + used.top + 4));
        QCOMPARE(h.counter, 1);
        QCOMPARE(counterTooltip(*t, h.counter, h.time).left(31),
                 QStringLiteral("<b>heap</b> \u00B7 used<br>value: 25"));
        const QString text = counterTooltip(*t, 1, 3000 * us);
        QVERIFY2(text.contains(QStringLiteral("since: 2 ms")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("peak: 25")), qPrintable(text));
        QVERIFY2(counterTooltip(*t, 0, 4500 * us).contains(QStringLiteral("value: 60")),
                 qPrintable(counterTooltip(*t, 0, 4500 * us)));
        QCOMPARE(counterPointAt(t->slices().counters[1], -1), -1L);
    }

    // displayTimeUnit sets the ruler's unit for another tool's trace; ours write "ns" for
    // the Perfetto UI and keep a ruler that follows the range.
    void rulerUnitFromDisplayTimeUnit() {
        QCOMPARE(rulerUnit(*readTrace(kMarks)), Time(0));
        std::string ms = kMarks;
        ms.replace(0, 1, R"({"displayTimeUnit":"ms",)");
        QCOMPARE(rulerUnit(*readTrace(ms)), Time(1'000'000));
        std::string ns = kMarks;
        ns.replace(0, 1, R"({"displayTimeUnit":"ns",)");
        QCOMPARE(rulerUnit(*readTrace(ns)), Time(1));
    }

    // The picture: the counter's chart is filled up to its value (full height at its peak,
    // empty above a lower value), and a pin stands at each instant.
    void picture() {
        const auto t = readTrace(kMarks);
        PictureRequest r;
        r.range = TimeRange{0, t->endTime()};
        r.width = 1200;
        r.font = options().font;
        r.palette = TimelinePalette::light();
        const TimelineLayout L = pictureLayout(*t, r);
        QImage image(int(r.width), int(L.contentHeight), QImage::Format_RGB32);
        image.fill(Qt::white);
        QPainter p(&image);
        paintPicture(p, *t, L, r);
        p.end();
        const QColor background = image.pixelColor(int(L.laneLeft) + 2, int(L.bodyTop) - 1);
        const LayoutRow& used = L.rows[std::size_t(rowOf(L, LayoutRow::Kind::Counter, 1))];
        const int low = int(L.bodyTop + used.top + used.height - 6);
        const int high = int(L.bodyTop + used.top + 6);
        // At 3 ms "used" is at its peak (25): filled near the top; at 5 ms (15) not.
        const int x3 = int(xOf(L, *t, 3000 * us)), x5 = int(xOf(L, *t, 5000 * us));
        QVERIFY(image.pixelColor(x3, low) != image.pixelColor(x3, int(L.bodyTop + used.top + 1)));
        QCOMPARE(image.pixelColor(x3, high), image.pixelColor(x3, low));
        QVERIFY(image.pixelColor(x5, high) != image.pixelColor(x5, low));
        // The thread instant's pin: its colour at the top of main's slices, 2.5 ms.
        const LayoutRow& main = L.rows[std::size_t(rowOf(L, LayoutRow::Kind::Slices, 0))];
        const QColor pin = r.palette.sliceColour("cache miss");
        const QColor under =
            image.pixelColor(int(xOf(L, *t, 2500 * us)), int(L.bodyTop + main.top + 3));
        QVERIFY(pin != r.palette.sliceColour("handle"));
        QVERIFY2(std::abs(under.red() - pin.red()) < 24 &&
                     std::abs(under.green() - pin.green()) < 24 &&
                     std::abs(under.blue() - pin.blue()) < 24,
                 qPrintable(under.name() + QStringLiteral(" ") + pin.name()));
        QVERIFY(under != background);
    }
};

QTEST_MAIN(TestForeignMarks)
#include "tst_foreignmarks.moc"
