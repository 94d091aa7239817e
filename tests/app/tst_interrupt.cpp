// The command line's Ctrl+C (app/interrupt.h), driven in-process with raise(SIGINT): the first
// one requests the stop, a later one quits (cancels the writing), the previous disposition
// comes back, and a process that ignores SIGINT keeps ignoring it. tst_cli drives the same
// through the program with a real signal from outside.
#include "interrupt.h"

#include <QtTest>
#include <csignal>

using namespace tl;
using namespace tl::cli;

namespace {

// The SIGINT handler in place now.
void (*currentHandler())(int) {
    struct sigaction now {};
    ::sigaction(SIGINT, nullptr, &now);
    return now.sa_handler;
}

// Long enough that a slow, loaded machine never reaches it inside a test: the grace is the
// fallback that ends the process, which would end this test too.
constexpr std::chrono::milliseconds kLongGrace{60'000};

} // namespace

class TestInterrupt : public QObject {
    Q_OBJECT
private slots:
    void firstStopsThenQuits() {
        InterruptStop interrupt("the run", kLongGrace);
        QVERIFY(!interrupt.token().stop_requested());
        QVERIFY(!interrupt.stopProgress()->cancelled());
        QVERIFY(!interrupt.quitProgress()->cancelled());

        // The first Ctrl+C while the work goes on: stop, not quit.
        ::raise(SIGINT);
        QTRY_VERIFY(interrupt.token().stop_requested());
        QVERIFY(interrupt.stopped());
        QVERIFY(interrupt.stopProgress()->cancelled());
        QVERIFY(!interrupt.quitting());
        QVERIFY(!interrupt.quitProgress()->cancelled());

        // The second: quit, which a writer sees as a cancel.
        ::raise(SIGINT);
        QTRY_VERIFY(interrupt.quitting());
        QVERIFY(interrupt.quitProgress()->cancelled());
        QVERIFY_THROWS_EXCEPTION(Cancelled, interrupt.quitProgress()->step(0));
    }

    // Once the work is over there is nothing to stop: the first Ctrl+C quits.
    void afterTheWorkQuitsAtOnce() {
        InterruptStop interrupt("the run", kLongGrace);
        interrupt.workDone();
        ::raise(SIGINT);
        QTRY_VERIFY(interrupt.quitting());
        QVERIFY(interrupt.quitProgress()->cancelled());
    }

    void restoresThePreviousHandler() {
        void (*before)(int) = currentHandler();
        {
            InterruptStop interrupt("the run", kLongGrace);
            QVERIFY(currentHandler() != before);
        }
        QVERIFY(currentHandler() == before);
    }

    // Started with SIGINT ignored (a shell's background job, nohup): Ctrl+C is not for this
    // process, and it stays ignored.
    void ignoredStaysIgnored() {
        struct sigaction ignore {
        }, previous{};
        ignore.sa_handler = SIG_IGN;
        sigemptyset(&ignore.sa_mask);
        ::sigaction(SIGINT, &ignore, &previous);
        {
            InterruptStop interrupt("the run", kLongGrace);
            QVERIFY(currentHandler() == SIG_IGN);
            ::raise(SIGINT); // discarded at once: an ignored signal is never pending
            QVERIFY(!interrupt.token().stop_requested());
            QVERIFY(!interrupt.stopped());
        }
        QVERIFY(currentHandler() == SIG_IGN);
        ::sigaction(SIGINT, &previous, nullptr);
    }
};

QTEST_GUILESS_MAIN(TestInterrupt)
#include "tst_interrupt.moc"
