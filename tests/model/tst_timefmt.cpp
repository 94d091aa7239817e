// Times as text (timefmt.h): the exact spelling of scenario files and its parser, the
// readable times of the app and the command line, and times in a fixed unit.
#include "model/timefmt.h"

#include <QtTest>

#include <limits>

using namespace tl;

Q_DECLARE_METATYPE(tl::TimeSpelling)

namespace {
QString str(const std::string& s) {
    return QString::fromStdString(s);
}
} // namespace

class TestTimeFmt : public QObject {
    Q_OBJECT
private slots:
    void parse_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("ns");
        QTest::newRow("ns") << "100ns" << qint64(100);
        QTest::newRow("us") << "250us" << qint64(250'000);
        QTest::newRow("micro sign") << "3µs" << qint64(3'000);
        QTest::newRow("greek mu") << "3μs" << qint64(3'000);
        QTest::newRow("ms") << "5ms" << qint64(5'000'000);
        QTest::newRow("fraction") << "1.5ms" << qint64(1'500'000);
        QTest::newRow("seconds") << "2s" << qint64(2'000'000'000);
        QTest::newRow("bare zero") << "0" << qint64(0);
        QTest::newRow("space before unit") << "7 ms" << qint64(7'000'000);
        QTest::newRow("spaces around") << "  7ms " << qint64(7'000'000);
        QTest::newRow("nanosecond of a second") << "1.000000001s" << qint64(1'000'000'001);
    }
    void parse() {
        QFETCH(QString, text);
        QFETCH(qint64, ns);
        const auto d = parseDuration(text.toStdString());
        QVERIFY(d.has_value());
        QCOMPARE(qint64(*d), ns);
        // The exact spelling reads back to the same number, in every spelling.
        for (TimeSpelling s : {TimeSpelling::File, TimeSpelling::Terminal, TimeSpelling::App})
            QCOMPARE(qint64(*parseDuration(exactTime(*d, s))), ns);
    }
    void badDurations() {
        for (const char* bad : {"", "5", "ms", "5 parsecs", "1.2.3ms", "-5ms", "1,5ms", "5 m s"})
            QVERIFY2(!parseDuration(bad).has_value(), bad);
    }
    void exact_data() {
        QTest::addColumn<qint64>("ns");
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("app");
        QTest::newRow("zero") << qint64(0) << "0"
                              << "0";
        QTest::newRow("ms") << qint64(2'000'000) << "2ms"
                            << "2 ms";
        QTest::newRow("fraction") << qint64(1'500) << "1.5us" << QString::fromUtf8("1.5 µs");
        QTest::newRow("three decimals at most")
            << qint64(1'234'567) << "1234.567us" << QString::fromUtf8("1234.567 µs");
        QTest::newRow("seconds") << qint64(60'000'000'000) << "60s"
                                 << "60 s";
        QTest::newRow("leading zero kept") << qint64(1'005'000) << "1.005ms"
                                           << "1.005 ms";
        QTest::newRow("ns") << qint64(999) << "999ns"
                            << "999 ns";
        QTest::newRow("largest, no overflow")
            << std::numeric_limits<qint64>::max() << "9223372036854775.807us"
            << QString::fromUtf8("9223372036854775.807 µs");
        QTest::newRow("negative") << qint64(-1'500) << "-1.5us" << QString::fromUtf8("-1.5 µs");
        QTest::newRow("most negative")
            << std::numeric_limits<qint64>::min() << "-9223372036854775.808us"
            << QString::fromUtf8("-9223372036854775.808 µs");
    }
    void exact() {
        QFETCH(qint64, ns);
        QFETCH(QString, file);
        QFETCH(QString, app);
        QCOMPARE(str(exactTime(ns)), file);
        QCOMPARE(str(exactTime(ns, TimeSpelling::App)), app);
        QCOMPARE(str(exactTime(ns, TimeSpelling::Terminal)), QString(app).replace("µ", "u"));
    }

    void readable_data() {
        QTest::addColumn<qint64>("ns");
        QTest::addColumn<QString>("app");
        QTest::addColumn<QString>("terminal");
        QTest::newRow("zero") << qint64(0) << "0"
                              << "0";
        QTest::newRow("ns") << qint64(840) << "840 ns"
                            << "840 ns";
        QTest::newRow("us") << qint64(12'345) << QString::fromUtf8("12.35 µs") << "12.3 us";
        QTest::newRow("ms") << qint64(1'500'000) << "1.5 ms"
                            << "1.5 ms";
        QTest::newRow("s") << qint64(1'204'000'000) << "1.204 s"
                           << "1.2 s";
        QTest::newRow("hundreds") << qint64(250'000) << QString::fromUtf8("250 µs") << "250 us";
        QTest::newRow("zeros trimmed") << qint64(5'000'000) << "5 ms"
                                       << "5 ms";
        QTest::newRow("half rounds away from zero") << qint64(1'234'500) << "1.235 ms"
                                                    << "1.23 ms";
        QTest::newRow("rounds up into the next unit") << qint64(999'960) << "1 ms"
                                                      << "1 ms";
        QTest::newRow("three digits round up sooner")
            << qint64(999'600) << QString::fromUtf8("999.6 µs") << "1 ms";
        QTest::newRow("thousands of seconds keep their digits")
            << qint64(1'234'567'000'000) << "1235 s"
            << "1235 s";
        QTest::newRow("negative") << qint64(-12'345) << QString::fromUtf8("-12.35 µs")
                                  << "-12.3 us";
        QTest::newRow("most negative") << std::numeric_limits<qint64>::min() << "-9223372037 s"
                                       << "-9223372037 s";
    }
    void readable() {
        QFETCH(qint64, ns);
        QFETCH(QString, app);
        QFETCH(QString, terminal);
        QCOMPARE(str(readableTime(ns)), app);
        QCOMPARE(str(readableTime(ns, TimeSpelling::Terminal)), terminal);
    }

    void units() {
        QCOMPARE(unitFor(0), Time(1));
        QCOMPARE(unitFor(999), Time(1));
        QCOMPARE(unitFor(1'000), Time(1'000));
        QCOMPARE(unitFor(-2'000'000), Time(1'000'000));
        QCOMPARE(unitFor(std::numeric_limits<Time>::max()), Time(1'000'000'000));
        QCOMPARE(str(std::string(unitName(1'000))), QString::fromUtf8("µs"));
        QCOMPARE(str(std::string(unitName(1'000, TimeSpelling::Terminal))), QString("us"));
        QCOMPARE(str(std::string(unitName(1'000'000'000))), QString("s"));
        QCOMPARE(unitDecimals(1), 0);
        QCOMPARE(unitDecimals(1'000'000'000), 9);
        QCOMPARE(tableUnit(9'999), Time(1));
        QCOMPARE(tableUnit(10'000), Time(1'000));
        QCOMPARE(tableUnit(99'999'999'999), Time(1'000'000));
        QCOMPARE(tableUnit(100'000'000'000), Time(1'000'000'000));
    }

    void inUnit_data() {
        QTest::addColumn<qint64>("t");
        QTest::addColumn<qint64>("unit");
        QTest::addColumn<int>("decimals");
        QTest::addColumn<bool>("trim");
        QTest::addColumn<QString>("text");
        QTest::newRow("every ns of a long run")
            << qint64(3'600'000'000'123) << qint64(1'000'000) << 6 << false << "3600000.000123";
        QTest::newRow("zeros kept") << qint64(12'000) << qint64(1'000) << 3 << false << "12.000";
        QTest::newRow("zeros trimmed") << qint64(12'500) << qint64(1'000) << 3 << true << "12.5";
        QTest::newRow("point trimmed") << qint64(12'000) << qint64(1'000) << 3 << true << "12";
        QTest::newRow("decimals capped at the unit's")
            << qint64(1'234) << qint64(1'000) << 7 << false << "1.234";
        QTest::newRow("rounded") << qint64(1'999'500) << qint64(1'000'000) << 3 << false << "2.000";
        QTest::newRow("negative below one")
            << qint64(-500) << qint64(1'000) << 3 << false << "-0.500";
        QTest::newRow("no minus zero") << qint64(-400) << qint64(1'000) << 0 << true << "0";
        QTest::newRow("ns") << qint64(-42) << qint64(1) << 3 << false << "-42";
    }
    void inUnit() {
        QFETCH(qint64, t);
        QFETCH(qint64, unit);
        QFETCH(int, decimals);
        QFETCH(bool, trim);
        QFETCH(QString, text);
        QCOMPARE(str(timeInUnit(t, unit, decimals, trim)), text);
    }
};

QTEST_GUILESS_MAIN(TestTimeFmt)
#include "tst_timefmt.moc"
