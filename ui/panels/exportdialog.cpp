#include "panels/exportdialog.h"

#include "common/timetext.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace tl::ui {

ExportDialog::ExportDialog(TimeRange whole, TimeRange visible, const QString& title,
                           QWidget* parent)
    : QDialog(parent), m_visible(visible) {
    setWindowTitle(tr("Export Timeline Image"));

    m_format = new QComboBox(this);
    m_format->setObjectName(QStringLiteral("format"));
    m_format->addItem(tr("PNG image"), Png1x);
    m_format->addItem(tr("PNG image, double resolution (high-DPI screens, print)"), Png2x);
    m_format->addItem(tr("SVG vector drawing"), Svg);
    m_format->addItem(tr("PDF document"), Pdf);
    m_format->setToolTip(tr("PNG for slides and chat; SVG or PDF scale without blur for "
                            "papers and further editing"));

    m_wholeRange = new QRadioButton(
        tr("&Whole run (%1 – %2)").arg(humanTime(whole.start), humanTime(whole.end)), this);
    m_wholeRange->setToolTip(tr("Everything recorded, from the start of the run to its end"));
    m_visibleRange = new QRadioButton(
        tr("&Visible range (%1 – %2)").arg(humanTime(visible.start), humanTime(visible.end)), this);
    m_visibleRange->setToolTip(tr("Only what the timeline shows now, as zoomed"));
    m_wholeRange->setChecked(true);

    m_width = new QSpinBox(this);
    m_width->setObjectName(QStringLiteral("width"));
    m_width->setRange(400, 10000);
    m_width->setSingleStep(100);
    m_width->setValue(1600);
    m_width->setSuffix(tr(" px"));
    m_width->setToolTip(tr("Width of the picture in logical pixels; the height follows from "
                           "the number of lanes"));

    m_title = new QLineEdit(title, this);
    m_title->setPlaceholderText(tr("The scenario's title and parameters"));
    m_title->setToolTip(tr("The heading printed above the lanes"));
    m_title->setClearButtonEnabled(true);

    m_path = new QLineEdit(this);
    m_path->setObjectName(QStringLiteral("path"));
    m_path->setToolTip(tr("Where to write the picture; its extension follows the format"));
    auto* browse = new QPushButton(tr("&Browse…"), this);
    browse->setToolTip(tr("Choose the file in a file dialog"));
    auto* fileRow = new QHBoxLayout;
    fileRow->addWidget(m_path, 1);
    fileRow->addWidget(browse);

    auto* rangeBox = new QVBoxLayout;
    rangeBox->addWidget(m_wholeRange);
    rangeBox->addWidget(m_visibleRange);

    auto* form = new QFormLayout;
    form->addRow(tr("&Format:"), m_format);
    form->addRow(tr("Range:"), rangeBox);
    form->addRow(tr("W&idth:"), m_width);
    form->addRow(tr("&Title:"), m_title);
    // A row holding a layout gets a label with no buddy, which would show "&" literally.
    auto* fileLabel = new QLabel(tr("F&ile:"), this);
    fileLabel->setBuddy(m_path);
    form->addRow(fileLabel, fileRow);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("&Export"));
    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("problem"));
    m_problem->hide();
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::accepted, this, &ExportDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &ExportDialog::reject);
    connect(browse, &QPushButton::clicked, this, &ExportDialog::browse);
    connect(m_format, &QComboBox::currentIndexChanged, this, &ExportDialog::formatChanged);
    setMinimumWidth(560);
}

ExportDialog::Format ExportDialog::format() const {
    return Format(m_format->currentData().toInt());
}

void ExportDialog::setFormat(Format f) {
    m_format->setCurrentIndex(std::max(0, m_format->findData(int(f))));
}

void ExportDialog::setWidth(int width) {
    m_width->setValue(width);
}

void ExportDialog::setVisibleRangeOnly(bool on) {
    (on ? m_visibleRange : m_wholeRange)->setChecked(true);
}

QString ExportDialog::extension() const {
    switch (format()) {
    case Svg:
        return QStringLiteral("svg");
    case Pdf:
        return QStringLiteral("pdf");
    default:
        return QStringLiteral("png");
    }
}

void ExportDialog::setPath(const QString& path) {
    m_problem->hide();
    m_path->setText(path);
    formatChanged();
}

QString ExportDialog::path() const {
    return m_path->text().trimmed();
}

void ExportDialog::formatChanged() {
    // Keep the file name's extension in step with the format, as a save dialog would.
    QString p = path();
    if (p.isEmpty()) return;
    const QFileInfo info(p);
    const QString wanted = extension();
    if (info.suffix().compare(wanted, Qt::CaseInsensitive) == 0) return;
    const QString base = info.suffix().isEmpty() ? p : p.left(p.size() - info.suffix().size() - 1);
    m_path->setText(base + QLatin1Char('.') + wanted);
}

void ExportDialog::browse() {
    const QString filter = format() == Svg   ? tr("SVG drawings (*.svg)")
                           : format() == Pdf ? tr("PDF documents (*.pdf)")
                                             : tr("PNG images (*.png)");
    const QString chosen =
        QFileDialog::getSaveFileName(this, tr("Export Timeline Image"), path(), filter);
    if (!chosen.isEmpty()) setPath(chosen);
}

PictureOptions ExportDialog::options() const {
    PictureOptions o;
    o.path = path().toStdString();
    o.width = m_width->value();
    o.scale = format() == Png2x ? 2.0 : 1.0;
    o.range = m_visibleRange->isChecked() ? m_visible : TimeRange{0, 0};
    o.title = m_title->text().toStdString();
    return o;
}

void ExportDialog::accept() {
    if (path().isEmpty()) {
        // Said in place rather than in another box on top of this one.
        m_problem->setText(tr("Choose a file to write the picture to."));
        m_problem->show();
        m_path->setFocus();
        return;
    }
    formatChanged();
    QDialog::accept();
}

} // namespace tl::ui
