#pragma once
// A duration field: a number and a unit (ns, µs, ms, s). Shows a value in the largest unit
// that keeps it exact, so "3ms" reads as 3 ms rather than 3000000 ns. Choosing another unit
// converts the number, so the duration stays what it was: 3 ms becomes 0.003 s, not 3 s.
#include "model/event.h"

#include <QWidget>

class QComboBox;
class QDoubleSpinBox;

namespace tl::ui {

class DurationEdit : public QWidget {
    Q_OBJECT
public:
    explicit DurationEdit(QWidget* parent = nullptr);

    void setValue(Time ns);
    Time value() const;
    // The value as a scenario file spells it ("1.5ms"), for setParameter.
    QString text() const;
    // `number` (as typed, in the unit shown) as a scenario file spells it.
    QString textOf(const QString& number) const;
    QDoubleSpinBox* numberField() const { return m_number; }
    QComboBox* unitField() const { return m_unit; }

signals:
    void valueChanged();
    void editingFinished();

private:
    void unitChanged(int index);
    // Shows `ns` in unit `unit` with as many decimals as it needs (at least three).
    void showIn(Time ns, int unit);

    QDoubleSpinBox* m_number;
    QComboBox* m_unit;
    int m_shownUnit = 2; // the unit the number is in: the combo's index before a change
};

} // namespace tl::ui
