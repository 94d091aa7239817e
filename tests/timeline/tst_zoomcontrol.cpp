// Zoom and scroll state: signals only on real changes, clamping, anchored zoom, follow mode.
#include "timeline/zoomcontrol.h"

#include <QAction>
#include <QSignalSpy>
#include <QTest>

using namespace tl;
using namespace tl::ui;

Q_DECLARE_METATYPE(tl::TimeRange)

class TestZoomControl : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { qRegisterMetaType<tl::TimeRange>(); }
    void fitsANewExtent();
    void rangeChangedOnlyOnChange();
    void clamping_data();
    void clamping();
    void zoomAroundAnchor();
    void zoomInOutActions();
    void panClamps();
    void followKeepsNewestInView();
    void panningAwayStopsFollowing();
    void zoomingAwayStopsFollowing();
    void followActionIsCheckable();
    void followWidthSurvivesAShortExtent();
    void shortcuts();
};

void TestZoomControl::fitsANewExtent() {
    ZoomControl z;
    QSignalSpy spy(&z, &ZoomControl::rangeChanged);
    z.setExtent({0, 1'000'000});
    QCOMPARE(z.range(), (TimeRange{0, 1'000'000}));
    QCOMPARE(spy.count(), 1);
    // Still showing everything, so a growing trace stays fitted.
    z.setExtent({0, 2'000'000});
    QCOMPARE(z.range(), (TimeRange{0, 2'000'000}));
}

void TestZoomControl::rangeChangedOnlyOnChange() {
    ZoomControl z;
    z.setExtent({0, 1'000'000});
    QSignalSpy spy(&z, &ZoomControl::rangeChanged);
    z.setRange({1000, 5000});
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.at(0).at(0).value<TimeRange>(), (TimeRange{1000, 5000}));
    z.setRange({1000, 5000});
    QCOMPARE(spy.count(), 1);
    z.setExtent({0, 1'000'000}); // same extent
    QCOMPARE(spy.count(), 1);
    z.panBy(0);
    QCOMPARE(spy.count(), 1);
    // Clamping makes these the same range as before: no signal.
    z.setRange({0, 1'000'000});
    QCOMPARE(spy.count(), 2);
    z.setRange({-500, 1'000'000});
    z.panBy(-100);
    z.fit();
    QCOMPARE(spy.count(), 2);
}

void TestZoomControl::clamping_data() {
    QTest::addColumn<TimeRange>("requested");
    QTest::addColumn<TimeRange>("expected");
    QTest::newRow("inside") << TimeRange{100, 900} << TimeRange{100, 900};
    QTest::newRow("before start") << TimeRange{-200, 300} << TimeRange{0, 500};
    QTest::newRow("after end") << TimeRange{900, 1400} << TimeRange{500, 1000};
    QTest::newRow("wider than extent") << TimeRange{-100, 5000} << TimeRange{0, 1000};
    QTest::newRow("minimum width 100 ns") << TimeRange{500, 510} << TimeRange{500, 600};
    QTest::newRow("minimum width at the end") << TimeRange{990, 995} << TimeRange{900, 1000};
    QTest::newRow("inverted") << TimeRange{700, 600} << TimeRange{700, 800};
}

void TestZoomControl::clamping() {
    QFETCH(TimeRange, requested);
    QFETCH(TimeRange, expected);
    ZoomControl z;
    z.setExtent({0, 1000});
    z.setRange(requested);
    QCOMPARE(z.range(), expected);
}

void TestZoomControl::zoomAroundAnchor() {
    ZoomControl z;
    z.setExtent({0, 1'000'000});
    // The anchor keeps its place: a quarter of the way across before and after.
    z.zoomBy(0.5, 250'000);
    QCOMPARE(z.range(), (TimeRange{125'000, 625'000}));
    z.zoomBy(0.5, 250'000);
    QCOMPARE(z.range(), (TimeRange{187'500, 437'500}));
    z.zoomBy(4, 250'000);
    QCOMPARE(z.range(), (TimeRange{0, 1'000'000}));
    // Zooming in never goes below the minimum width.
    for (int i = 0; i < 40; ++i)
        z.zoomBy(0.5, 500'000);
    QCOMPARE(z.range().delta(), Time(100));
    QVERIFY(z.range().contains(500'000));
}

void TestZoomControl::zoomInOutActions() {
    ZoomControl z;
    z.setExtent({0, 1'000'000});
    z.zoomInAction()->trigger();
    QCOMPARE(z.range(), (TimeRange{250'000, 750'000}));
    z.zoomOutAction()->trigger();
    QCOMPARE(z.range(), (TimeRange{0, 1'000'000}));
    z.setRange({10, 20'000});
    z.zoomFitAction()->trigger();
    QCOMPARE(z.range(), z.extent());
}

void TestZoomControl::panClamps() {
    ZoomControl z;
    z.setExtent({0, 1000});
    z.setRange({100, 300});
    z.panBy(50);
    QCOMPARE(z.range(), (TimeRange{150, 350}));
    z.panBy(10'000);
    QCOMPARE(z.range(), (TimeRange{800, 1000}));
    z.panBy(-10'000);
    QCOMPARE(z.range(), (TimeRange{0, 200}));
}

void TestZoomControl::followKeepsNewestInView() {
    ZoomControl z;
    z.setExtent({0, 1000});
    z.setRange({0, 500});
    QSignalSpy follow(&z, &ZoomControl::followChanged);
    z.setFollowing(true);
    QCOMPARE(follow.count(), 1);
    QCOMPARE(follow.at(0).at(0).toBool(), true);
    QVERIFY(z.followAction()->isChecked());
    QCOMPARE(z.range(), (TimeRange{500, 1000}));
    z.setExtent({0, 5000});
    QCOMPARE(z.range(), (TimeRange{4500, 5000}));
    z.setExtent({0, 8000});
    QCOMPARE(z.range(), (TimeRange{7500, 8000}));
    // Zooming from the keyboard keeps the newest time at the right edge.
    z.zoomIn();
    QCOMPARE(z.range(), (TimeRange{7750, 8000}));
    QVERIFY(z.following());
    z.setFollowing(true); // no change: no signal
    QCOMPARE(follow.count(), 1);
}

void TestZoomControl::panningAwayStopsFollowing() {
    ZoomControl z;
    z.setExtent({0, 1000});
    z.setRange({500, 1000});
    z.setFollowing(true);
    QSignalSpy follow(&z, &ZoomControl::followChanged);
    z.panBy(-100);
    QCOMPARE(z.range(), (TimeRange{400, 900}));
    QCOMPARE(follow.count(), 1);
    QCOMPARE(follow.at(0).at(0).toBool(), false);
    QVERIFY(!z.followAction()->isChecked());
    z.setExtent({0, 2000});
    QCOMPARE(z.range(), (TimeRange{400, 900})); // no longer moves with the end
}

void TestZoomControl::zoomingAwayStopsFollowing() {
    ZoomControl z;
    z.setExtent({0, 1000});
    z.setFollowing(true);
    QSignalSpy follow(&z, &ZoomControl::followChanged);
    z.zoomBy(0.5, 200); // the mouse is far from the end
    QVERIFY(!z.following());
    QCOMPARE(follow.count(), 1);
    // Zooming around the end itself keeps following.
    z.setFollowing(true);
    z.zoomBy(0.5, z.range().end);
    QVERIFY(z.following());
}

void TestZoomControl::followActionIsCheckable() {
    ZoomControl z;
    z.setExtent({0, 1000});
    QVERIFY(z.followAction()->isCheckable());
    QSignalSpy follow(&z, &ZoomControl::followChanged);
    z.followAction()->trigger();
    QVERIFY(z.following());
    z.followAction()->trigger();
    QVERIFY(!z.following());
    QCOMPARE(follow.count(), 2);
}

void TestZoomControl::followWidthSurvivesAShortExtent() {
    ZoomControl z;
    z.setExtent({0, 100'000});
    z.setRange({50'000, 60'000});
    z.setFollowing(true);
    QCOMPARE(z.range(), (TimeRange{90'000, 100'000}));
    // A new live run starts: the extent is tiny, the range has to shrink with it...
    z.setExtent({0, 500});
    QCOMPARE(z.range(), (TimeRange{0, 500}));
    // ...and grows back to the chosen 10 us as the run goes on.
    z.setExtent({0, 4000});
    QCOMPARE(z.range(), (TimeRange{0, 4000}));
    z.setExtent({0, 30'000});
    QCOMPARE(z.range(), (TimeRange{20'000, 30'000}));
    QVERIFY(z.following());
}

void TestZoomControl::shortcuts() {
    ZoomControl z;
    QVERIFY(z.zoomInAction()->shortcuts().contains(QKeySequence(Qt::CTRL | Qt::Key_Equal)));
    QVERIFY(z.zoomInAction()->shortcuts().contains(QKeySequence(Qt::CTRL | Qt::Key_Plus)));
    QCOMPARE(z.zoomOutAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_Minus));
    QCOMPARE(z.zoomFitAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_0));
    QCOMPARE(z.followAction()->shortcut(), QKeySequence(Qt::Key_F));
}

QTEST_MAIN(TestZoomControl)
#include "tst_zoomcontrol.moc"
