#pragma once
// What the tests of the command line share (tst_cli, tst_clisweep): running the program and
// reading what it says, interrupting it, and a trace that fails a check.
#include <QtTest>
#include <csignal>
#include <sys/resource.h>
#include <sys/types.h>

namespace clitest {

struct Result {
    int code = -1;
    QString out;
    QString err;
};

// Runs the program. With fileSizeLimit, it cannot write past that many bytes in any file: a
// write there fails with EFBIG, as on a full disk (SIGXFSZ, which would kill it, ignored).
inline Result threadlens(const QStringList& args, const QString& cwd = {}, bool display = true,
                         rlim_t fileSizeLimit = 0) {
    QProcess p;
    if (fileSizeLimit > 0)
        p.setChildProcessModifier([fileSizeLimit] {
            std::signal(SIGXFSZ, SIG_IGN);
            rlimit limit{};
            ::getrlimit(RLIMIT_FSIZE, &limit);
            limit.rlim_cur = fileSizeLimit;
            ::setrlimit(RLIMIT_FSIZE, &limit);
        });
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    if (display) {
        env.insert("QT_QPA_PLATFORM", "offscreen");
    } else {
        for (const char* name : {"QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"})
            env.remove(name);
    }
    p.setProcessEnvironment(env);
    if (!cwd.isEmpty()) p.setWorkingDirectory(cwd);
    p.start(THREADLENS_BINARY, args);
    if (!p.waitForFinished(120'000))
        qFatal("threadlens %s did not finish", qPrintable(args.join(' ')));
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

// A run to interrupt: started with SIGINT at its default action (a test runner started in
// the background by a shell would pass on "ignored"), with the display it would have.
inline void startInterruptible(QProcess& p, const QStringList& args, const QString& cwd) {
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("QT_QPA_PLATFORM", "offscreen");
    p.setProcessEnvironment(env);
    p.setWorkingDirectory(cwd);
    p.setChildProcessModifier([] { ::signal(SIGINT, SIG_DFL); });
    p.start(THREADLENS_BINARY, args);
}

// Waits, on the process's signals, until a whole line has come on the channel.
inline bool waitForLine(QProcess& p, QProcess::ProcessChannel channel) {
    p.setReadChannel(channel);
    QSignalSpy spy(&p, channel == QProcess::StandardOutput ? &QProcess::readyReadStandardOutput
                                                           : &QProcess::readyReadStandardError);
    while (!p.canReadLine())
        if (!spy.wait(120'000) && !p.canReadLine()) return false;
    return true;
}

inline QStringList lines(const QString& text) {
    return text.split('\n', Qt::SkipEmptyParts);
}

inline bool isPng(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) && f.read(8) == QByteArray("\x89PNG\r\n\x1a\n", 8) &&
           f.size() > 1000;
}

// A trace in which two threads hold one mutex at once.
inline constexpr const char* kBrokenTrace = R"({"displayTimeUnit":"ns",
"otherData":{"generator":"threadlens 0.1.0","scenario":"x","engine":"real","seed":1,"cores":4,"parameters":{},"outcome":"completed","message":"","endTimeNs":5000,"objects":[{"name":"m","kind":"mutex","capacity":0}]},
"traceEvents":[
{"ph":"M","pid":1,"tid":1,"name":"thread_name","args":{"name":"a"}},
{"ph":"M","pid":1,"tid":2,"name":"thread_name","args":{"name":"b"}},
{"ph":"X","cat":"state","name":"working","pid":1,"tid":1,"ts":0.000,"dur":5.000},
{"ph":"X","cat":"state","name":"working","pid":1,"tid":2,"ts":0.000,"dur":5.000},
{"ph":"i","s":"t","cat":"sync","name":"lock","pid":1,"tid":1,"ts":1.000,"args":{"object":"m"}},
{"ph":"i","s":"t","cat":"sync","name":"lock","pid":1,"tid":2,"ts":2.000,"args":{"object":"m"}}
]})";

} // namespace clitest
