#include "panels/parameterform.h"

#include "common/glyphicons.h"
#include "model/timefmt.h"
#include "panels/durationedit.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSlider>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

#include <climits>
#include <cmath>
#include <optional>

namespace tl::ui {

namespace {

// QSpinBox refuses a keystroke that would take the number out of range, so the user never
// learns why "100" cannot be typed into "Workers". This one lets it show, the form says what
// is wrong, and leaving the field corrects it to the nearest allowed value.
class IntSpinBox : public QSpinBox {
public:
    using QSpinBox::QSpinBox;
    QValidator::State validate(QString& text, int& pos) const override {
        const QValidator::State state = QSpinBox::validate(text, pos);
        if (state != QValidator::Invalid) return state;
        bool number = false;
        text.trimmed().toLongLong(&number);
        return number ? QValidator::Intermediate : state;
    }
    // QSpinBox's own correction clamps zero, not the typed number: 100 would become 1.
    void fixup(QString& input) const override {
        bool number = false;
        const qlonglong v = input.trimmed().toLongLong(&number);
        if (!number) return;
        const qlonglong clamped = std::clamp<qlonglong>(v, minimum(), maximum());
        if (clamped != v) clampedFrom = v; // the form says so once the value is taken
        input = QString::number(clamped);
    }
    // The typed number that the last correction replaced; the form takes it to say so.
    mutable std::optional<qlonglong> clampedFrom;
};

int toInt(std::int64_t v) {
    return int(std::clamp<std::int64_t>(v, INT_MIN, INT_MAX));
}

// The core's messages name the parameter as the command line spells it
// ("parameter \"think\": 20s is above the maximum 10s"); the form shows its label instead.
QString friendlyMessage(const ParamSpec* p, const std::string& what) {
    QString msg = QString::fromStdString(what);
    const QString prefix =
        QStringLiteral("parameter \"%1\": ").arg(p ? QString::fromStdString(p->name) : QString());
    if (p && msg.startsWith(prefix))
        msg = QString::fromStdString(p->label.empty() ? p->name : p->label) + QStringLiteral(": ") +
              msg.mid(prefix.size());
    return msg;
}

// The rule for a number out of its field's range, the same in every field: shown as wrong
// while it is typed, and set to the nearest allowed value when it is entered. The messages
// quote the value as it was typed ("99999999 ms"), not as the command line would spell it.
QString rangeMessage(const ParamSpec& p, const QString& typed, std::int64_t value) {
    const bool above = value > p.max;
    return QObject::tr("%1: %2 is %3 %4")
        .arg(QString::fromStdString(p.label.empty() ? p.name : p.label), typed,
             above ? QObject::tr("above the maximum") : QObject::tr("below the minimum"),
             QString::fromStdString(formatParamValue(p, ExprValue::of(above ? p.max : p.min))));
}

QString clampNote(const ParamSpec& p, const QString& typed, std::int64_t value) {
    return QObject::tr("%1, so it is now %2.")
        .arg(rangeMessage(p, typed, value),
             QString::fromStdString(
                 formatParamValue(p, ExprValue::of(std::clamp(value, p.min, p.max)))));
}

// A duration as typed: the number and the unit shown beside it.
QString typedDuration(double number, const DurationEdit& edit) {
    return QString::number(number, 'g', 15) + QLatin1Char(' ') + edit.unitField()->currentText();
}

QString enterHint(const ParamSpec& p, std::int64_t typed) {
    const std::int64_t nearest = std::clamp(typed, p.min, p.max);
    return QObject::tr(" (Enter or leaving the field sets %1)")
        .arg(QString::fromStdString(formatParamValue(p, ExprValue::of(nearest))));
}

QString helpText(const ParamSpec& p) {
    QString tip = QString::fromStdString(p.help);
    if (p.type == ParamType::Int || p.type == ParamType::Duration)
        tip += QObject::tr("\nRange: %1 to %2 (a value outside is set to the nearest); "
                           "default %3")
                   .arg(QString::fromStdString(formatParamValue(p, ExprValue::of(p.min))),
                        QString::fromStdString(formatParamValue(p, ExprValue::of(p.max))),
                        QString::fromStdString(formatParamValue(p, p.def)));
    return tip;
}

// Wide ranges (1..1000000 items) get a logarithmic slider, so the small values people try
// first are not squeezed into the first pixel.
struct SliderScale {
    std::int64_t min, max;
    bool log() const { return max - min > 200; }
    int steps() const { return log() ? 1000 : int(max - min); }
    int toSlider(std::int64_t v) const {
        if (!log()) return int(v - min);
        const double lo = std::log(double(std::max<std::int64_t>(min, 1)));
        const double hi = std::log(double(max));
        const double x = std::log(double(std::max<std::int64_t>(v, 1)));
        return int(std::lround((x - lo) / (hi - lo) * steps()));
    }
    std::int64_t fromSlider(int s) const {
        if (!log()) return min + s;
        const double lo = std::log(double(std::max<std::int64_t>(min, 1)));
        const double hi = std::log(double(max));
        const auto v = std::int64_t(std::llround(std::exp(lo + (hi - lo) * s / steps())));
        return std::clamp(v, min, max);
    }
};

} // namespace

ParameterForm::ParameterForm(QWidget* parent) : QWidget(parent) {
    m_paramBox = new QGroupBox(tr("Scenario"), this);
    m_paramLayout = new QFormLayout(m_paramBox);
    m_paramLayout->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    // In a narrow window a field goes under its label rather than out of sight.
    m_paramLayout->setRowWrapPolicy(QFormLayout::WrapLongRows);

    m_errorLabel = new QLabel(this);
    m_errorLabel->setObjectName(QStringLiteral("parameterError"));
    m_errorLabel->setWordWrap(true);
    m_errorLabel->setTextFormat(Qt::PlainText);
    m_errorLabel->hide();

    auto* machineBox = new QGroupBox(tr("Machine"), this);
    auto* machine = new QFormLayout(machineBox);
    m_engine = new QComboBox(this);
    m_engine->setObjectName(QStringLiteral("engine"));
    m_engine->addItem(tr("Simulated"), int(EngineKind::Simulated));
    m_engine->addItem(tr("Real threads"), int(EngineKind::Real));
    m_engine->setToolTip(
        tr("Simulated: a deterministic model of a machine with the chosen number of cores; the "
           "same seed gives the same run, played back at the chosen speed.\nReal threads: one "
           "OS thread per scenario thread on this machine, drawn as the events arrive."));
    m_cores = new QSpinBox(this);
    m_cores->setObjectName(QStringLiteral("cores"));
    m_cores->setRange(1, 64);
    m_cores->setValue(4);
    m_cores->setToolTip(tr("Cores of the simulated machine (1-64). With more runnable threads "
                           "than cores, the rest wait for a core (runnable)."));
    m_seed = new QSpinBox(this);
    m_seed->setObjectName(QStringLiteral("seed"));
    m_seed->setRange(0, INT_MAX);
    m_seed->setValue(1);
    m_seed->setToolTip(tr("Seed of the random durations: the same seed and parameters give "
                          "the same simulated run"));
    auto* dice = new QToolButton(this);
    dice->setObjectName(QStringLiteral("newSeed"));
    dice->setIcon(glyphIcon(Glyph::NewSeed));
    dice->setToolTip(tr("Pick a new random seed"));
    auto* seedRow = new QHBoxLayout;
    seedRow->setContentsMargins(0, 0, 0, 0);
    seedRow->addWidget(m_seed, 1);
    seedRow->addWidget(dice);
    machine->addRow(tr("&Engine:"), m_engine);
    machine->addRow(tr("C&ores:"), m_cores);
    // A row holding a layout gets a label with no buddy, which would show "&" literally.
    auto* seedLabel = new QLabel(tr("S&eed:"), this);
    seedLabel->setBuddy(m_seed);
    machine->addRow(seedLabel, seedRow);

    auto* reset = new QPushButton(tr("Reset to &Defaults"), this);
    reset->setToolTip(tr("Put every parameter of this scenario back to its default"));
    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(reset);

    m_openedNote = new QLabel(this);
    m_openedNote->setObjectName(QStringLiteral("openedTraceNote"));
    m_openedNote->setWordWrap(true);
    m_openedNote->setTextFormat(Qt::PlainText);
    m_openedNote->hide();
    m_fields = new QWidget(this);
    auto* fields = new QVBoxLayout(m_fields);
    fields->setContentsMargins(0, 0, 0, 0);
    fields->addWidget(m_paramBox);
    fields->addWidget(m_errorLabel);
    fields->addWidget(machineBox);
    fields->addLayout(buttons);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_openedNote);
    layout->addWidget(m_fields);
    layout->addStretch(1);

    connect(m_engine, &QComboBox::currentIndexChanged, this, [this] {
        // The real engine runs on this machine's cores; the setting would only mislead.
        m_cores->setEnabled(runOptions().engine == EngineKind::Simulated);
        emit runOptionsChanged();
    });
    connect(m_cores, &QSpinBox::valueChanged, this, &ParameterForm::runOptionsChanged);
    connect(m_seed, &QSpinBox::valueChanged, this, &ParameterForm::runOptionsChanged);
    connect(dice, &QToolButton::clicked, this, &ParameterForm::newSeed);
    connect(reset, &QPushButton::clicked, this, &ParameterForm::resetToDefaults);
}

void ParameterForm::showOpenedTrace(const QString& file) {
    m_openedNote->setText(
        file.isEmpty() ? QString()
                       : tr("Showing %1, another program's trace opened from a file: no scenario "
                            "and no parameters made it. Pick a scenario to use these again.")
                             .arg(file));
    m_openedNote->setVisible(!file.isEmpty());
    m_fields->setEnabled(file.isEmpty());
}

QString ParameterForm::openedTraceNote() const {
    return m_openedNote->text();
}

void ParameterForm::setScenario(const Scenario* scenario, const ParamValues& values) {
    showOpenedTrace({}); // a scenario picked: its parameters are what is shown
    m_scenario = scenario;
    m_values = scenario ? defaultValues(*scenario) : ParamValues{};
    for (const auto& [name, value] : values)
        if (m_values.count(name)) m_values[name] = value;
    rebuild(m_values);
    validate();
    emit valuesChanged(); // another scenario: its values, even when they compare equal
}

ParameterForm::~ParameterForm() {
    // A focused spin box reports editingFinished while it is destroyed; by then this form is
    // half gone, so its editors must not reach it any more.
    for (QObject* child : findChildren<QObject*>())
        child->disconnect(this);
}

void ParameterForm::rebuild(const ParamValues& values) {
    // Same reason as the destructor: the old editors die below and must not validate.
    for (const auto& [name, row] : m_rows)
        for (QObject* o : row.editor->parentWidget()->findChildren<QObject*>())
            o->disconnect(this);
    m_rows.clear();
    m_editors.clear();
    while (m_paramLayout->rowCount() > 0)
        m_paramLayout->removeRow(0);
    if (!m_scenario) {
        m_paramBox->setTitle(tr("Scenario"));
        return;
    }
    m_paramBox->setTitle(tr("%1").arg(QString::fromStdString(m_scenario->title)));
    for (const ParamSpec& p : m_scenario->parameters) {
        Row row;
        switch (p.type) {
        case ParamType::Int:
            row = makeInt(p);
            break;
        case ParamType::Duration:
            row = makeDuration(p);
            break;
        case ParamType::Choice:
            row = makeChoice(p);
            break;
        case ParamType::Bool:
            row = makeBool(p);
            break;
        }
        const auto it = values.find(p.name);
        row.show(it != values.end() ? it->second : p.def);
        const QString name = QString::fromStdString(p.name);
        row.editor->setObjectName(QStringLiteral("param-") + name);
        row.editor->setToolTip(helpText(p));
        m_editors.insert(name, row.editor);
        const QString label =
            QString::fromStdString(p.label.empty() ? p.name : p.label) + QLatin1Char(':');
        if (p.type == ParamType::Bool) {
            m_paramLayout->addRow(QString(), row.editor);
        } else if (p.type == ParamType::Int && row.editor->parentWidget() != m_paramBox) {
            // An int's spin box sits in a row with its slider.
            m_paramLayout->addRow(label, row.editor->parentWidget());
            m_paramLayout->labelForField(row.editor->parentWidget())->setToolTip(helpText(p));
        } else {
            m_paramLayout->addRow(label, row.editor);
            m_paramLayout->labelForField(row.editor)->setToolTip(helpText(p));
        }
        m_rows.emplace_back(p.name, std::move(row));
    }
}

ParameterForm::Row ParameterForm::makeInt(const ParamSpec& p) {
    auto* box = new QWidget(m_paramBox);
    auto* spin = new IntSpinBox(box);
    spin->setRange(toInt(p.min), toInt(p.max));
    spin->setCorrectionMode(QAbstractSpinBox::CorrectToNearestValue);
    // Take a typed number when it is complete (Enter, Tab), not digit by digit: "12" must not
    // start a run with 1 worker on its way.
    spin->setKeyboardTracking(false);
    spin->setAccelerated(true);
    spin->setAlignment(Qt::AlignRight);
    auto* slider = new QSlider(Qt::Horizontal, box);
    const SliderScale scale{p.min, p.max};
    slider->setRange(0, scale.steps());
    slider->setObjectName(QStringLiteral("slider-") + QString::fromStdString(p.name));
    // A slider narrower than this reads as a stray box: the row wraps instead.
    slider->setMinimumWidth(fontMetrics().horizontalAdvance(QLatin1Char('0')) * 8);
    slider->setToolTip(helpText(p));
    auto* layout = new QHBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(slider, 1);
    layout->addWidget(spin);
    box->setFocusProxy(spin);

    // A number typed out of range was set to the nearest allowed one: the form says so.
    const ParamSpec* spec = &p;
    auto noteClamp = [this, spin, spec] {
        if (!spin->clampedFrom) return;
        const qlonglong typed = *spin->clampedFrom;
        spin->clampedFrom.reset();
        setNote(clampNote(*spec, QString::number(typed), typed));
    };
    // The spin box updates the slider with its signals blocked, so a value typed into it is
    // never rounded to the slider's coarser log steps; only the user's slider moves come here.
    connect(slider, &QSlider::valueChanged, spin,
            [spin, scale](int s) { spin->setValue(toInt(scale.fromSlider(s))); });
    connect(spin, &QSpinBox::valueChanged, this, [this, slider, scale, noteClamp](int v) {
        const QSignalBlocker block(slider);
        slider->setValue(scale.toSlider(v));
        validate();
        noteClamp();
    });
    // QSpinBox silently refuses a typed value out of its range; say why while it is typed.
    if (auto* edit = spin->findChild<QLineEdit*>()) {
        connect(edit, &QLineEdit::textEdited, this, [this, spec, spin] {
            if (!m_scenario) return;
            ParamValues probe = m_values;
            try {
                setParameter(*m_scenario, probe, spec->name, spin->cleanText().toStdString());
                validate();
            } catch (const ScenarioError& e) {
                bool number = false;
                const qlonglong typed = spin->cleanText().trimmed().toLongLong(&number);
                setNote({});
                showError(number ? rangeMessage(*spec, QString::number(typed), typed) +
                                       enterHint(*spec, typed)
                                 : friendlyMessage(spec, e.what()),
                          QString::fromStdString(spec->name));
            }
        });
        // A correction back to the same value emits no valueChanged; drop the message and say
        // what was corrected anyway. (A changed value has been taken by valueChanged already.)
        connect(spin, &QSpinBox::editingFinished, this, [this, spin, noteClamp] {
            if (isValid() && !spin->clampedFrom) return;
            validate();
            noteClamp();
        });
    }
    return Row{spin, [spin] { return QString::number(spin->value()); },
               [spin, slider, scale](const ExprValue& v) {
                   const QSignalBlocker blockSpin(spin);
                   const QSignalBlocker blockSlider(slider);
                   spin->setValue(toInt(v.number));
                   slider->setValue(scale.toSlider(v.number));
               }};
}

ParameterForm::Row ParameterForm::makeDuration(const ParamSpec& p) {
    auto* edit = new DurationEdit(m_paramBox);
    const ParamSpec* spec = &p;
    // The same rule as the whole numbers': a duration out of range is set to the nearest
    // allowed one when it is entered, and the form says so.
    connect(edit, &DurationEdit::valueChanged, this, [this, edit, spec] {
        const Time v = edit->value();
        const Time nearest = std::clamp<Time>(v, spec->min, spec->max);
        if (nearest == v) {
            validate();
            return;
        }
        const QString typed = typedDuration(edit->numberField()->value(), *edit);
        {
            const QSignalBlocker block(edit);
            edit->setValue(nearest);
        }
        validate();
        setNote(clampNote(*spec, typed, v));
    });
    QDoubleSpinBox* number = edit->numberField();
    if (auto* line = number->findChild<QLineEdit*>()) {
        // While it is typed: what is wrong, and what Enter will make of it.
        connect(line, &QLineEdit::textEdited, this, [this, edit, spec, number] {
            if (!m_scenario) return;
            bool ok = false;
            const double typed = number->locale().toDouble(number->cleanText().trimmed(), &ok);
            const QString text =
                edit->textOf(ok ? QString::number(typed, 'f', number->decimals()) : QString());
            ParamValues probe = m_values;
            try {
                setParameter(*m_scenario, probe, spec->name, text.toStdString());
                validate();
            } catch (const ScenarioError& e) {
                const auto ns = parseDuration(text.toStdString());
                setNote({});
                showError(ns ? rangeMessage(*spec, typedDuration(typed, *edit), *ns) +
                                   enterHint(*spec, *ns)
                             : friendlyMessage(spec, e.what()),
                          QString::fromStdString(spec->name));
            }
        });
        connect(edit, &DurationEdit::editingFinished, this, [this] {
            if (!isValid()) validate(); // typed and then left unchanged: drop the message
        });
    }
    return Row{edit, [edit] { return edit->text(); },
               [edit](const ExprValue& v) {
                   const QSignalBlocker block(edit);
                   edit->setValue(v.number);
               }};
}

ParameterForm::Row ParameterForm::makeChoice(const ParamSpec& p) {
    auto* combo = new QComboBox(m_paramBox);
    for (const std::string& c : p.choices)
        combo->addItem(QString::fromStdString(c));
    connect(combo, &QComboBox::currentIndexChanged, this, &ParameterForm::validate);
    return Row{combo, [combo] { return combo->currentText(); },
               [combo](const ExprValue& v) {
                   const QSignalBlocker block(combo);
                   combo->setCurrentText(QString::fromStdString(v.text));
               }};
}

ParameterForm::Row ParameterForm::makeBool(const ParamSpec& p) {
    auto* check =
        new QCheckBox(QString::fromStdString(p.label.empty() ? p.name : p.label), m_paramBox);
    connect(check, &QCheckBox::toggled, this, &ParameterForm::validate);
    return Row{
        check,
        [check] { return check->isChecked() ? QStringLiteral("true") : QStringLiteral("false"); },
        [check](const ExprValue& v) {
            const QSignalBlocker block(check);
            check->setChecked(v.number != 0);
        }};
}

void ParameterForm::validate() {
    if (!m_scenario) return;
    setNote({}); // a new value: what an earlier correction said no longer applies
    const ParamValues before = m_values;
    const bool wasValid = isValid();
    ParamValues values = m_values;
    QString error, errorName;
    for (const auto& [name, row] : m_rows) {
        try {
            setParameter(*m_scenario, values, name, row.text().toStdString());
        } catch (const ScenarioError& e) {
            if (error.isEmpty()) {
                error = friendlyMessage(m_scenario->parameter(name), e.what());
                errorName = QString::fromStdString(name);
            }
        }
    }
    if (error.isEmpty()) m_values = std::move(values);
    showError(error, errorName);
    // Only a real change: leaving a field without changing it must not start a run (and
    // replace the trace being studied).
    if (m_values != before || isValid() != wasValid) emit valuesChanged();
}

void ParameterForm::showError(const QString& message, const QString& name) {
    m_error = message;
    for (auto it = m_editors.cbegin(); it != m_editors.cend(); ++it)
        it.value()->setProperty("invalid", it.key() == name && !message.isEmpty());
    updateMessage();
}

void ParameterForm::setNote(const QString& note) {
    if (note == m_note) return;
    m_note = note;
    updateMessage();
}

void ParameterForm::updateMessage() {
    // An error (the form cannot run) comes first; a note of a correction otherwise.
    const bool error = !m_error.isEmpty();
    m_errorLabel->setText(error ? QStringLiteral("⚠ ") + m_error : m_note);
    // A red that reads on both light and dark windows.
    const bool dark = palette().color(QPalette::Window).lightness() < 128;
    QPalette pal = m_errorLabel->palette();
    pal.setColor(QPalette::WindowText, !error ? palette().color(QPalette::WindowText)
                                       : dark ? QColor(0xFF, 0x8A, 0x80)
                                              : QColor(0xB3, 0x26, 0x1E));
    m_errorLabel->setPalette(pal);
    m_errorLabel->setVisible(!m_errorLabel->text().isEmpty());
}

bool ParameterForm::setValueText(const QString& name, const QString& text) {
    if (!m_scenario) return false;
    const std::string key = name.toStdString();
    ParamValues probe = m_values;
    try {
        setParameter(*m_scenario, probe, key, text.toStdString());
    } catch (const ScenarioError& e) {
        showError(friendlyMessage(m_scenario->parameter(key), e.what()), name);
        return false;
    }
    for (auto& [rowName, row] : m_rows)
        if (rowName == key) row.show(probe[key]);
    validate();
    return isValid();
}

void ParameterForm::resetToDefaults() {
    if (!m_scenario) return;
    const ParamValues defaults = defaultValues(*m_scenario);
    for (auto& [name, row] : m_rows)
        row.show(defaults.at(name));
    validate();
}

void ParameterForm::newSeed() {
    m_seed->setValue(int(QRandomGenerator::global()->bounded(1, INT_MAX)));
}

RunOptions ParameterForm::runOptions() const {
    RunOptions o;
    o.engine = EngineKind(m_engine->currentData().toInt());
    o.cores = m_cores->value();
    o.seed = std::uint64_t(m_seed->value());
    return o;
}

void ParameterForm::setRunOptions(const RunOptions& options) {
    m_engine->setCurrentIndex(std::max(0, m_engine->findData(int(options.engine))));
    m_cores->setValue(std::clamp(options.cores, 1, 64));
    m_seed->setValue(int(std::min<std::uint64_t>(options.seed, INT_MAX)));
}

void ParameterForm::keyPressEvent(QKeyEvent* event) {
    // Spin boxes pass Return on to their parent once they have taken the typed value.
    if (event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter) {
        emit runRequested();
        return;
    }
    QWidget::keyPressEvent(event);
}

} // namespace tl::ui
