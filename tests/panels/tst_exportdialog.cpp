// The Export Image dialog gathers PictureOptions: format and scale, range, width, title, and
// a path whose extension follows the format.
#include "panels/exportdialog.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QtTest>

using namespace tl;
using namespace tl::ui;

class TestExportDialog : public QObject {
    Q_OBJECT
private slots:
    void formatDecidesExtensionAndScale_data();
    void formatDecidesExtensionAndScale();
    void rangeChoice();
    void emptyPathIsNotAccepted();
};

void TestExportDialog::formatDecidesExtensionAndScale_data() {
    QTest::addColumn<int>("format");
    QTest::addColumn<QString>("path");
    QTest::addColumn<double>("scale");
    QTest::newRow("png") << int(ExportDialog::Png1x) << "/tmp/a/run.png" << 1.0;
    QTest::newRow("png 2x") << int(ExportDialog::Png2x) << "/tmp/a/run.png" << 2.0;
    QTest::newRow("svg") << int(ExportDialog::Svg) << "/tmp/a/run.svg" << 1.0;
    QTest::newRow("pdf") << int(ExportDialog::Pdf) << "/tmp/a/run.pdf" << 1.0;
}

void TestExportDialog::formatDecidesExtensionAndScale() {
    QFETCH(int, format);
    QFETCH(QString, path);
    QFETCH(double, scale);
    ExportDialog dialog({0, 1000}, {100, 400}, QString());
    dialog.setPath(QStringLiteral("/tmp/a/run.png"));
    dialog.setFormat(ExportDialog::Format(format));
    QCOMPARE(dialog.path(), path);
    const PictureOptions o = dialog.options();
    QCOMPARE(QString::fromStdString(o.path), path);
    QCOMPARE(o.scale, scale);
    QCOMPARE(o.width, 1600);
    QVERIFY(o.title.empty()); // the picture's own heading
}

void TestExportDialog::rangeChoice() {
    ExportDialog dialog({0, 1000}, {100, 400}, QStringLiteral("My figure"));
    dialog.setPath(QStringLiteral("/tmp/x"));
    QCOMPARE(dialog.path(), QStringLiteral("/tmp/x.png")); // an extension is added
    dialog.setWidth(800);
    QCOMPARE(dialog.options().range, (TimeRange{0, 0})); // whole run
    dialog.setVisibleRangeOnly(true);
    QCOMPARE(dialog.options().range, (TimeRange{100, 400}));
    QCOMPARE(dialog.options().width, 800);
    QCOMPARE(dialog.options().title, std::string("My figure"));
}

void TestExportDialog::emptyPathIsNotAccepted() {
    ExportDialog dialog({0, 1000}, {0, 1000}, QString());
    dialog.show();
    dialog.accept();
    QVERIFY(dialog.isVisible());
    QVERIFY(dialog.findChild<QLabel*>(QStringLiteral("problem"))->isVisible());
    dialog.setPath(QStringLiteral("/tmp/ok.svg"));
    QCOMPARE(dialog.format(), ExportDialog::Png1x); // the path follows the format
    QCOMPARE(dialog.path(), QStringLiteral("/tmp/ok.png"));
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
}

QTEST_MAIN(TestExportDialog)
#include "tst_exportdialog.moc"
