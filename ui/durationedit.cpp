#include "durationedit.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHBoxLayout>

#include <cmath>

namespace tl::ui {

namespace {
constexpr Time kUnits[] = {1, 1'000, 1'000'000, 1'000'000'000};
const char* const kUnitSpelling[] = {"ns", "us", "ms", "s"};
} // namespace

DurationEdit::DurationEdit(QWidget* parent) : QWidget(parent) {
    m_number = new QDoubleSpinBox(this);
    // Wide enough for any value a scenario allows (10 s = 10000 ms) in any unit; the range
    // check itself is the scenario's, so an out-of-range entry gets its exact message.
    m_number->setRange(0, 999'999'999);
    m_number->setDecimals(3);
    m_number->setKeyboardTracking(false);
    m_number->setAccelerated(true);
    m_number->setAlignment(Qt::AlignRight);
    // The spin box sizes itself for its largest value (nine digits and decimals); a docked
    // form needs it narrower, and typical values have five or six characters.
    m_number->setMinimumWidth(fontMetrics().horizontalAdvance(QStringLiteral("00000.000")) + 28);
    m_unit = new QComboBox(this);
    m_unit->addItems(
        {QStringLiteral("ns"), QStringLiteral("µs"), QStringLiteral("ms"), QStringLiteral("s")});
    m_unit->setCurrentIndex(2); // ms: the unit of most scenario defaults
    m_unit->setToolTip(tr("Unit: nanoseconds, microseconds, milliseconds or seconds"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(m_number, 1);
    layout->addWidget(m_unit);
    setFocusProxy(m_number);

    connect(m_number, &QDoubleSpinBox::valueChanged, this, &DurationEdit::valueChanged);
    connect(m_number, &QDoubleSpinBox::editingFinished, this, &DurationEdit::editingFinished);
    connect(m_unit, &QComboBox::currentIndexChanged, this, &DurationEdit::unitChanged);
}

Time DurationEdit::unitSize() const {
    return kUnits[std::clamp(m_unit->currentIndex(), 0, 3)];
}

void DurationEdit::setValue(Time ns) {
    int unit = 0;
    for (int u = 3; u >= 0; --u) {
        // The largest unit in which the value is at least 1 and needs no more than three
        // decimals.
        if (ns >= kUnits[u] && (ns * 1000) % kUnits[u] == 0) {
            unit = u;
            break;
        }
    }
    if (ns == 0) unit = m_unit->currentIndex();
    const QSignalBlocker blockUnit(m_unit);
    const QSignalBlocker blockNumber(m_number);
    m_unit->setCurrentIndex(unit);
    m_number->setDecimals(unit == 0 ? 0 : 3);
    m_number->setValue(double(ns) / double(kUnits[unit]));
    emit valueChanged();
}

Time DurationEdit::value() const {
    return Time(std::llround(m_number->value() * double(unitSize())));
}

QString DurationEdit::text() const {
    const int unit = std::clamp(m_unit->currentIndex(), 0, 3);
    return QString::number(m_number->value(), 'f', unit == 0 ? 0 : 3) +
           QLatin1String(kUnitSpelling[unit]);
}

void DurationEdit::unitChanged(int index) {
    // Changing the unit keeps the number (3 ms -> 3 µs): that is what the user sees and
    // means to change; converting would leave the number jumping instead.
    m_number->setDecimals(index == 0 ? 0 : 3);
    emit valueChanged();
}

} // namespace tl::ui
