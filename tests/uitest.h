#pragma once
// Helpers shared by the UI tests.
#include "engine/engine.h"
#include "panels/parameterform.h"
#include "session/runcontroller.h"
#include "session/session.h"
#include "window/mainwindow.h"

#include <QCoreApplication>
#include <QMainWindow>
#include <QSemaphore>
#include <QSettings>
#include <QString>
#include <QThreadPool>

// Settings go to `folder` under the test's own name: a test never reads or writes the
// user's, and every test starts from the same state.
inline void useTestSettings(const QString& folder, const QString& testName) {
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, folder);
    QCoreApplication::setOrganizationName(QStringLiteral("ThreadLensTest"));
    QCoreApplication::setApplicationName(testName);
}

// Chooses a run that lasts far longer than any test: lock contention with 100,000 updates
// per worker, on `engine`. False if the window refused it.
inline bool chooseLongRun(tl::ui::MainWindow& w, tl::EngineKind engine) {
    if (!w.selectScenario(QStringLiteral("lock-contention")) ||
        !w.parameterForm()->setValueText(QStringLiteral("iterations"), QStringLiteral("100000")))
        return false;
    tl::RunOptions o = w.parameterForm()->runOptions();
    o.engine = engine;
    w.parameterForm()->setRunOptions(o);
    return true;
}

// The two workers of tst_statistics (worker 2 is blocked once, 3 to 4 ms), as a user's file,
// with one bullet that happens in the run and one that cannot (nothing waits on a queue).
inline const char* const kTwoWorkersLookFor = R"({
  "id": "two-workers", "title": "Two workers, one lock",
  "explanation": "Worker 2 waits for worker 1 exactly once.",
  "lookFor": [
    {"text": "Worker 2 is blocked once, for 1 ms.", "find": {"state": "blocked"}},
    {"text": "Nobody waits on a queue.", "find": {"state": "waiting", "reason": "queue empty"}},
    "Just a remark."
  ],
  "objects": [ {"mutex": "lock"} ],
  "roles": [ {"name": "worker", "count": 2, "program": [
    {"repeat": 2, "do": [ {"work": "3ms"}, {"lock": "lock"}, {"work": "1ms"}, {"unlock": "lock"} ]}
  ]} ]
})";

// A dock's surroundings without the main window: a Session, the Parameters form kept in step
// with it as the window keeps it (the form shows the current scenario and its values, the
// session keeps what the form edits), a bare QMainWindow to hold docks, and the window's
// answers to what the session asks: a run (runRequested) and the status line (message).
struct DockBench {
    tl::ui::Session session;
    QMainWindow host;
    tl::ui::ParameterForm* form = new tl::ui::ParameterForm(&host);
    QString lastMessage; // what the status bar would say
    int runsRequested = 0;

    DockBench() {
        using namespace tl::ui;
        host.setCentralWidget(form);
        auto showCurrent = [this] {
            form->setScenario(session.currentScenario(), session.values());
        };
        QObject::connect(&session, &Session::currentScenarioChanged, form, showCurrent);
        QObject::connect(&session, &Session::currentScenarioReloaded, form, showCurrent);
        QObject::connect(form, &ParameterForm::valuesChanged, &session,
                         [this] { session.setValues(form->values(), form->errorText()); });
        QObject::connect(form, &ParameterForm::runOptionsChanged, &session,
                         [this] { session.setRunOptions(form->runOptions()); });
        QObject::connect(&session, &Session::runRequested, &session, [this] {
            ++runsRequested;
            if (const tl::Scenario* s = session.currentScenario())
                session.runs()->start(*s, form->values(), form->runOptions());
        });
        QObject::connect(&session, &Session::message, &session,
                         [this](const QString& text, int) { lastMessage = text; });
    }
    DockBench(const DockBench&) = delete;
    DockBench& operator=(const DockBench&) = delete;
};

// Holds the only thread of Qt's global pool while it lives, so that background jobs (file
// work, sweeps) wait in the queue: a test can then act "during" a job, such as pressing Stop
// or Cancel, without racing it and without sleeping.

class PoolGate {
public:
    PoolGate() : m_threads(QThreadPool::globalInstance()->maxThreadCount()) {
        QThreadPool::globalInstance()->setMaxThreadCount(1);
        QThreadPool::globalInstance()->start([this] { m_release.acquire(); });
    }
    ~PoolGate() {
        m_release.release();
        QThreadPool::globalInstance()->waitForDone();
        QThreadPool::globalInstance()->setMaxThreadCount(m_threads);
    }
    PoolGate(const PoolGate&) = delete;
    PoolGate& operator=(const PoolGate&) = delete;

private:
    int m_threads;
    QSemaphore m_release;
};
