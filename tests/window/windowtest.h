#pragma once
// Helpers the main window's tests share: a window shown offscreen, its actions by name, and
// a run played to its end.
#include "panels/replaybar.h"
#include "window/mainwindow.h"

#include <QAction>
#include <QColor>
#include <QImage>
#include <QSettings>
#include <QSignalSpy>
#include <QtTest>

#include <memory>

namespace tl::ui::test {

// Settings as on a first launch, but with Run Automatically off: the tests press Run
// themselves (or turn it on where it is the subject), and an automatic run would race them.
inline void freshSettings() {
    QSettings().clear();
    QSettings().setValue(QStringLiteral("run/automatic"), false);
}

// Far longer than any run a test starts takes, even under a sanitizer.
inline constexpr int kRunTimeoutMs = 20'000;

inline QAction* action(const MainWindow& w, const char* name) {
    auto* a = w.findChild<QAction*>(QString::fromLatin1(name));
    if (!a) qFatal("no action %s", name);
    return a;
}

inline std::unique_ptr<MainWindow> makeWindow() {
    auto w = std::make_unique<MainWindow>();
    w->show();
    if (!QTest::qWaitForWindowExposed(w.get())) qWarning("window not exposed");
    return w;
}

// How many pixels of `image` have exactly `colour`.
inline int countPixels(const QImage& image, const QColor& colour) {
    const QRgb want = colour.rgb();
    int n = 0;
    for (int y = 0; y < image.height(); ++y) {
        const QRgb* line = reinterpret_cast<const QRgb*>(image.constScanLine(y));
        for (int x = 0; x < image.width(); ++x)
            n += (line[x] | 0xFF000000u) == want;
    }
    return n;
}

// Runs the current scenario, waits for the engine, then skips the playback to the end.
inline bool runAndShowAll(MainWindow& w) {
    QSignalSpy finished(&w, &MainWindow::runFinished);
    action(w, "run")->trigger();
    if (!finished.wait(kRunTimeoutMs)) return false;
    if (w.replayBar()->mode() == ReplayBar::Mode::Live) action(w, "stop")->trigger();
    return w.replayBar()->mode() == ReplayBar::Mode::Replay;
}

} // namespace tl::ui::test
