#pragma once
// Holds the only thread of Qt's global pool while it lives, so that background jobs (file
// work, sweeps) wait in the queue: a test can then act "during" a job, such as pressing Stop
// or Cancel, without racing it and without sleeping.
#include <QSemaphore>
#include <QThreadPool>

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
