// The JSON text helpers of the trace format: string literals both ways, exact microsecond
// numbers, and where the errors that simdjson does not place are.
#include "format/jsontext.h"

#include <QtTest>

using namespace tl;

class TestJsonText : public QObject {
    Q_OBJECT
private slots:
    void microseconds_data() {
        QTest::addColumn<QByteArray>("token");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<qint64>("ns");
        QTest::newRow("ours") << QByteArray("1234.567") << true << qint64(1234567);
        QTest::newRow("zero") << QByteArray("0.000") << true << qint64(0);
        QTest::newRow("integer") << QByteArray("12") << true << qint64(12000);
        QTest::newRow("one decimal") << QByteArray("1.5") << true << qint64(1500);
        QTest::newRow("rounds down") << QByteArray("2.0004") << true << qint64(2000);
        QTest::newRow("rounds up") << QByteArray("2.0005") << true << qint64(2001);
        QTest::newRow("negative") << QByteArray("-1.500") << true << qint64(-1500);
        QTest::newRow("white space after") << QByteArray("7.000 \n") << true << qint64(7000);
        QTest::newRow("exponent") << QByteArray("1.5e3") << true << qint64(1500000);
        QTest::newRow("large") << QByteArray("999999999999.999") << true << qint64(999999999999999);
        QTest::newRow("too large") << QByteArray("9999999999999999") << false << qint64(0);
        QTest::newRow("text") << QByteArray("\"1.0\"") << false << qint64(0);
        QTest::newRow("no digits") << QByteArray("-") << false << qint64(0);
        QTest::newRow("bare point") << QByteArray("1.") << false << qint64(0);
        QTest::newRow("garbage after") << QByteArray("1.0x") << false << qint64(0);
        QTest::newRow("infinite") << QByteArray("1e999") << false << qint64(0);
    }
    void microseconds() {
        QFETCH(QByteArray, token);
        QFETCH(bool, ok);
        QFETCH(qint64, ns);
        Time t = -42;
        QCOMPARE(jsontext::parseMicroseconds(token.toStdString(), t), ok);
        if (ok) QCOMPARE(qint64(t), ns);
    }

    void quoteAndUnescape_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QByteArray>("quoted");
        QTest::newRow("plain") << QByteArray("producer 1") << QByteArray("\"producer 1\"");
        QTest::newRow("escapes") << QByteArray("a\"b\\c\nd\te\x01")
                                 << QByteArray("\"a\\\"b\\\\c\\nd\\te\\u0001\"");
        QTest::newRow("utf-8 kept") << QByteArray("caf\xC3\xA9 \xE2\x9C\x93 \xF0\x9F\x98\x80")
                                    << QByteArray("\"caf\xC3\xA9 \xE2\x9C\x93 \xF0\x9F\x98\x80\"");
        QTest::newRow("invalid byte") << QByteArray("a\xFFz") << QByteArray("\"a\xEF\xBF\xBDz\"");
        QTest::newRow("overlong") << QByteArray("\xC0\xAF")
                                  << QByteArray("\"\xEF\xBF\xBD\xEF\xBF\xBD\"");
        QTest::newRow("surrogate")
            << QByteArray("\xED\xA0\x80") << QByteArray("\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
        QTest::newRow("cut sequence")
            << QByteArray("\xE2\x9C") << QByteArray("\"\xEF\xBF\xBD\xEF\xBF\xBD\"");
    }
    void quoteAndUnescape() {
        QFETCH(QByteArray, text);
        QFETCH(QByteArray, quoted);
        const std::string q = jsontext::quote(text.toStdString());
        QCOMPARE(QByteArray::fromStdString(q), quoted);
        // Idempotent: what comes back quotes to the same bytes.
        std::string back;
        QVERIFY(jsontext::unescapeString(q, back));
        QCOMPARE(jsontext::quote(back), q);
    }

    void unescapeForeignEscapes() {
        std::string out;
        QVERIFY(jsontext::unescapeString("\"\\u00e9\\/\\ud83d\\ude00\\b\\f\" tail", out));
        QCOMPARE(QByteArray::fromStdString(out), QByteArray("\xC3\xA9/\xF0\x9F\x98\x80\b\f"));
        out.clear();
        QVERIFY(jsontext::unescapeString("\"\\udc00\"", out)); // a lone surrogate
        QCOMPARE(QByteArray::fromStdString(out), QByteArray("\xEF\xBF\xBD"));
        for (const char* bad : {"\"\\x41\"", "\"\\u12\"", "\"open", "x\"", ""}) {
            out.clear();
            QVERIFY2(!jsontext::unescapeString(bad, out), bad);
        }
    }

    void problemsAndShape() {
        QCOMPARE(jsontext::findTextProblem("{\"a\":\"b\"}").offset, std::string_view::npos);
        QCOMPARE(jsontext::findTextProblem("{\"a\":\"b\\\"c").offset, std::size_t(5));
        QCOMPARE(jsontext::findTextProblem("{\"a\":\"b\x01\"}").offset, std::size_t(7));
        QCOMPARE(jsontext::findTextProblem("{\"a\":\"\xC3\x28\"}").offset, std::size_t(6));
        QCOMPARE(jsontext::shapeOf("{\"a\":[1,{\"b\":\"]}\"}]").open, std::size_t(1));
        QCOMPARE(jsontext::shapeOf("{\"a\":[]} x").trailing, std::size_t(9));
        QCOMPARE(jsontext::shapeOf("{\"a\":[]}  ").trailing, std::string_view::npos);
    }
};

QTEST_GUILESS_MAIN(TestJsonText)
#include "tst_jsontext.moc"
