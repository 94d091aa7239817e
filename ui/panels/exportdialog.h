#pragma once
// The Export Image dialog: format (PNG 1x, PNG 2x, SVG, PDF), whole trace or the visible
// range, width, title and file. It only gathers PictureOptions; the main window writes the
// picture off the GUI thread.
#include "timeline/picture.h"

#include <QDialog>

class QButtonGroup;
class QComboBox;
class QLabel;
class QLineEdit;
class QRadioButton;
class QSpinBox;

namespace tl::ui {

class ExportDialog : public QDialog {
    Q_OBJECT
public:
    enum Format { Png1x, Png2x, Svg, Pdf };

    // title: the heading to print; empty leaves the picture's own (scenario and parameters).
    ExportDialog(TimeRange whole, TimeRange visible, const QString& title,
                 QWidget* parent = nullptr);

    PictureOptions options() const;
    void setPath(const QString& path);
    QString path() const;
    void setFormat(Format f);
    Format format() const;
    void setWidth(int width);
    void setVisibleRangeOnly(bool on);

    void accept() override;

private:
    void browse();
    void formatChanged();
    QString extension() const;

    TimeRange m_visible;
    QComboBox* m_format;
    QRadioButton* m_wholeRange;
    QRadioButton* m_visibleRange;
    QSpinBox* m_width;
    QLineEdit* m_title;
    QLineEdit* m_path;
    QLabel* m_problem;
};

} // namespace tl::ui
