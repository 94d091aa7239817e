#pragma once
// A duration field: a number and a unit (ns, µs, ms, s). Shows a value in the largest unit
// that keeps it exact, so "3ms" reads as 3 ms rather than 3000000 ns.
#include "event.h"

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
    QDoubleSpinBox* numberField() const { return m_number; }
    QComboBox* unitField() const { return m_unit; }

signals:
    void valueChanged();
    void editingFinished();

private:
    void unitChanged(int index);
    Time unitSize() const;

    QDoubleSpinBox* m_number;
    QComboBox* m_unit;
};

} // namespace tl::ui
