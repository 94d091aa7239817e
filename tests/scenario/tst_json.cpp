// The scenario-file JSON reader: values, positions, and errors that name line and column.
#include "scenario/json.h"

#include <QtTest>

using namespace tl;

class TestJson : public QObject {
    Q_OBJECT
private slots:
    void values() {
        const json::Value v = json::parse(R"({"a": [1, -2.5, true, null, "x\u00e9\n"], "b": {}})");
        QVERIFY(v.isObject());
        QCOMPARE(v.members.size(), std::size_t(2));
        const json::Value& a = *v.find("a");
        QCOMPARE(a.array.size(), std::size_t(5));
        QVERIFY(a.array[0].integral);
        QCOMPARE(a.array[0].integer, std::int64_t(1));
        QVERIFY(!a.array[1].integral);
        QCOMPARE(a.array[1].number, -2.5);
        QVERIFY(a.array[2].boolean);
        QVERIFY(a.array[3].isNull());
        QCOMPARE(a.array[4].string, std::string("x\xC3\xA9\n"));
        QCOMPARE(a.where.line, 1);
        QCOMPARE(a.where.column, 7);
    }
    void positions() {
        const json::Value v = json::parse("{\n  \"a\":\n    [1,\n     2]\n}");
        QCOMPARE(v.find("a")->where.line, 3);
        QCOMPARE(v.find("a")->array[1].where.line, 4);
        QCOMPARE(v.find("a")->array[1].where.column, 6);
    }
    void errors_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("message");
        QTest::newRow("empty") << ""
                               << "line 1, column 1: the file is empty";
        QTest::newRow("spaces only") << "  \n "
                                     << "line 2, column 2: the file is empty";
        QTest::newRow("truncated object")
            << "{\"a\": 1"
            << "line 1, column 8: the file ends early inside an object";
        QTest::newRow("truncated string") << "{\"a\": \"xy"
                                          << "line 1, column 10: the file ends inside a string";
        QTest::newRow("missing comma")
            << "[1 2]"
            << "line 1, column 4: expected ',' or ']' in an array, found '2'";
        QTest::newRow("trailing comma")
            << "{\"a\": 1,}"
            << "line 1, column 9: expected a member name in quotes, found '}'";
        QTest::newRow("bad literal") << "[tru]"
                                     << "line 1, column 2: expected a value, found 't'";
        QTest::newRow("garbage after")
            << "{} x"
            << "line 1, column 4: unexpected text after the end of the document";
        QTest::newRow("duplicate") << "{\"a\": 1, \"a\": 2}"
                                   << "line 1, column 13: duplicate member \"a\"";
        QTest::newRow("binary") << "\x01\x02"
                                << "line 1, column 1: expected a value, found byte 0x01";
        QTest::newRow("second line") << "{\n  \"a\": [1,\n  }"
                                     << "line 3, column 3: expected a value, found '}'";
    }
    void errors() {
        QFETCH(QString, text);
        QFETCH(QString, message);
        try {
            json::parse(text.toStdString());
            QFAIL("no error");
        } catch (const json::ParseError& e) {
            QCOMPARE(QString::fromStdString(e.what()), message);
        }
    }
    void limits() {
        std::string deep(100, '[');
        deep += std::string(100, ']');
        try {
            json::parse(deep);
            QFAIL("no error");
        } catch (const json::ParseError& e) {
            QVERIFY(std::string(e.what()).find("nesting deeper than 64 levels") !=
                    std::string::npos);
        }
        json::Limits small;
        small.maxBytes = 10;
        QVERIFY_THROWS_EXCEPTION(json::ParseError, json::parse("[1,2,3,4,5,6,7,8]", small));
    }
    void quoting() {
        std::string out;
        json::appendQuoted(out, "a\"b\\c\nd\x01");
        QCOMPARE(out, std::string("\"a\\\"b\\\\c\\nd\\u0001\""));
    }
};

QTEST_GUILESS_MAIN(TestJson)
#include "tst_json.moc"
