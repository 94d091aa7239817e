#pragma once
// The Parameters dock: a form generated from a scenario's ParamSpecs (spin box and slider
// for ints, a duration field with units, a combo for choices, a check box for bools) and the
// run options (engine, cores, seed). Every value goes through setParameter, so the form
// accepts exactly what the command line's --set accepts and shows the same messages. One rule
// for a number out of its field's range, in every field: it is shown as wrong while it is
// typed, and set to the nearest allowed value when it is entered (Enter, Tab, leaving the
// field), with a note that says so.
#include "engine/engine.h"
#include "scenario/scenario.h"

#include <QHash>
#include <QWidget>
#include <functional>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QGroupBox;
class QLabel;
class QSpinBox;

namespace tl::ui {

class ParameterForm : public QWidget {
    Q_OBJECT
public:
    explicit ParameterForm(QWidget* parent = nullptr);
    ~ParameterForm() override;

    // The scenario must outlive the form (the main window keeps the bundled ones).
    void setScenario(const Scenario* scenario, const ParamValues& values);
    const Scenario* scenario() const { return m_scenario; }

    // The last values that passed validation, for every parameter.
    ParamValues values() const { return m_values; }
    bool isValid() const { return m_error.isEmpty(); }
    QString errorText() const { return m_error; }
    // What the form corrected last: a value out of its field's range is set to the nearest
    // allowed one when it is entered ("Workers: 100000 is above the maximum 64, so it is now
    // 64."), the same rule in every field. Empty once another value is entered.
    QString noteText() const { return m_note; }
    // Sets one parameter from text as --set does; false (and the message shown) if invalid.
    bool setValueText(const QString& name, const QString& text);

    RunOptions runOptions() const;
    void setRunOptions(const RunOptions& options);

    // Another program's trace is on show: the form is disabled under a note that says so
    // ("Showing node.json, opened from a file: ..."), since no parameters made it. An empty
    // name (a scenario picked, a run's trace) enables it again.
    void showOpenedTrace(const QString& file);
    QString openedTraceNote() const;

    // The editor of a parameter (a QSpinBox, DurationEdit, QComboBox or QCheckBox).
    QWidget* editor(const QString& name) const { return m_editors.value(name); }

public slots:
    void resetToDefaults();
    void newSeed();

signals:
    // A value, or whether the form is valid, really changed (leaving a field unchanged does
    // not count).
    void valuesChanged();
    void runOptionsChanged();
    // Enter in a field: run with what is in the form now.
    void runRequested();

protected:
    void keyPressEvent(QKeyEvent* event) override;

private:
    struct Row {
        QWidget* editor = nullptr;
        std::function<QString()> text;              // the editor's value as --set text
        std::function<void(const ExprValue&)> show; // puts a value into the editor
    };
    Row makeInt(const ParamSpec& p);
    Row makeDuration(const ParamSpec& p);
    Row makeChoice(const ParamSpec& p);
    Row makeBool(const ParamSpec& p);
    void rebuild(const ParamValues& values);
    void validate();
    void showError(const QString& message, const QString& name);
    void setNote(const QString& note);
    void updateMessage();

    const Scenario* m_scenario = nullptr;
    ParamValues m_values;
    QString m_error;
    QString m_note;
    QHash<QString, QWidget*> m_editors;
    std::vector<std::pair<std::string, Row>> m_rows;

    QLabel* m_openedNote;
    QWidget* m_fields;
    QGroupBox* m_paramBox;
    QFormLayout* m_paramLayout;
    QLabel* m_errorLabel;
    QComboBox* m_engine;
    QSpinBox* m_cores;
    QSpinBox* m_seed;
};

} // namespace tl::ui
