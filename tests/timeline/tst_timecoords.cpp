// Time <-> pixel maths and ruler ticks: data-driven rows and a round trip.
#include "timeline/timecoords.h"

#include <QTest>

using namespace tl;
using namespace tl::ui;

Q_DECLARE_METATYPE(tl::TimeRange)

class TestTimeCoords : public QObject {
    Q_OBJECT
private slots:
    void timeToX_data();
    void timeToX();
    void roundTrip_data();
    void roundTrip();
    void tickStep_data();
    void tickStep();
    void tickLabel_data();
    void tickLabel();
    void rulerTicksAreOrderedAndInside();
    void rulerTicksRelativeDeepInside();
    void rulerTicksInAGivenUnit();
};

void TestTimeCoords::timeToX_data() {
    QTest::addColumn<TimeRange>("range");
    QTest::addColumn<double>("width");
    QTest::addColumn<double>("left");
    QTest::addColumn<qint64>("time");
    QTest::addColumn<double>("x");
    QTest::newRow("start") << TimeRange{0, 1000} << 100.0 << 0.0 << qint64(0) << 0.0;
    QTest::newRow("end") << TimeRange{0, 1000} << 100.0 << 0.0 << qint64(1000) << 100.0;
    QTest::newRow("middle") << TimeRange{0, 1000} << 100.0 << 0.0 << qint64(500) << 50.0;
    QTest::newRow("offset range") << TimeRange{2000, 3000} << 200.0 << 0.0 << qint64(2250) << 50.0;
    QTest::newRow("left margin") << TimeRange{0, 1000} << 100.0 << 30.0 << qint64(500) << 80.0;
    QTest::newRow("before range") << TimeRange{1000, 2000} << 100.0 << 0.0 << qint64(0) << -100.0;
    QTest::newRow("seconds") << TimeRange{0, 10'000'000'000} << 1000.0 << 0.0
                             << qint64(2'500'000'000) << 250.0;
}

void TestTimeCoords::timeToX() {
    QFETCH(TimeRange, range);
    QFETCH(double, width);
    QFETCH(double, left);
    QFETCH(qint64, time);
    QFETCH(double, x);
    QCOMPARE(ui::timeToX(time, range, width, left), x);
}

void TestTimeCoords::roundTrip_data() {
    QTest::addColumn<TimeRange>("range");
    QTest::addColumn<double>("width");
    QTest::newRow("1 px per ns") << TimeRange{0, 1600} << 1600.0;
    QTest::newRow("zoomed in") << TimeRange{500, 600} << 1600.0;
    QTest::newRow("whole run") << TimeRange{0, 3'000'000'000} << 1600.0;
    QTest::newRow("odd width") << TimeRange{123'456, 987'654'321} << 777.0;
}

void TestTimeCoords::roundTrip() {
    QFETCH(TimeRange, range);
    QFETCH(double, width);
    // Every time maps to a pixel that maps back within half a pixel's worth of time.
    const double halfPixel = nsPerPixel(range, width) / 2 + 1;
    for (int k = 0; k <= 20; ++k) {
        const Time t = range.start + range.delta() * k / 20;
        const double x = ui::timeToX(t, range, width, 10);
        QVERIFY(x >= 10 - 1e-9 && x <= 10 + width + 1e-9);
        QVERIFY(std::abs(double(xToTime(x, range, width, 10) - t)) <= halfPixel);
    }
    for (double x = 0; x <= width; x += width / 16)
        QCOMPARE(ui::timeToX(xToTime(x, range, width), range, width),
                 ui::timeToX(xToTime(x, range, width), range, width));
    QCOMPARE(durationToWidth(range.delta(), range, width), width);
    QCOMPARE(widthToDuration(width, range, width), range.delta());
}

void TestTimeCoords::tickStep_data() {
    QTest::addColumn<TimeRange>("range");
    QTest::addColumn<double>("width");
    QTest::addColumn<double>("spacing");
    QTest::addColumn<qint64>("step");
    QTest::newRow("1 ns per px") << TimeRange{0, 1000} << 1000.0 << 100.0 << qint64(100);
    QTest::newRow("rounds up to 2") << TimeRange{0, 1000} << 1000.0 << 120.0 << qint64(200);
    QTest::newRow("rounds up to 5") << TimeRange{0, 1000} << 1000.0 << 300.0 << qint64(500);
    QTest::newRow("ms") << TimeRange{0, 10'000'000} << 1000.0 << 80.0 << qint64(1'000'000);
    QTest::newRow("tiny range") << TimeRange{0, 100} << 1600.0 << 80.0 << qint64(5);
    QTest::newRow("never below 1 ns") << TimeRange{0, 10} << 1600.0 << 1.0 << qint64(1);
}

void TestTimeCoords::tickStep() {
    QFETCH(TimeRange, range);
    QFETCH(double, width);
    QFETCH(double, spacing);
    QFETCH(qint64, step);
    QCOMPARE(ui::tickStep(range, width, spacing), step);
}

void TestTimeCoords::tickLabel_data() {
    QTest::addColumn<qint64>("time");
    QTest::addColumn<qint64>("step");
    QTest::addColumn<qint64>("hint");
    QTest::addColumn<QString>("label");
    QTest::newRow("ns") << qint64(500) << qint64(100) << qint64(900) << "500 ns";
    QTest::newRow("us") << qint64(250'000) << qint64(50'000) << qint64(900'000)
                        << QString::fromUtf8("250 \u00b5s");
    QTest::newRow("ms with decimal")
        << qint64(1'500'000) << qint64(500'000) << qint64(5'000'000) << "1.5 ms";
    QTest::newRow("whole ms trimmed")
        << qint64(2'000'000) << qint64(500'000) << qint64(5'000'000) << "2 ms";
    QTest::newRow("zero") << qint64(0) << qint64(200'000) << qint64(5'000'000) << "0 ms";
    QTest::newRow("seconds") << qint64(2'000'000'000) << qint64(1'000'000'000)
                             << qint64(9'000'000'000) << "2 s";
    QTest::newRow("fine step in s")
        << qint64(1'250'000'000) << qint64(50'000'000) << qint64(3'000'000'000) << "1.25 s";
}

void TestTimeCoords::tickLabel() {
    QFETCH(qint64, time);
    QFETCH(qint64, step);
    QFETCH(qint64, hint);
    QFETCH(QString, label);
    QCOMPARE(ui::tickLabel(time, step, hint), label);
}

void TestTimeCoords::rulerTicksAreOrderedAndInside() {
    const TimeRange range{1'234'567, 9'876'543};
    const Ruler r = rulerTicks(range, 1200, 90);
    QVERIFY(!r.ticks.empty());
    QVERIFY(r.originLabel.isEmpty());
    int majors = 0;
    for (const Tick& t : r.ticks) {
        QVERIFY(range.start <= t.time && t.time <= range.end);
        if (t.major) {
            ++majors;
            QCOMPARE(t.time % r.step, Time(0));
            QVERIFY(!t.label.isEmpty());
            QVERIFY(t.label.endsWith(QStringLiteral("ms")));
        }
    }
    // Majors at least 90 px apart on 1200 px: at most 13.
    QVERIFY(majors >= 2 && majors <= 14);
}

void TestTimeCoords::rulerTicksRelativeDeepInside() {
    // 200 ns visible three seconds into a run: absolute labels would need 9 decimals.
    const TimeRange range{3'000'000'100, 3'000'000'300};
    const Ruler r = rulerTicks(range, 1000, 90);
    QVERIFY(!r.originLabel.isEmpty());
    QVERIFY(r.originLabel.endsWith(QStringLiteral(" s")));
    bool sawRelative = false;
    for (const Tick& t : r.ticks)
        if (t.major && t.time != r.origin) {
            QVERIFY(t.label.startsWith(QLatin1Char('+')));
            QVERIFY(t.label.endsWith(QStringLiteral("ns")));
            sawRelative = true;
        }
    QVERIFY(sawRelative);
}

// A Chrome trace's displayTimeUnit: every label in that unit, whatever the range's magnitude.
void TestTimeCoords::rulerTicksInAGivenUnit() {
    QCOMPARE(displayUnit("ms"), Time(1'000'000));
    QCOMPARE(displayUnit("ns"), Time(1));
    QCOMPARE(displayUnit(""), Time(0));
    QCOMPARE(displayUnit("s"), Time(0));
    const TimeRange range{0, 3'000'000'000}; // 3 s
    auto labels = [](const Ruler& r) {
        QStringList out;
        for (const Tick& t : r.ticks)
            if (t.major) out << t.label;
        return out;
    };
    QCOMPARE(labels(rulerTicks(range, 1200, 90)).value(1), QStringLiteral("0.5 s"));
    const QStringList ms = labels(rulerTicks(range, 1200, 90, 1'000'000));
    QCOMPARE(ms.value(0), QStringLiteral("0 ms"));
    QCOMPARE(ms.value(1), QStringLiteral("500 ms"));
    QCOMPARE(ms.last(), QStringLiteral("3000 ms"));
    const QStringList ns = labels(rulerTicks(TimeRange{0, 3000}, 1200, 90, 1));
    QCOMPARE(ns.value(1), QStringLiteral("500 ns"));
    // A millisecond unit under a microsecond of range: decimals of a ms, not µs.
    const QStringList fine = labels(rulerTicks(TimeRange{0, 2000}, 1200, 90, 1'000'000));
    QVERIFY2(fine.value(1).endsWith(QStringLiteral(" ms")),
             qPrintable(fine.join(QStringLiteral(", "))));
}

QTEST_GUILESS_MAIN(TestTimeCoords)
#include "tst_timecoords.moc"
