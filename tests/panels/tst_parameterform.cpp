// The parameter form: generated from ParamSpecs, validated by setParameter (so it accepts
// what --set accepts and shows the same messages), run options, defaults.
#include "model/timefmt.h"
#include "panels/durationedit.h"
#include "panels/parameterform.h"
#include "scenario/catalog.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QtTest>

using namespace tl;
using namespace tl::ui;

class TestParameterForm : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void editorsFollowTheSpecs_data();
    void editorsFollowTheSpecs();
    void spinBoxChangesValues();
    void sliderDrivesSpinBox();
    void durationUnitConvertsTheValue();
    void outOfRangeIsSetToTheNearest_data();
    void outOfRangeIsSetToTheNearest();
    void leavingAFieldUnchangedChangesNothing();
    void setValueTextLikeTheCommandLine_data();
    void setValueTextLikeTheCommandLine();
    void resetToDefaults();
    void runOptionsRoundTrip();
    void returnRequestsRun();
    void durationEditUnits_data();
    void durationEditUnits();
    void switchingScenarioRebuilds();

private:
    std::vector<Scenario> m_scenarios;
    const Scenario& scenario(const std::string& id) const {
        for (const Scenario& s : m_scenarios)
            if (s.id == id) return s;
        throw std::runtime_error("no scenario " + id);
    }
};

void TestParameterForm::initTestCase() {
    m_scenarios = loadBundledScenarios();
}

void TestParameterForm::editorsFollowTheSpecs_data() {
    QTest::addColumn<QString>("id");
    for (const char* id :
         {"producer-consumer", "lock-contention", "barrier-phases", "semaphore-pool"})
        QTest::newRow(id) << QString::fromLatin1(id);
}

void TestParameterForm::editorsFollowTheSpecs() {
    QFETCH(QString, id);
    const Scenario& s = scenario(id.toStdString());
    ParameterForm form;
    form.setScenario(&s, defaultValues(s));
    QVERIFY(form.isValid());
    QCOMPARE(form.values(), defaultValues(s));
    for (const ParamSpec& p : s.parameters) {
        QWidget* editor = form.editor(QString::fromStdString(p.name));
        QVERIFY2(editor, p.name.c_str());
        QVERIFY2(!editor->toolTip().isEmpty(), p.name.c_str());
        switch (p.type) {
        case ParamType::Int: {
            auto* spin = qobject_cast<QSpinBox*>(editor);
            QVERIFY(spin);
            QCOMPARE(spin->minimum(), int(p.min));
            QCOMPARE(spin->maximum(), int(p.max));
            QCOMPARE(spin->value(), int(p.def.number));
            QVERIFY(form.findChild<QSlider*>(QStringLiteral("slider-") +
                                             QString::fromStdString(p.name)));
            break;
        }
        case ParamType::Duration:
            QVERIFY(qobject_cast<DurationEdit*>(editor));
            QCOMPARE(qobject_cast<DurationEdit*>(editor)->value(), p.def.number);
            break;
        case ParamType::Choice:
            QVERIFY(qobject_cast<QComboBox*>(editor));
            break;
        case ParamType::Bool:
            QVERIFY(qobject_cast<QCheckBox*>(editor));
            break;
        }
    }
}

void TestParameterForm::spinBoxChangesValues() {
    const Scenario& s = scenario("lock-contention");
    ParameterForm form;
    form.setScenario(&s, defaultValues(s));
    QSignalSpy changed(&form, &ParameterForm::valuesChanged);
    auto* workers = qobject_cast<QSpinBox*>(form.editor(QStringLiteral("workers")));
    workers->setValue(7);
    QVERIFY(changed.count() >= 1);
    QCOMPARE(form.values().at("workers").number, 7);
    // The slider follows the spin box.
    auto* slider = form.findChild<QSlider*>(QStringLiteral("slider-workers"));
    QCOMPARE(slider->value(), 7 - 1);
}

void TestParameterForm::sliderDrivesSpinBox() {
    const Scenario& s = scenario("lock-contention");
    ParameterForm form;
    form.setScenario(&s, defaultValues(s));
    // "iterations" spans 1..100000: a logarithmic slider, ends map to the ends.
    auto* slider = form.findChild<QSlider*>(QStringLiteral("slider-iterations"));
    auto* spin = qobject_cast<QSpinBox*>(form.editor(QStringLiteral("iterations")));
    slider->setValue(slider->maximum());
    QCOMPARE(spin->value(), 100000);
    slider->setValue(slider->minimum());
    QCOMPARE(spin->value(), 1);
    slider->setValue(slider->maximum() / 2); // the geometric middle, about 316
    QVERIFY(spin->value() > 200 && spin->value() < 500);
    // A typed value is kept exactly, not rounded to a slider step.
    spin->setValue(12345);
    QCOMPARE(form.values().at("iterations").number, 12345);
}

void TestParameterForm::durationUnitConvertsTheValue() {
    const Scenario& s = scenario("lock-contention");
    ParameterForm form;
    form.show();
    form.setScenario(&s, defaultValues(s));
    auto* hold = qobject_cast<DurationEdit*>(form.editor(QStringLiteral("hold")));
    QSignalSpy changed(&form, &ParameterForm::valuesChanged);
    // 1 ms read in seconds is 0.001 s, not 1 s: the duration stays what it was.
    hold->unitField()->setCurrentIndex(3);
    QCOMPARE(hold->numberField()->value(), 0.001);
    QCOMPARE(hold->value(), Time(1'000'000));
    QCOMPARE(form.values().at("hold").number, Time(1'000'000));
    QCOMPARE(changed.count(), 0); // nothing changed: nothing to run again
    hold->unitField()->setCurrentIndex(0);
    QCOMPARE(hold->numberField()->value(), 1'000'000.0);
    QCOMPARE(hold->text(), QStringLiteral("1000000ns"));
    hold->unitField()->setCurrentIndex(1);
    QCOMPARE(hold->text(), QStringLiteral("1000.000us"));
    QCOMPARE(form.values().at("hold").number, Time(1'000'000));
    QCOMPARE(changed.count(), 0);
    // A conversion that needs more decimals than three keeps them: 1.5 µs is 0.0015 ms.
    hold->setValue(1'500);
    hold->unitField()->setCurrentIndex(2);
    QCOMPARE(hold->numberField()->text(), QStringLiteral("0.0015"));
    QCOMPARE(hold->value(), Time(1'500));
    QCOMPARE(parseDuration(hold->text().toStdString()), std::optional<Time>(1'500));
    QCOMPARE(form.values().at("hold").number, Time(1'500));
    // 10 s (a scenario's usual maximum) fits in nanoseconds.
    hold->setValue(10'000'000'000);
    hold->unitField()->setCurrentIndex(0);
    QCOMPARE(hold->value(), Time(10'000'000'000));
    QCOMPARE(form.values().at("hold").number, Time(10'000'000'000));
    QVERIFY(form.isValid());
}

void TestParameterForm::outOfRangeIsSetToTheNearest_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("typed");
    QTest::addColumn<qint64>("nearest");
    QTest::addColumn<QString>("note");
    // The same rule in both kinds of field (Workers used to be corrected, Think time to block
    // Run): wrong while typed, the nearest allowed value once entered, and a note.
    QTest::newRow("workers above")
        << "workers"
        << "100000" << qint64(64) << "Workers: 100000 is above the maximum 64, so it is now 64.";
    QTest::newRow("workers below")
        << "workers"
        << "0" << qint64(1) << "Workers: 0 is below the minimum 1, so it is now 1.";
    QTest::newRow("think above") << "think"
                                 << "99999999" << qint64(10'000'000'000)
                                 << "Think time: 99999999 ms is above the maximum 10s, so it is "
                                    "now 10s.";
}

void TestParameterForm::outOfRangeIsSetToTheNearest() {
    QFETCH(QString, name);
    QFETCH(QString, typed);
    QFETCH(qint64, nearest);
    QFETCH(QString, note);
    const Scenario& s = scenario("lock-contention");
    ParameterForm form;
    form.show();
    QVERIFY(QTest::qWaitForWindowExposed(&form));
    form.setScenario(&s, defaultValues(s));
    QWidget* editor = form.editor(name);
    QAbstractSpinBox* spin = qobject_cast<QAbstractSpinBox*>(editor);
    if (auto* duration = qobject_cast<DurationEdit*>(editor)) spin = duration->numberField();
    QVERIFY(spin);
    auto* edit = spin->findChild<QLineEdit*>();
    QVERIFY(edit);
    spin->setFocus();
    edit->selectAll();
    QSignalSpy run(&form, &ParameterForm::runRequested);
    QTest::keyClicks(edit, typed);
    // While it is typed: what is wrong, and what Enter will do about it. Run waits.
    QVERIFY(!form.isValid());
    QVERIFY2(form.errorText().contains(QStringLiteral("Enter or leaving the field sets")),
             qPrintable(form.errorText()));
    auto* label = form.findChild<QLabel*>(QStringLiteral("parameterError"));
    QVERIFY(label->isVisible());
    QVERIFY(label->text().startsWith(QStringLiteral("⚠")));
    // Entered: the nearest allowed value, the form valid, a note that says what happened,
    // and the run Enter asks for goes ahead with it.
    QTest::keyClick(edit, Qt::Key_Return);
    QVERIFY2(form.isValid(), qPrintable(form.errorText()));
    QCOMPARE(form.values().at(name.toStdString()).number, nearest);
    QCOMPARE(form.noteText(), note);
    QVERIFY(label->isVisible());
    QCOMPARE(label->text(), form.noteText());
    QCOMPARE(run.count(), 1);
    // The next value typed takes the note away.
    edit->selectAll();
    QTest::keyClicks(edit, QStringLiteral("5"));
    QVERIFY(form.noteText().isEmpty());
    QVERIFY(!label->isVisible());
}

void TestParameterForm::leavingAFieldUnchangedChangesNothing() {
    // Clicking into a field and out again is no edit: no run may follow (it would replace the
    // trace being studied, and throw the zoom away).
    const Scenario& s = scenario("lock-contention");
    ParameterForm form;
    form.show();
    QVERIFY(QTest::qWaitForWindowExposed(&form));
    form.setScenario(&s, defaultValues(s));
    QApplication::setActiveWindow(&form); // focus moves only in the active window
    QVERIFY(QTest::qWaitForWindowActive(&form));
    QSignalSpy changed(&form, &ParameterForm::valuesChanged);
    QSignalSpy options(&form, &ParameterForm::runOptionsChanged);
    auto* seed = form.findChild<QSpinBox*>(QStringLiteral("seed"));
    for (const char* name : {"workers", "iterations", "think", "hold"}) {
        QWidget* editor = form.editor(QString::fromLatin1(name));
        editor->setFocus();
        QVERIFY(editor->focusProxy() ? editor->focusProxy()->hasFocus() : editor->hasFocus());
        seed->setFocus(); // out again: the spin box reports editingFinished
    }
    form.editor(QStringLiteral("workers"))->setFocus();
    QCOMPARE(changed.count(), 0);
    QCOMPARE(options.count(), 0);
    // A real change still counts, once.
    QVERIFY(form.setValueText(QStringLiteral("workers"), QStringLiteral("5")));
    QCOMPARE(changed.count(), 1);
}

void TestParameterForm::setValueTextLikeTheCommandLine_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("message");
    QTest::newRow("workers 7") << "workers"
                               << "7" << true << "";
    QTest::newRow("workers 0") << "workers"
                               << "0" << false << "below the minimum 1";
    QTest::newRow("workers 65") << "workers"
                                << "65" << false << "above the maximum 64";
    QTest::newRow("workers x") << "workers"
                               << "x" << false << "not a whole number";
    QTest::newRow("think 250us") << "think"
                                 << "250us" << true << "";
    QTest::newRow("think 11s") << "think"
                               << "11s" << false << "above the maximum 10s";
    QTest::newRow("unknown") << "nope"
                             << "1" << false << "no such parameter";
}

void TestParameterForm::setValueTextLikeTheCommandLine() {
    QFETCH(QString, name);
    QFETCH(QString, text);
    QFETCH(bool, ok);
    QFETCH(QString, message);
    const Scenario& s = scenario("lock-contention");
    ParameterForm form;
    form.setScenario(&s, defaultValues(s));
    QCOMPARE(form.setValueText(name, text), ok);
    if (ok) {
        ParamValues expected = defaultValues(s);
        setParameter(s, expected, name.toStdString(), text.toStdString());
        QCOMPARE(form.values(), expected);
    } else {
        QVERIFY2(form.errorText().contains(message), qPrintable(form.errorText()));
    }
}

void TestParameterForm::resetToDefaults() {
    const Scenario& s = scenario("producer-consumer");
    ParameterForm form;
    ParamValues v = defaultValues(s);
    setParameter(s, v, "capacity", "9");
    form.setScenario(&s, v);
    QCOMPARE(form.values().at("capacity").number, 9);
    form.resetToDefaults();
    QCOMPARE(form.values(), defaultValues(s));
    QCOMPARE(qobject_cast<QSpinBox*>(form.editor(QStringLiteral("capacity")))->value(), 4);
}

void TestParameterForm::runOptionsRoundTrip() {
    ParameterForm form;
    RunOptions o;
    o.engine = EngineKind::Real;
    o.cores = 12;
    o.seed = 4242;
    form.setRunOptions(o);
    const RunOptions back = form.runOptions();
    QCOMPARE(back.engine, EngineKind::Real);
    QCOMPARE(back.cores, 12);
    QCOMPARE(back.seed, std::uint64_t(4242));
    // Cores only mean something on the simulated machine.
    QVERIFY(!form.findChild<QSpinBox*>(QStringLiteral("cores"))->isEnabled());
    o.engine = EngineKind::Simulated;
    form.setRunOptions(o);
    QVERIFY(form.findChild<QSpinBox*>(QStringLiteral("cores"))->isEnabled());
    QSignalSpy changed(&form, &ParameterForm::runOptionsChanged);
    form.newSeed();
    QCOMPARE(changed.count(), 1);
    QVERIFY(form.runOptions().seed != 4242);
}

void TestParameterForm::returnRequestsRun() {
    const Scenario& s = scenario("lock-contention");
    ParameterForm form;
    form.show();
    QVERIFY(QTest::qWaitForWindowExposed(&form));
    form.setScenario(&s, defaultValues(s));
    QSignalSpy run(&form, &ParameterForm::runRequested);
    auto* workers = form.editor(QStringLiteral("workers"));
    workers->setFocus();
    QTest::keyClick(workers, Qt::Key_Return);
    QCOMPARE(run.count(), 1);
}

void TestParameterForm::durationEditUnits_data() {
    QTest::addColumn<qint64>("ns");
    QTest::addColumn<QString>("text");
    QTest::newRow("3ms") << qint64(3'000'000) << "3.000ms";
    QTest::newRow("1.5us") << qint64(1'500) << "1.500us";
    QTest::newRow("2s") << qint64(2'000'000'000) << "2.000s";
    QTest::newRow("250ns") << qint64(250) << "250ns";
    QTest::newRow("1234567ns") << qint64(1'234'567) << "1234.567us";
}

void TestParameterForm::durationEditUnits() {
    QFETCH(qint64, ns);
    QFETCH(QString, text);
    DurationEdit edit;
    edit.setValue(ns);
    QCOMPARE(edit.text(), text);
    QCOMPARE(edit.value(), Time(ns));
    // The text is what setParameter and parseDuration read back.
    QCOMPARE(parseDuration(edit.text().toStdString()), std::optional<Time>(ns));
}

void TestParameterForm::switchingScenarioRebuilds() {
    ParameterForm form;
    const Scenario& a = scenario("lock-contention");
    const Scenario& b = scenario("producer-consumer");
    form.setScenario(&a, defaultValues(a));
    QVERIFY(form.editor(QStringLiteral("hold")));
    form.setScenario(&b, defaultValues(b));
    QVERIFY(!form.editor(QStringLiteral("hold")));
    QVERIFY(form.editor(QStringLiteral("capacity")));
    QCOMPARE(form.values(), defaultValues(b));
}

QTEST_MAIN(TestParameterForm)
#include "tst_parameterform.moc"
