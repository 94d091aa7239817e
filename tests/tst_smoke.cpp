#include "testutil.h"
#include <QtTest>
class TestSmoke : public QObject {
    Q_OBJECT
private slots:
    void runs() {
        auto t = tl::test::runScenario("producer-consumer", {});
        QCOMPARE(t->outcome(), tl::Outcome::Completed);
    }
};
QTEST_GUILESS_MAIN(TestSmoke)
#include "tst_smoke.moc"
