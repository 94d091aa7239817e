// The user's own scenario files in the main window, offscreen: File > Open Scenario adds one
// to the list (marked, its path in the tooltip) and a restart keeps it; a broken file shows
// its error (place and problem) and stays listed; editing the file and reloading (or just
// saving it) picks up the change, keeping parameter values that are still valid; Remove from
// List forgets it; no input crashes.
#include "panels/parameterform.h"
#include "panels/replaybar.h"
#include "panels/scenariopanel.h"
#include "session/runcontroller.h"
#include "session/scenariofiles.h"
#include "timeline/timelineview.h"
#include "uitest.h"
#include "window/mainwindow.h"

#include <QAction>
#include <QDir>
#include <QFile>
#include <QListWidget>
#include <QMessageBox>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QtTest>

using namespace tl;
using namespace tl::ui;

namespace {

constexpr int kRunTimeoutMs = 20'000;

QByteArray scenarioText(const char* title, int maxWorkers) {
    return QStringLiteral(R"({
  "id": "my-lock", "title": "%1",
  "explanation": "My own lock scenario.",
  "parameters": [ {"name": "workers", "label": "Workers", "type": "int", "min": 1, "max": %2,
                   "default": 2, "help": "Threads that take the lock."} ],
  "objects": [ {"mutex": "m"} ],
  "roles": [ {"name": "worker", "count": "$workers", "program": [
    {"repeat": 3, "do": [ {"work": "1ms"}, {"lock": "m"}, {"work": "1ms"}, {"unlock": "m"} ]}
  ]} ]
})")
        .arg(QString::fromUtf8(title))
        .arg(maxWorkers)
        .toUtf8();
}

// A file with a mistake deep inside: an unknown step.
const char* kBroken = R"({
  "id": "broken", "title": "Broken",
  "objects": [ {"mutex": "m"} ],
  "roles": [ {"name": "worker", "program": [ {"lok": "m"} ]} ]
})";

QListWidget* list(const MainWindow& w) {
    return w.scenarioPanel()->findChild<QListWidget*>(QStringLiteral("scenarioList"));
}

void closeBoxes(const MainWindow& w) {
    for (auto* b : w.findChildren<QMessageBox*>())
        b->close();
}

} // namespace

class TestScenarioFiles : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void openAddsToTheListAndSurvivesARestart();
    void brokenFileShowsTheErrorAndStaysListed();
    void reloadPicksUpTheChangeAndKeepsValidValues();
    void savingTheFileReloadsIt();
    void removeFromListForgetsIt();
    void noInputCrashes();

private:
    std::unique_ptr<MainWindow> makeWindow();
    QString write(const QString& name, const QByteArray& text);
    QTemporaryDir m_settings;
    QTemporaryDir m_files;
};

void TestScenarioFiles::initTestCase() {
    useTestSettings(m_settings.path(), QStringLiteral("tst_scenariofiles"));
}

void TestScenarioFiles::init() {
    QSettings().clear();
    QSettings().setValue(QStringLiteral("run/automatic"), false);
}

std::unique_ptr<MainWindow> TestScenarioFiles::makeWindow() {
    auto w = std::make_unique<MainWindow>();
    w->show();
    if (!QTest::qWaitForWindowExposed(w.get())) qWarning("window not exposed");
    return w;
}

QString TestScenarioFiles::write(const QString& name, const QByteArray& text) {
    const QString path = m_files.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        qFatal("cannot write %s", qPrintable(path));
    f.write(text);
    return path;
}

void TestScenarioFiles::openAddsToTheListAndSurvivesARestart() {
    const QString path = write(QStringLiteral("mine.json"), scenarioText("My lock", 8));
    int bundled = 0;
    {
        auto w = makeWindow();
        bundled = list(*w)->count();
        QCOMPARE(w->findChild<QAction*>(QStringLiteral("openScenario"))->shortcut(),
                 QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
        const int index = w->scenarioFiles()->open(path);
        QCOMPARE(index, bundled);
        QCOMPARE(list(*w)->count(), bundled + 1);
        QCOMPARE(w->scenarioPanel()->currentIndex(), index); // and it is selected
        QCOMPARE(w->currentScenario()->title, std::string("My lock"));
        QListWidgetItem* item = list(*w)->item(index);
        QVERIFY(item->toolTip().contains(QDir::toNativeSeparators(path)));
        QVERIFY(!item->icon().isNull()); // marked as the user's
        QVERIFY(w->findChild<QAction*>(QStringLiteral("reloadScenario"))->isEnabled());
        QVERIFY(w->parameterForm()->setValueText(QStringLiteral("workers"), QStringLiteral("5")));
        // It runs like any other.
        QSignalSpy finished(w.get(), &MainWindow::runFinished);
        w->runScenario();
        QVERIFY(finished.wait(kRunTimeoutMs));
        QCOMPARE(finished.first().first().toInt(), int(Outcome::Completed));
        QCOMPARE(w->timelineView()->laneCount(), 5);
        // A bundled scenario has no file to reload.
        QVERIFY(w->selectScenario(QStringLiteral("producer-consumer")));
        QVERIFY(!w->findChild<QAction*>(QStringLiteral("reloadScenario"))->isEnabled());
        QVERIFY(w->selectScenario(QStringLiteral("my-lock")));
        w->close();
    }
    auto w = makeWindow();
    QCOMPARE(list(*w)->count(), bundled + 1);
    QCOMPARE(w->scenarioFiles()->paths(), QStringList{path});
    // The last scenario and its values come back too.
    QCOMPARE(w->currentScenario()->title, std::string("My lock"));
    QCOMPARE(w->parameterForm()->values().at("workers").number, 5);
}

void TestScenarioFiles::brokenFileShowsTheErrorAndStaysListed() {
    auto w = makeWindow();
    const int bundled = list(*w)->count();
    const QString path = write(QStringLiteral("broken.json"), kBroken);
    QSignalSpy errors(w->scenarioFiles(), &ScenarioFiles::errorShown);
    const int index = w->scenarioFiles()->open(path);
    QCOMPARE(errors.count(), 1);
    const QString error = errors.first().first().toString();
    // The place in the file and the problem.
    QVERIFY2(error.contains(QStringLiteral("roles[0].program[0]")), qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("lok")), qPrintable(error));
    auto* box = w->findChild<QMessageBox*>(QStringLiteral("errorBox"));
    QVERIFY(box);
    QCOMPARE(box->text(), error);
    box->close();
    // Listed, marked, with the error in the tooltip and the description.
    QCOMPARE(list(*w)->count(), bundled + 1);
    QCOMPARE(w->scenarioFiles()->error(index), error);
    QVERIFY(list(*w)->item(index)->toolTip().contains(error));
    QVERIFY(w->scenarioPanel()->description()->toPlainText().contains(error));
    // Running it says why it cannot, and nothing crashes.
    QSignalSpy shown(w.get(), &MainWindow::errorShown);
    w->runScenario();
    QCOMPARE(shown.count(), 1);
    QCOMPARE(w->lastError(), error);
    closeBoxes(*w);
    // Fixed on disk and reloaded: usable.
    write(QStringLiteral("broken.json"), scenarioText("Fixed", 4));
    QVERIFY(w->scenarioFiles()->reload(index));
    QVERIFY(w->scenarioFiles()->error(index).isEmpty());
    QCOMPARE(w->currentScenario()->title, std::string("Fixed"));
    QVERIFY(!w->scenarioPanel()->description()->toPlainText().contains(error));
}

void TestScenarioFiles::reloadPicksUpTheChangeAndKeepsValidValues() {
    auto w = makeWindow();
    const QString path = write(QStringLiteral("values.json"), scenarioText("Before", 8));
    const int index = w->scenarioFiles()->open(path);
    QVERIFY(w->parameterForm()->setValueText(QStringLiteral("workers"), QStringLiteral("6")));

    // A new title and a wider range: the value stays.
    write(QStringLiteral("values.json"), scenarioText("After", 10));
    w->findChild<QAction*>(QStringLiteral("reloadScenario"))->trigger();
    QCOMPARE(w->currentScenario()->title, std::string("After"));
    QCOMPARE(list(*w)->item(index)->text(), QStringLiteral("After"));
    QCOMPARE(w->parameterForm()->values().at("workers").number, 6);
    // A range that no longer holds it: the default.
    write(QStringLiteral("values.json"), scenarioText("Narrow", 4));
    QVERIFY(w->scenarioFiles()->reload(index));
    QCOMPARE(w->parameterForm()->values().at("workers").number, 2);
    // Broken, then fixed: the values of the last good version come back.
    QVERIFY(w->parameterForm()->setValueText(QStringLiteral("workers"), QStringLiteral("3")));
    write(QStringLiteral("values.json"), "{ \"id\": ");
    QVERIFY(!w->scenarioFiles()->reload(index, false));
    QVERIFY(w->scenarioFiles()->error(index).contains(QStringLiteral("line")));
    write(QStringLiteral("values.json"), scenarioText("Good again", 4));
    QVERIFY(w->scenarioFiles()->reload(index, false));
    QCOMPARE(w->currentScenario()->title, std::string("Good again"));
    QCOMPARE(w->parameterForm()->values().at("workers").number, 3);
}

void TestScenarioFiles::savingTheFileReloadsIt() {
    auto w = makeWindow();
    const QString path = write(QStringLiteral("watched.json"), scenarioText("First", 8));
    const int index = w->scenarioFiles()->open(path);
    QSignalSpy reloaded(w->scenarioFiles(), &ScenarioFiles::scenarioReloaded);
    // The watch is in place when open() returns: a write at once is seen.
    write(QStringLiteral("watched.json"), scenarioText("Second", 8));
    QTRY_VERIFY_WITH_TIMEOUT(!reloaded.isEmpty(), 5000);
    QCOMPARE(w->currentScenario()->title, std::string("Second"));
    // An editor that saves by writing a new file and renaming it over the old one.
    const QString temp = write(QStringLiteral("watched.json.tmp"), scenarioText("Third", 8));
    QFile::remove(path);
    QVERIFY(QFile::rename(temp, path));
    QTRY_COMPARE_WITH_TIMEOUT(w->currentScenario()->title, std::string("Third"), 5000);
    // A broken save while editing: marked, no dialog popping up over the editor.
    write(QStringLiteral("watched.json"), "{ \"id\": \"x\", ");
    QTRY_VERIFY_WITH_TIMEOUT(!w->scenarioFiles()->error(index).isEmpty(), 5000);
    QVERIFY(!w->findChild<QMessageBox*>(QStringLiteral("errorBox")));
}

void TestScenarioFiles::removeFromListForgetsIt() {
    const QString path = write(QStringLiteral("gone.json"), scenarioText("Soon gone", 8));
    int bundled = 0;
    {
        auto w = makeWindow();
        bundled = list(*w)->count();
        const int index = w->scenarioFiles()->open(path);
        w->findChild<QAction*>(QStringLiteral("removeScenario"))->trigger();
        QVERIFY(!w->scenarioPanel()->isListed(index));
        QVERIFY(w->scenarioPanel()->currentIndex() != index); // another one is selected
        QVERIFY(w->currentScenario()->title != "Soon gone");
        QVERIFY(w->scenarioFiles()->paths().isEmpty());
        QVERIFY(!w->selectScenario(QStringLiteral("my-lock")));
        w->close();
    }
    auto w = makeWindow();
    QCOMPARE(list(*w)->count(), bundled);
    QVERIFY(QFile::exists(path)); // the file itself stays
    // Opened again after removal: listed again.
    w->scenarioFiles()->open(path);
    QCOMPARE(w->currentScenario()->title, std::string("Soon gone"));
}

void TestScenarioFiles::noInputCrashes() {
    auto w = makeWindow();
    QDir().mkpath(m_files.filePath(QStringLiteral("a-folder.json")));
    QByteArray deep(100'000, '[');
    QByteArray binary;
    for (int i = 0; i < 4096; ++i)
        binary.append(char(i * 131 % 256));
    const QStringList paths = {
        write(QStringLiteral("empty.json"), ""),
        write(QStringLiteral("binary.json"), binary),
        write(QStringLiteral("deep.json"), deep),
        write(QStringLiteral("array.json"), "[1, 2, 3]"),
        write(QStringLiteral("nulls.json"), "{\"id\": null, \"title\": null, \"roles\": null}"),
        write(QStringLiteral("huge-count.json"),
              R"({"id": "h", "title": "H", "roles": [{"name": "w", "count": 99999999,
                 "program": [{"work": "1ms"}]}]})"),
        m_files.filePath(QStringLiteral("a-folder.json")),
        m_files.filePath(QStringLiteral("does-not-exist.json")),
        QStringLiteral("/dev/zero"),
    };
    for (const QString& p : paths) {
        const int index = w->scenarioFiles()->open(p, false);
        QVERIFY(index >= 0);
        // Select it and try to run it: an error at worst.
        w->scenarioPanel()->selectIndex(index);
        w->runScenario();
        QTRY_VERIFY_WITH_TIMEOUT(!w->runController()->isRunning(), kRunTimeoutMs);
        closeBoxes(*w);
    }
    for (const QString& p : paths)
        QVERIFY2(!w->scenarioFiles()->error(w->scenarioFiles()->open(p, false)).isEmpty() ||
                     p.endsWith(QStringLiteral("huge-count.json")),
                 qPrintable(p));
    closeBoxes(*w);
}

QTEST_MAIN(TestScenarioFiles)
#include "tst_scenariofiles.moc"
