// Expressions in scenario files (durations as text: tst_timefmt).
#include "scenario/expr.h"

#include <QtTest>

using namespace tl;

class TestExpr : public QObject {
    Q_OBJECT
private slots:
    void evaluation_data() {
        QTest::addColumn<QString>("expr");
        QTest::addColumn<qint64>("value");
        QTest::newRow("number") << "42" << qint64(42);
        QTest::newRow("variable") << "$workers" << qint64(6);
        QTest::newRow("arithmetic") << "$workers - 1" << qint64(5);
        QTest::newRow("precedence") << "2 + 3 * 4" << qint64(14);
        QTest::newRow("parens") << "(2 + 3) * 4" << qint64(20);
        QTest::newRow("modulo") << "$index % $workers + 1" << qint64(4);
        QTest::newRow("duration literal") << "2ms * 3" << qint64(6'000'000);
        QTest::newRow("duration var") << "$hold / 2" << qint64(500'000);
        QTest::newRow("comparison") << "$workers > 5" << qint64(1);
        QTest::newRow("string equality") << "$policy == 'fair'" << qint64(1);
        QTest::newRow("string inequality") << "$policy != 'fair'" << qint64(0);
        QTest::newRow("logic") << "$workers > 1 && !($workers > 10)" << qint64(1);
        QTest::newRow("min max") << "min(3, $workers) + max(1, 2)" << qint64(5);
        QTest::newRow("unary minus") << "-$workers + 10" << qint64(4);
        // share(): 10 items among 4 threads -> 3, 3, 2, 2; this is thread 3
        QTest::newRow("share") << "share(10)" << qint64(2);
    }
    void evaluation() {
        QFETCH(QString, expr);
        QFETCH(qint64, value);
        const ExprLookup lookup = [](std::string_view n) -> std::optional<ExprValue> {
            if (n == "workers") return ExprValue::of(6);
            if (n == "hold") return ExprValue::of(1'000'000);
            if (n == "policy") return ExprValue::of(std::string("fair"));
            if (n == "index") return ExprValue::of(3);
            if (n == "count") return ExprValue::of(4);
            return std::nullopt;
        };
        const ExprValue v = evaluate(expr.toStdString(), lookup);
        QVERIFY(!v.isString);
        QCOMPARE(qint64(v.number), value);
    }

    void shareAddsUp() {
        for (int n : {0, 1, 7, 60, 61}) {
            for (int count : {1, 3, 4, 64}) {
                std::int64_t total = 0;
                for (int index = 1; index <= count; ++index) {
                    const ExprLookup lookup =
                        [&](std::string_view name) -> std::optional<ExprValue> {
                        if (name == "index") return ExprValue::of(index);
                        if (name == "count") return ExprValue::of(count);
                        return std::nullopt;
                    };
                    total += evaluate("share(" + std::to_string(n) + ")", lookup).number;
                }
                QCOMPARE(total, std::int64_t(n));
            }
        }
    }

    void errors_data() {
        QTest::addColumn<QString>("expr");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown variable") << "$wrkers + 1"
                                          << "unknown parameter \"$wrkers\"";
        QTest::newRow("bare word")
            << "workers"
            << "\"workers\": a parameter is written $workers, text in quotes ('workers')";
        QTest::newRow("division by zero") << "1 / 0"
                                          << "division by zero in expression";
        QTest::newRow("trailing") << "1 2"
                                  << "unexpected \"2\" in expression";
        QTest::newRow("open paren") << "(1 + 2"
                                    << "expected ')' in expression";
        QTest::newRow("text arithmetic") << "'a' + 1"
                                         << "'a' is text; + needs a number";
        QTest::newRow("unknown function") << "avg(1)"
                                          << "unknown function \"avg\" (known: min, max, share)";
        QTest::newRow("bad number") << "12abc"
                                    << "\"12abc\" is neither a number nor a duration";
        QTest::newRow("empty") << ""
                               << "expression ends early";
    }
    void errors() {
        QFETCH(QString, expr);
        QFETCH(QString, message);
        const ExprLookup lookup = [](std::string_view) -> std::optional<ExprValue> {
            return std::nullopt;
        };
        try {
            evaluate(expr.toStdString(), lookup);
            QFAIL("no error");
        } catch (const ExprError& e) {
            QCOMPARE(QString::fromStdString(e.what()), message);
        }
    }
};

QTEST_GUILESS_MAIN(TestExpr)
#include "tst_expr.moc"
