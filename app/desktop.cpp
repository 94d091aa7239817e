#include "desktop.h"

#include "engine/engine.h"
#include "experiment/run.h"
#include "explore/exploredialog.h"
#include "format/chromejson.h"
#include "format/convert.h"
#include "panels/deadlockbanner.h"
#include "panels/parameterform.h"
#include "panels/replaybar.h"
#include "panels/schedulerbar.h"
#include "scenario/catalog.h"
#include "session/momentlinks.h"
#include "session/playbackclock.h"
#include "session/schedulersession.h"
#include "session/session.h"
#include "session/showrequest.h"
#include "sweep/sweeppanel.h"
#include "timeline/picture.h"
#include "timeline/timelineview.h"
#include "window/mainwindow.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QIcon>
#include <QPainter>
#include <QPalette>
#include <QSettings>
#include <QStyle>
#include <QStyleFactory>
#include <QTemporaryDir>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <unistd.h>

static void initDesktopResources() {
    Q_INIT_RESOURCE(threadlens);
}

namespace tl::ui {

namespace {

// Arguments the app understands after the command line has passed on everything that is not
// one of its commands. --png names the headless picture; the rest are hidden switches that
// scripts/screenshots.sh uses to photograph the real window.
struct AppArgs {
    std::string png = "threadlens-timeline.png";
    QString screenshot;   // grab the main window to this PNG after a run, then quit
    QString scenario;     // the scenario to select (default: the last one used)
    QString palette;      // "dark" or "light": force a Fusion palette
    QStringList sets;     // name=value, as "threadlens run --set" takes them
    QSize size;           // none: the size a first launch picks for the screen
    double grabAt = 1.0;  // fraction of the playback at which to grab
    QString file;         // a trace or scenario file to open
    QString process;      // --process NAME|PID: only that process of the trace
    QString sweep;        // photograph the Sweep dock sweeping this parameter instead
    QString sweepFigure;  // the figure it charts ("throughput")
    int sweepPoint = -1;  // the sweep's point to run and mark
    int moment = -1;      // the "what to look for" bullet to show before the grab
    bool explore = false; // photograph Run > Explore... beside the shortest failing schedule
    QString steps;        // Step as Scheduler instead of a run: these threads' steps, "1,2"

    static AppArgs parse(int argc, char** argv) {
        AppArgs a;
        for (int i = 1; i < argc; ++i) {
            const std::string arg = argv[i];
            auto value = [&](const std::string& name) -> std::optional<std::string> {
                if (arg == name && i + 1 < argc) return std::string(argv[++i]);
                if (arg.rfind(name + "=", 0) == 0) return arg.substr(name.size() + 1);
                return std::nullopt;
            };
            if (auto v = value("--png"))
                a.png = *v;
            else if (auto v = value("--screenshot"))
                a.screenshot = QString::fromStdString(*v);
            else if (auto v = value("--scenario"))
                a.scenario = QString::fromStdString(*v);
            else if (auto v = value("--set"))
                a.sets << QString::fromStdString(*v);
            else if (auto v = value("--process"))
                a.process = QString::fromStdString(*v);
            else if (auto v = value("--palette"))
                a.palette = QString::fromStdString(*v);
            else if (auto v = value("--sweep"))
                a.sweep = QString::fromStdString(*v);
            else if (auto v = value("--sweep-figure"))
                a.sweepFigure = QString::fromStdString(*v);
            else if (auto v = value("--sweep-point"))
                a.sweepPoint = QString::fromStdString(*v).toInt();
            else if (arg == "--explore")
                a.explore = true;
            else if (auto v = value("--moment"))
                a.moment = QString::fromStdString(*v).toInt();
            else if (auto v = value("--steps"))
                a.steps = QString::fromStdString(*v);
            else if (auto v = value("--grab-at"))
                a.grabAt = std::clamp(QString::fromStdString(*v).toDouble(), 0.0, 1.0);
            else if (auto v = value("--size")) {
                const QStringList wh = QString::fromStdString(*v).split(QLatin1Char('x'));
                if (wh.size() == 2) a.size = QSize(wh[0].toInt(), wh[1].toInt());
            } else if (arg.ends_with(".json") ||
                       (!arg.starts_with("-") &&
                        QFileInfo(QString::fromLocal8Bit(argv[i])).isFile())) {
                // As the command line decides (cli.cpp); anything else may be the value of
                // one of Qt's own options (-style fusion).
                a.file = QString::fromLocal8Bit(argv[i]);
            }
        }
        return a;
    }
};

bool haveDisplay() {
    return !qEnvironmentVariableIsEmpty("DISPLAY") ||
           !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY") ||
           qEnvironmentVariableIsSet("QT_QPA_PLATFORM");
}

// With no display there is no window to show; rather than fail, do the one useful thing
// and draw the trace named on the command line (or the default scenario) as a picture.
int runHeadless(int argc, char** argv, const std::string& path, const QString& file,
                const QString& process) {
    const std::string what = file.isEmpty() ? "running " + std::string(kDefaultScenario)
                                            : "drawing " + file.toStdString();
    std::printf("threadlens: no display found; %s headless and writing its timeline to %s\n",
                what.c_str(), path.c_str());
    std::fflush(stdout);
    qputenv("QT_QPA_PLATFORM", "offscreen");
    if (qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR")) {
        // Qt warns on stderr without one; a private folder keeps the promised one line.
        const QString dir =
            QDir::tempPath() + QStringLiteral("/threadlens-runtime-%1").arg(getuid());
        QDir().mkpath(dir);
        QFile::setPermissions(dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                       QFileDevice::ExeOwner);
        qputenv("XDG_RUNTIME_DIR", dir.toUtf8());
    }
    QGuiApplication app(argc, argv);
    try {
        std::unique_ptr<Trace> trace;
        if (!file.isEmpty()) {
            trace = loadTrace(file.toStdString(), process.toStdString());
        } else {
            const Scenario s = resolveScenario(std::string(kDefaultScenario));
            const Program program = compile(s, defaultValues(s));
            RunOptions options;
            options.engine = EngineKind::Simulated;
            trace = std::make_unique<Trace>(runInfo(program, options));
            run(program, *trace, options);
        }
        PictureOptions picture;
        picture.path = path;
        std::string error;
        if (!writeTimelinePicture(*trace, picture, &error)) throw std::runtime_error(error);
    } catch (const std::exception& e) {
        // A file that cannot be read or written is bad input: exit 2 with one line, as the
        // command line does (app/cliargs.h).
        std::string line = e.what();
        std::replace(line.begin(), line.end(), '\n', ' ');
        std::fprintf(stderr, "threadlens: %s\n", line.c_str());
        return 2;
    }
    std::printf("%s\n", path.c_str());
    return 0;
}

QPalette darkPalette() {
    QPalette p;
    const QColor window(0x2b, 0x2d, 0x31), base(0x1e, 0x1f, 0x22), text(0xdf, 0xe1, 0xe5);
    const QColor disabled(0x7f, 0x84, 0x8e);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x26, 0x28, 0x2c));
    p.setColor(QPalette::ToolTipBase, QColor(0x3c, 0x3f, 0x45));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, disabled);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0x35, 0x38, 0x3d));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::white);
    p.setColor(QPalette::Light, QColor(0x45, 0x48, 0x4e));
    p.setColor(QPalette::Midlight, QColor(0x3c, 0x3f, 0x45));
    p.setColor(QPalette::Mid, QColor(0x25, 0x27, 0x2a));
    p.setColor(QPalette::Dark, QColor(0x1a, 0x1b, 0x1e));
    p.setColor(QPalette::Shadow, Qt::black);
    p.setColor(QPalette::Highlight, QColor(0x2f, 0x6f, 0xb3));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x6c, 0xb6, 0xff));
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, disabled);
    return p;
}

// Photographs the window for the documentation: run the chosen scenario, let it play back
// (or stop part-way), grab the window, quit.
void scheduleScreenshot(MainWindow& w, const AppArgs& args) {
    if (!args.steps.isEmpty()) { // Step as Scheduler, part-way: the steps, then the grab
        QTimer::singleShot(100, &w, [&w, args] {
            if (!w.schedulerBar()->enter()) return QApplication::exit(2);
            for (const QString& t : args.steps.split(QLatin1Char(','), Qt::SkipEmptyParts))
                if (!w.scheduler()->step(t.toInt() - 1)) {
                    std::fprintf(stderr, "threadlens: --steps: thread %s cannot go on\n",
                                 qPrintable(t));
                    return QApplication::exit(2);
                }
            QTimer::singleShot(400, &w, [&w, args] {
                w.grab().save(args.screenshot);
                std::printf("%s\n", qPrintable(args.screenshot));
                QApplication::quit();
            });
        });
        return;
    }
    QObject::connect(&w, &MainWindow::runFinished, &w, [&w, args] {
        const double speed = w.replayBar()->speed();
        const Trace* trace = w.timelineView()->trace().get();
        if (args.grabAt < 1.0 && trace && speed > 0) {
            const int ms = int(double(trace->endTime()) * args.grabAt / speed / 1e6);
            QTimer::singleShot(ms, &w, [&w, args] {
                w.replayBar()->clock()->pause();
                QTimer::singleShot(300, &w, [&w, args] {
                    w.grab().save(args.screenshot);
                    std::printf("%s\n", qPrintable(args.screenshot));
                    QApplication::quit();
                });
            });
        }
    });
    QObject::connect(&w, &MainWindow::playbackFinished, &w, [&w, args] {
        if (args.grabAt < 1.0) return;
        // Show a replay cursor and a selected event, as a user exploring the run would; a
        // deadlock the way its banner's Show button presents it.
        if (args.moment >= 0) {
            w.momentLinks()->activate(args.moment); // as a click on that bullet's link
        } else if (w.timelineView()->trace()->outcome() == Outcome::Deadlock) {
            w.session()->requestShow(
                deadlockView(*w.timelineView()->trace(), w.deadlockBanner()->report()));
        } else {
            w.replayBar()->seek(w.timelineView()->trace()->endTime() * 2 / 5);
            w.replayBar()->stepNext();
        }
        QTimer::singleShot(400, &w, [&w, args] {
            w.grab().save(args.screenshot);
            std::printf("%s\n", qPrintable(args.screenshot));
            QApplication::quit();
        });
    });
    if (args.file.isEmpty()) {
        QTimer::singleShot(100, &w, &MainWindow::runScenario);
        return;
    }
    // A trace file: grab once it has been opened (FileJobs reads it off the GUI thread).
    auto* poll = new QTimer(&w);
    QObject::connect(poll, &QTimer::timeout, &w, [&w, args, poll] {
        if (!w.timelineView()->trace()) return;
        poll->stop();
        QTimer::singleShot(400, &w, [&w, args] {
            w.grab().save(args.screenshot);
            std::printf("%s\n", qPrintable(args.screenshot));
            QApplication::quit();
        });
    });
    poll->start(100);
}

// Photographs Run > Explore...: the search with the Explore window's defaults, then its
// shortest failing schedule run on the timeline (and the first "what to look for" bullet
// shown, with --moment 0); the window and the Explore window side by side, on a desktop grey.
void scheduleExploreShot(MainWindow& w, const AppArgs& args) {
    ExploreDialog* d = w.exploreDialog();
    QTimer::singleShot(100, &w, [&w, d] {
        d->showDialog();
        d->resize(620, w.height());
        d->start();
    });
    QObject::connect(d, &ExploreDialog::searchFailed, d, [](const QString& message) {
        std::fprintf(stderr, "threadlens: %s\n", qPrintable(message));
        QApplication::exit(2);
    });
    QObject::connect(d, &ExploreDialog::searchFinished, d, [d] {
        if (d->report() && d->report()->failure()) return d->showShortestFailure();
        std::fprintf(stderr, "threadlens: --explore: no schedule fails\n");
        QApplication::exit(2);
    });
    QObject::connect(&w, &MainWindow::playbackFinished, &w, [&w, d, args] {
        if (args.moment >= 0) w.momentLinks()->activate(args.moment);
        QTimer::singleShot(400, &w, [&w, d, args] {
            const QPixmap window = w.grab(), explore = d->grab();
            constexpr int kGap = 16;
            const qreal dpr = window.devicePixelRatio();
            const QSize a = window.deviceIndependentSize().toSize(),
                        b = explore.deviceIndependentSize().toSize();
            QPixmap both(QSize(a.width() + kGap + b.width(), std::max(a.height(), b.height())) *
                         dpr);
            both.setDevicePixelRatio(dpr);
            both.fill(QColor(0x5A, 0x5F, 0x66));
            QPainter p(&both);
            p.drawPixmap(0, 0, window);
            p.drawPixmap(a.width() + kGap, 0, explore);
            p.end();
            both.save(args.screenshot);
            std::printf("%s\n", qPrintable(args.screenshot));
            QApplication::quit();
        });
    });
}

} // namespace

int runDesktopApp(int argc, char** argv) {
    const AppArgs args = AppArgs::parse(argc, argv);
    if (!haveDisplay()) return runHeadless(argc, argv, args.png, args.file, args.process);

    QApplication app(argc, argv);
    initDesktopResources();
    QApplication::setApplicationName(QStringLiteral("ThreadLens"));
    QApplication::setOrganizationName(QStringLiteral("ThreadLens"));
    QApplication::setApplicationVersion(QStringLiteral(THREADLENS_VERSION));
    QApplication::setApplicationDisplayName(QStringLiteral("ThreadLens"));
    QGuiApplication::setDesktopFileName(QStringLiteral("threadlens"));
    // The SVG for every size; the bitmap in case the SVG icon engine plugin is missing.
    QIcon icon(QStringLiteral(":/icons/threadlens.svg"));
    icon.addFile(QStringLiteral(":/icons/threadlens-256.png"), QSize(256, 256));
    QApplication::setWindowIcon(icon);
    if (!args.palette.isEmpty()) {
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        QApplication::setPalette(args.palette == QLatin1String("dark")
                                     ? darkPalette()
                                     : QApplication::style()->standardPalette());
    }

    // Screenshots must not depend on (or change) the user's saved layout and values.
    std::optional<QTemporaryDir> scratchSettings;
    if (!args.screenshot.isEmpty()) {
        scratchSettings.emplace();
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, scratchSettings->path());
        QSettings().setValue(QStringLiteral("run/automatic"), false);
    }

    MainWindow window;
    if (!args.scenario.isEmpty() && !window.selectScenario(args.scenario)) {
        std::fprintf(stderr, "threadlens: no scenario \"%s\"\n", qPrintable(args.scenario));
        return 2;
    }
    for (const QString& assignment : args.sets) {
        const qsizetype eq = assignment.indexOf(QLatin1Char('='));
        if (eq <= 0 ||
            !window.parameterForm()->setValueText(assignment.left(eq), assignment.mid(eq + 1))) {
            std::fprintf(stderr, "threadlens: --set %s: %s\n", qPrintable(assignment),
                         qPrintable(window.parameterForm()->errorText()));
            return 2;
        }
    }
    if (!args.screenshot.isEmpty()) {
        if (args.size.isValid()) window.resize(args.size);
        if (args.explore)
            scheduleExploreShot(window, args);
        else if (!args.sweep.isEmpty())
            window.sweepPanel()->scheduleScreenshot(args.sweep, args.sweepFigure, args.screenshot,
                                                    args.size, args.sweepPoint);
        else
            scheduleScreenshot(window, args);
    }
    window.show();
    if (!args.file.isEmpty())
        QTimer::singleShot(0, &window,
                           [&window, &args] { window.openFile(args.file, args.process); });
    return app.exec();
}

} // namespace tl::ui
