// Shared variables on the timeline: the lost updates and races found once a run has finished,
// their words on hover, a variable's track (its value scaled to what is in view, a tick per
// access in the colour of its thread), and the marks painted over it.
#include "analysis/sharedmarks.h"
#include "testutil.h"
#include "timeline/palette.h"
#include "timeline/timelinegeometry.h"
#include "timeline/timelinelayout.h"
#include "timeline/timelinepainter.h"

#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <QtTest>

using namespace tl;
using namespace tl::ui;

namespace {

// The red of the call-outs (timelinecausality.cpp) on the light palette.
const QColor kAlert(0xB0, 0x1E, 0x2F);

// Pixels of exactly this colour in a rectangle of the image.
int countColour(const QImage& image, QColor colour, QRect in) {
    const QRgb want = colour.rgb();
    int n = 0;
    in &= image.rect();
    for (int y = in.top(); y <= in.bottom(); ++y)
        for (int x = in.left(); x <= in.right(); ++x)
            n += (image.pixel(x, y) | 0xFF000000) == want;
    return n;
}

// The hover text of one operation (core/analysis/sharedmarks.h), as the tooltip shows it.
QString markText(const Trace& trace, const SharedMarks& marks, int object, long index) {
    return QString::fromStdString(sharedMarkText(trace, marks, object, index));
}

} // namespace

class TestSharedMarks : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        m_lost = test::runScenario("lost-update", {});
        m_peterson = test::runScenario("peterson", {{"variant", "broken"}});
    }

    void foundOnceFinished() {
        const auto marks = findSharedMarks(*m_lost);
        QVERIFY(marks);
        QCOMPARE(marks->lost.size(), std::size_t(2));
        QCOMPARE(marks->raceTotal, std::size_t(78));
        QCOMPARE(marks->races.size(), std::size_t(78));
        QVERIFY(marks->failedAsserts.empty());
        // A run without variables or asserts has none.
        QVERIFY(!findSharedMarks(*test::runScenario("lock-contention", {})));
        const auto pet = findSharedMarks(*m_peterson);
        QVERIFY(pet && !pet->failedAsserts.empty());
    }

    // The hover text of the three accesses of a lost update: the losing write and the store
    // it overwrote say who lost what; the stale read says it was out of date.
    void wordsOnHover() {
        const auto marks = findSharedMarks(*m_lost);
        const LostUpdate& l = marks->lost.front();
        const QString expected =
            QStringLiteral("worker 2 wrote 2 over worker 4's 2: worker 4's increment is lost");
        QVERIFY(markText(*m_lost, *marks, l.variable, long(l.write)).startsWith(expected));
        QVERIFY(markText(*m_lost, *marks, l.variable, long(l.overwritten)).startsWith(expected));
        const QString stale = markText(*m_lost, *marks, l.variable, long(l.staleRead));
        QVERIFY2(stale.startsWith(QStringLiteral("worker 2 read 1 here; by its write at ")) &&
                     stale.contains(QStringLiteral("that value was out of date")),
                 qPrintable(stale));
        // The losing write also races with the store it overwrote.
        QVERIFY(markText(*m_lost, *marks, l.variable, long(l.write))
                    .contains(QStringLiteral("Data race: \"counter\": worker 4's write")));
        // An access that takes part in neither says nothing.
        QVERIFY(markText(*m_lost, *marks, l.variable, 0).isEmpty());
        // A failed assert says what failed, and with which values.
        const auto pet = findSharedMarks(*m_peterson);
        const auto& [object, index] = pet->failedAsserts.front();
        QCOMPARE(markText(*m_peterson, *pet, object, long(index)),
                 QStringLiteral("thread 1's assert inside == 1 failed at 30 ns: inside = 2"));
    }

    // A variable's track: its value between the lowest and the highest in view, a tick per
    // access (one a pixel column), the new values written where there is room.
    void valueTrack() {
        const int counter = m_lost->findObject("counter");
        TimelineIndex index;
        index.update(*m_lost);
        GeometryRequest req;
        req.range = {34'000, 37'000}; // around the first lost update: the counter goes 1 -> 2
        req.width = 1000;
        req.dataEnd = m_lost->endTime();
        req.tracks = {TrackSpec{counter, 0, 60}};
        const TimelineGeometry g = buildGeometry(*m_lost, req, index);
        QCOMPARE(g.tracks.size(), std::size_t(1));
        const ObjectTrackGeometry& t = g.tracks.front();
        QCOMPARE(t.kind, TrackKind::Value);
        QCOMPARE(t.minLevel, 1);
        QCOMPARE(t.maxLevel, 2);
        // Every access in the range is a tick, coloured by its thread.
        const EventStream& s = m_lost->objectEvents(std::size_t(counter));
        std::size_t inView = 0;
        for (std::size_t i = 0; i < s.size(); ++i)
            inView += s[i].time >= req.range.start && s[i].time < req.range.end;
        QCOMPARE(t.marks.size(), inView);
        for (const Marker& m : t.marks)
            QVERIFY(m.thread < m_lost->threadCount());
        // The step from 1 to 2 is labelled with its new value.
        QCOMPARE(t.valueLabels.size(), std::size_t(1));
        QCOMPARE(t.valueLabels.front().second, 2);
        // The whole run: from 0 to the 38 it ends with.
        req.range = {0, m_lost->endTime()};
        const TimelineGeometry whole = buildGeometry(*m_lost, req, index);
        QCOMPARE(whole.tracks.front().minLevel, 0);
        QCOMPARE(whole.tracks.front().maxLevel, 38);
    }

    // A variable's row says what it is: its start, the value expected, and atomic when every
    // access to it is.
    void variableRows() {
        auto rowDetail = [](const Trace& t, const char* object) {
            LayoutOptions o;
            o.width = 1200;
            for (const LayoutRow& r : layoutTimeline(t, o).rows)
                if (r.kind == LayoutRow::Kind::Track && r.label == QLatin1String(object))
                    return r.detail;
            return QString();
        };
        QCOMPARE(rowDetail(*m_lost, "counter"), QStringLiteral("variable, from 0, expected 40"));
        QCOMPARE(rowDetail(*m_peterson, "turn"), QStringLiteral("variable, from 1"));
        const auto atomic = test::runScenario("peterson", {{"variant", "atomic"}});
        QCOMPARE(rowDetail(*atomic, "turn"), QStringLiteral("atomic variable, from 1"));
        QCOMPARE(rowDetail(*atomic, "inside"), QStringLiteral("variable, from 0"));
    }

    // A picture of the first lost update has the alert red on the variable's track (the
    // arrow, the crossed-out store, the race's outline); without the marks it has none.
    void marksArePainted() {
        const auto marks = findSharedMarks(*m_lost);
        PictureRequest request;
        request.range = {34'500, 36'800};
        request.width = 1200;
        request.font = QGuiApplication::font();
        request.palette = TimelinePalette::light();
        request.shared = marks;
        const TimelineLayout layout = pictureLayout(*m_lost, request);
        const int counter = m_lost->findObject("counter");
        QRect track;
        for (const TrackSpec& t : layout.tracks)
            if (t.object == counter)
                track = QRectF(layout.laneLeft, layout.bodyTop + t.top, layout.laneWidth, t.height)
                            .toAlignedRect();
        QVERIFY(!track.isEmpty());
        auto paint = [&](const PictureRequest& r) {
            QImage image(int(r.width), int(std::ceil(layout.contentHeight)), QImage::Format_RGB32);
            QPainter p(&image);
            paintPicture(p, *m_lost, layout, r);
            return image;
        };
        const QImage marked = paint(request);
        QVERIFY2(countColour(marked, kAlert, track) > 100,
                 qPrintable(QString::number(countColour(marked, kAlert, track))));
        PictureRequest plain = request;
        plain.shared = std::make_shared<SharedMarks>();
        QCOMPARE(countColour(paint(plain), kAlert, track), 0);
    }

private:
    std::unique_ptr<Trace> m_lost;
    std::unique_ptr<Trace> m_peterson;
};

QTEST_MAIN(TestSharedMarks)
#include "tst_sharedmarks.moc"
