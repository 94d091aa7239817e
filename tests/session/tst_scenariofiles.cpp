// The user's own scenario files, offscreen, with a Session, the Scenarios dock and the
// Parameters form and no main window: File > Open Scenario adds one to the list (marked, its
// path in the tooltip) and a restart keeps it; a broken file shows its error (place and
// problem) and stays listed; editing the file and reloading (or just saving it) picks up the
// change, keeping parameter values that are still valid; Remove from List forgets it; no
// input crashes. (A user's file run in the window and its values after a restart:
// tst_mainwindow.)
#include "panels/parameterform.h"
#include "panels/scenariopanel.h"
#include "session/runcontroller.h"
#include "session/scenariofiles.h"
#include "session/scenariolistmodel.h"
#include "session/session.h"
#include "uitest.h"

#include <QAction>
#include <QDir>
#include <QFile>
#include <QIcon>
#include <QListView>
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

// The session, the Parameters form in step with it, the Scenarios dock and the files, as the
// window has them.
struct Files : DockBench {
    ScenarioPanel* panel = new ScenarioPanel(&session, &host);
    ScenarioFiles* files = new ScenarioFiles(&session, &host);
    Files() {
        panel->setListActions(files->listActions());
        files->restore();
        host.show();
        if (!QTest::qWaitForWindowExposed(&host)) qWarning("window not exposed");
    }
    ScenarioListModel* list() const { return session.scenarios(); }
    void closeBoxes() const {
        for (auto* b : host.findChildren<QMessageBox*>())
            b->close();
    }
};

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
        Files f;
        bundled = f.list()->count();
        QCOMPARE(f.files->openAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
        const int index = f.files->open(path);
        QCOMPARE(index, bundled);
        QCOMPARE(f.list()->count(), bundled + 1);
        QCOMPARE(f.session.currentIndex(), index); // and it is the current one
        QCOMPARE(f.panel->list()->currentIndex().row(), index);
        QCOMPARE(f.session.currentScenario()->title, std::string("My lock"));
        const QModelIndex row = f.list()->index(index);
        QVERIFY(row.data(Qt::ToolTipRole).toString().contains(QDir::toNativeSeparators(path)));
        QVERIFY(!row.data(Qt::DecorationRole).value<QIcon>().isNull()); // marked as the user's
        QVERIFY(f.files->reloadAction()->isEnabled());
        QCOMPARE(f.form->scenario(), f.session.currentScenario());
        // A bundled scenario has no file to reload.
        QVERIFY(f.session.selectScenario(QStringLiteral("producer-consumer")));
        QVERIFY(!f.files->reloadAction()->isEnabled());
        QVERIFY(!f.list()->index(0).data(Qt::DecorationRole).isValid());
        QVERIFY(f.session.selectScenario(QStringLiteral("my-lock")));
    }
    Files f;
    QCOMPARE(f.list()->count(), bundled + 1);
    QCOMPARE(f.files->paths(), QStringList{path});
    QCOMPARE(f.list()->scenario(bundled)->title, std::string("My lock"));
}

void TestScenarioFiles::brokenFileShowsTheErrorAndStaysListed() {
    Files f;
    const int bundled = f.list()->count();
    const QString path = write(QStringLiteral("broken.json"), kBroken);
    QSignalSpy errors(f.files, &ScenarioFiles::errorShown);
    const int index = f.files->open(path);
    QCOMPARE(errors.count(), 1);
    const QString error = errors.first().first().toString();
    // The place in the file and the problem.
    QVERIFY2(error.contains(QStringLiteral("roles[0].program[0]")), qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("lok")), qPrintable(error));
    auto* box = f.host.findChild<QMessageBox*>(QStringLiteral("errorBox"));
    QVERIFY(box);
    QCOMPARE(box->text(), error);
    box->close();
    // Listed, marked, with the error in the tooltip and the description; and it is why the
    // session cannot run it.
    QCOMPARE(f.list()->count(), bundled + 1);
    QCOMPARE(f.files->error(index), error);
    QCOMPARE(f.list()->error(index), error);
    QVERIFY(f.list()->index(index).data(Qt::ToolTipRole).toString().contains(error));
    QVERIFY(f.panel->description()->toPlainText().contains(error));
    QCOMPARE(f.session.currentIndex(), index);
    QCOMPARE(f.session.scenarioError(), error);
    // Fixed on disk and reloaded: usable.
    write(QStringLiteral("broken.json"), scenarioText("Fixed", 4));
    QVERIFY(f.files->reload(index));
    QVERIFY(f.files->error(index).isEmpty());
    QVERIFY(f.session.scenarioError().isEmpty());
    QCOMPARE(f.session.currentScenario()->title, std::string("Fixed"));
    QCOMPARE(f.list()->index(index).data().toString(), QStringLiteral("Fixed"));
    QVERIFY(!f.panel->description()->toPlainText().contains(error));
}

void TestScenarioFiles::reloadPicksUpTheChangeAndKeepsValidValues() {
    Files f;
    const QString path = write(QStringLiteral("values.json"), scenarioText("Before", 8));
    const int index = f.files->open(path);
    QVERIFY(f.form->setValueText(QStringLiteral("workers"), QStringLiteral("6")));
    QCOMPARE(f.session.values().at("workers").number, 6);

    // A new title and a wider range: the value stays.
    QSignalSpy reloaded(&f.session, &Session::currentScenarioReloaded);
    write(QStringLiteral("values.json"), scenarioText("After", 10));
    f.files->reloadAction()->trigger();
    QCOMPARE(reloaded.count(), 1);
    QCOMPARE(f.session.currentScenario()->title, std::string("After"));
    QCOMPARE(f.list()->index(index).data().toString(), QStringLiteral("After"));
    QCOMPARE(f.session.values().at("workers").number, 6);
    QCOMPARE(f.form->values().at("workers").number, 6);
    // A range that no longer holds it: the default.
    write(QStringLiteral("values.json"), scenarioText("Narrow", 4));
    QVERIFY(f.files->reload(index));
    QCOMPARE(f.form->values().at("workers").number, 2);
    // Broken, then fixed: the values of the last good version come back.
    QVERIFY(f.form->setValueText(QStringLiteral("workers"), QStringLiteral("3")));
    write(QStringLiteral("values.json"), "{ \"id\": ");
    QVERIFY(!f.files->reload(index, false));
    QVERIFY(f.files->error(index).contains(QStringLiteral("line")));
    write(QStringLiteral("values.json"), scenarioText("Good again", 4));
    QVERIFY(f.files->reload(index, false));
    QCOMPARE(f.session.currentScenario()->title, std::string("Good again"));
    QCOMPARE(f.form->values().at("workers").number, 3);
}

void TestScenarioFiles::savingTheFileReloadsIt() {
    Files f;
    const QString path = write(QStringLiteral("watched.json"), scenarioText("First", 8));
    const int index = f.files->open(path);
    QSignalSpy reloaded(f.files, &ScenarioFiles::scenarioReloaded);
    // The watch is in place when open() returns: a write at once is seen.
    write(QStringLiteral("watched.json"), scenarioText("Second", 8));
    QTRY_VERIFY_WITH_TIMEOUT(!reloaded.isEmpty(), 5000);
    QCOMPARE(f.session.currentScenario()->title, std::string("Second"));
    // An editor that saves by writing a new file and renaming it over the old one.
    const QString temp = write(QStringLiteral("watched.json.tmp"), scenarioText("Third", 8));
    QFile::remove(path);
    QVERIFY(QFile::rename(temp, path));
    QTRY_COMPARE_WITH_TIMEOUT(f.session.currentScenario()->title, std::string("Third"), 5000);
    // A broken save while editing: marked, no dialog popping up over the editor.
    write(QStringLiteral("watched.json"), "{ \"id\": \"x\", ");
    QTRY_VERIFY_WITH_TIMEOUT(!f.files->error(index).isEmpty(), 5000);
    QVERIFY(!f.host.findChild<QMessageBox*>(QStringLiteral("errorBox")));
}

void TestScenarioFiles::removeFromListForgetsIt() {
    const QString path = write(QStringLiteral("gone.json"), scenarioText("Soon gone", 8));
    int bundled = 0;
    {
        Files f;
        bundled = f.list()->count();
        const int index = f.files->open(path);
        f.files->removeAction()->trigger();
        QVERIFY(!f.panel->isListed(index));
        QVERIFY(f.panel->list()->isRowHidden(index));
        QVERIFY(f.session.currentIndex() != index);    // another one is current
        QCOMPARE(f.session.currentIndex(), index - 1); // the one before: nothing after it
        QVERIFY(f.session.currentScenario()->title != "Soon gone");
        QVERIFY(f.files->paths().isEmpty());
        QVERIFY(!f.session.selectScenario(QStringLiteral("my-lock")));
        QVERIFY(!f.session.setCurrentIndex(index));
    }
    Files f;
    QCOMPARE(f.list()->count(), bundled);
    QVERIFY(QFile::exists(path)); // the file itself stays
    // Opened again after removal: listed again.
    f.files->open(path);
    QCOMPARE(f.session.currentScenario()->title, std::string("Soon gone"));
}

void TestScenarioFiles::noInputCrashes() {
    Files f;
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
        const int index = f.files->open(p, false);
        QVERIFY(index >= 0);
        // Select it and try to run it: an error at worst.
        QVERIFY(f.session.setCurrentIndex(index));
        f.session.requestRun();
        QTRY_VERIFY_WITH_TIMEOUT(!f.session.runs()->isRunning(), kRunTimeoutMs);
        f.closeBoxes();
    }
    for (const QString& p : paths)
        QVERIFY2(!f.files->error(f.files->open(p, false)).isEmpty() ||
                     p.endsWith(QStringLiteral("huge-count.json")),
                 qPrintable(p));
    f.closeBoxes();
}

QTEST_MAIN(TestScenarioFiles)
#include "tst_scenariofiles.moc"
