#include "panels/durationedit.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHBoxLayout>

#include <algorithm>
#include <cmath>

namespace tl::ui {

namespace {
constexpr Time kUnits[] = {1, 1'000, 1'000'000, 1'000'000'000};
const char* const kUnitSpelling[] = {"ns", "us", "ms", "s"};
// Wide enough for any duration a scenario allows (10 s) in any unit, nanoseconds included
// (10^10 ns), with room to spare: the range check itself is the scenario's, so an entry out of
// its range gets the scenario's message instead of being cut to the field's maximum.
constexpr double kMaxNumber = 1e12;
// The decimals a value shows at least: "3.000 ms" reads as the milliseconds the scenario files
// mostly use.
constexpr int kMinDecimals = 3;

int unitIndex(int index) {
    return std::clamp(index, 0, 3);
}

// The number field: sized for the values people type, not for its huge maximum, and
// showing the extra decimals of an exact conversion (1.5 µs in ms: 0.0015) without
// trailing zeros beyond the usual three.
class NumberField : public QDoubleSpinBox {
public:
    using QDoubleSpinBox::QDoubleSpinBox;
    QSize sizeHint() const override {
        // As wide as for nine digits before the point: the field's maximum has three more,
        // which no scenario's range needs in the units it is shown in.
        QSize s = QDoubleSpinBox::sizeHint();
        s.setWidth(std::max(minimumWidth(),
                            s.width() - fontMetrics().horizontalAdvance(QStringLiteral("000"))));
        return s;
    }
    QString textFromValue(double value) const override {
        QString text = locale().toString(value, 'f', decimals());
        const qsizetype dot = text.indexOf(locale().decimalPoint());
        if (dot >= 0)
            while (text.size() > dot + 1 + kMinDecimals && text.endsWith(QLatin1Char('0')))
                text.chop(1);
        if (!isGroupSeparatorShown()) text.remove(locale().groupSeparator());
        return text;
    }
};
} // namespace

DurationEdit::DurationEdit(QWidget* parent) : QWidget(parent) {
    m_number = new NumberField(this);
    m_number->setRange(0, kMaxNumber);
    m_number->setDecimals(kMinDecimals);
    m_number->setKeyboardTracking(false);
    m_number->setAccelerated(true);
    m_number->setAlignment(Qt::AlignRight);
    // A docked form needs the field narrow, and typical values have five or six characters.
    m_number->setMinimumWidth(fontMetrics().horizontalAdvance(QStringLiteral("00000.000")) + 28);
    m_unit = new QComboBox(this);
    m_unit->addItems(
        {QStringLiteral("ns"), QStringLiteral("µs"), QStringLiteral("ms"), QStringLiteral("s")});
    m_unit->setCurrentIndex(m_shownUnit); // ms: the unit of most scenario defaults
    m_unit->setToolTip(tr("Unit: nanoseconds, microseconds, milliseconds or seconds. Choosing "
                          "another unit converts the number: 3 ms becomes 0.003 s."));
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
    if (ns == 0) unit = m_shownUnit;
    showIn(ns, unit);
    emit valueChanged();
}

void DurationEdit::showIn(Time ns, int unit) {
    int decimals = unit == 0 ? 0 : kMinDecimals;
    // Exact: as many decimals as the conversion needs (1.5 µs is 0.0015 ms), down to the
    // nanosecond at most (9 decimals for seconds). `step` is what the last decimal stands for.
    for (Time step = kUnits[unit] / 1000; step > 1 && ns % step != 0; step /= 10)
        ++decimals;
    const QSignalBlocker blockUnit(m_unit);
    const QSignalBlocker blockNumber(m_number);
    m_unit->setCurrentIndex(unit);
    m_shownUnit = unit;
    m_number->setDecimals(decimals);
    m_number->setValue(double(ns) / double(kUnits[unit]));
}

Time DurationEdit::value() const {
    return Time(std::llround(m_number->value() * double(kUnits[unitIndex(m_shownUnit)])));
}

QString DurationEdit::text() const {
    return textOf(QString::number(m_number->value(), 'f', m_number->decimals()));
}

QString DurationEdit::textOf(const QString& number) const {
    return number.trimmed() + QLatin1String(kUnitSpelling[unitIndex(m_shownUnit)]);
}

void DurationEdit::unitChanged(int index) {
    // The duration stays what it was; only the unit it is read in changes. (Keeping the
    // number instead turned a 3 ms think time into 3 s, and a run into a long wait.)
    const Time ns = value();
    showIn(ns, unitIndex(index));
    emit valueChanged();
}

} // namespace tl::ui
