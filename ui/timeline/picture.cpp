#include "timeline/picture.h"

#include "common/timetext.h"
#include "format/atomicfile.h"
#include "timeline/timecoords.h"
#include "timeline/timelinepainter.h"

#include <QBuffer>
#include <QFileInfo>
#include <QGuiApplication>
#include <QImage>
#include <QImageWriter>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSvgGenerator>

#include <cmath>
#include <memory>

namespace tl::ui {

namespace {

enum class Format { Png, Svg, Pdf, Unknown };

Format formatOf(const QString& path) {
    const QString ext = QFileInfo(path).suffix().toLower();
    if (ext == QLatin1String("png")) return Format::Png;
    if (ext == QLatin1String("svg")) return Format::Svg;
    if (ext == QLatin1String("pdf")) return Format::Pdf;
    return Format::Unknown;
}

// Exports use pixel-sized fonts: the SVG and PDF devices have their own idea of points, and a
// picture must look the same in every format.
QFont pictureFont() {
    QFont f = QGuiApplication::font();
    const double pt = f.pointSizeF() > 0 ? f.pointSizeF() : 9.0;
    f.setPixelSize(std::max(11, int(std::lround(pt * 96.0 / 72.0))));
    return f;
}

bool fail(std::string* error, const QString& message) {
    if (error) *error = message.toStdString();
    return false;
}

// Writes through an AtomicFile (core/format/atomicfile.h): the picture is there whole or not at
// all, and a write that fails says why ("File too large" on a full disk), where QSaveFile's
// buffered flush reported "Unknown error" or, for SVG, nothing (a truncated file, exit 0).
// Until commit() the output is a temporary beside the target, gone if the export fails.
class AtomicDevice : public QIODevice {
public:
    explicit AtomicDevice(const std::string& path) : m_file(path) { // throws FileError
        open(QIODevice::WriteOnly | QIODevice::Unbuffered);
    }
    // The first write that failed, as "cannot write PATH: REASON"; empty when none did.
    const QString& failure() const { return m_failure; }
    bool commit() {
        if (!m_failure.isEmpty()) return false;
        try {
            m_file.commit();
            return true;
        } catch (const FileError& e) {
            m_failure = QString::fromUtf8(e.what());
            return false;
        }
    }

protected:
    qint64 readData(char*, qint64) override { return -1; }
    qint64 writeData(const char* data, qint64 size) override {
        if (!m_failure.isEmpty()) return -1;
        try {
            m_file.write(std::string_view(data, std::size_t(size)));
            return size;
        } catch (const FileError& e) {
            m_failure = QString::fromUtf8(e.what());
            setErrorString(m_failure);
            return -1;
        }
    }

private:
    AtomicFile m_file;
    QString m_failure;
};

} // namespace

bool writeTimelinePicture(const Trace& trace, const PictureOptions& options, std::string* error,
                          const Progress* progress) {
    const QString path = QString::fromStdString(options.path);
    const Format format = formatOf(path);
    if (format == Format::Unknown)
        return fail(error, QStringLiteral("cannot write %1: the picture format is chosen by the "
                                          "extension, one of .png, .svg, .pdf")
                               .arg(path));
    if (options.width < 200 || options.width > 20000)
        return fail(error, QStringLiteral("cannot write %1: width %2 is outside 200..20000 pixels")
                               .arg(path)
                               .arg(options.width));
    const TimeRange whole{0, std::max<Time>(trace.endTime(), 1)};
    TimeRange range = options.range.delta() > 0 ? options.range : whole;
    if (range.start < 0 || range.delta() <= 0)
        return fail(error, QStringLiteral("cannot write %1: the time range is empty").arg(path));

    PictureRequest request;
    request.range = range;
    request.width = options.width;
    request.font = pictureFont();
    request.title =
        options.title.empty() ? pictureTitle(trace) : QString::fromStdString(options.title);
    request.subtitle = pictureSubtitle(trace, options.parameters);
    if (options.range.delta() > 0)
        request.subtitle +=
            QStringLiteral("  \u00b7  ") +
            QObject::tr("showing %1 from %2").arg(humanTime(range.delta()), humanTime(range.start));
    request.palette = TimelinePalette::light();
    request.arrows = options.arrows;
    request.emphasisThreads = options.emphasisThreads;
    request.emphasisObjects = options.emphasisObjects;
    request.shared = options.shared;
    request.progress = progress;
    const TimelineLayout layout = pictureLayout(trace, request);
    const QSize size(options.width, int(std::ceil(layout.contentHeight)));

    std::unique_ptr<AtomicDevice> device;
    try {
        device = std::make_unique<AtomicDevice>(options.path);
    } catch (const FileError& e) {
        return fail(error, QString::fromUtf8(e.what()));
    }
    AtomicDevice& file = *device;

    bool painted = true;
    switch (format) {
    case Format::Png: {
        const double scale = options.scale >= 1.5 ? 2.0 : 1.0;
        const QSize pixels(int(std::lround(size.width() * scale)),
                           int(std::lround(size.height() * scale)));
        QImage image(pixels, QImage::Format_ARGB32_Premultiplied);
        if (image.isNull()) {
            return fail(error, QStringLiteral("cannot write %1: a %2 x %3 picture is too large "
                                              "for memory; try a smaller width or scale")
                                   .arg(path)
                                   .arg(pixels.width())
                                   .arg(pixels.height()));
        }
        image.setDevicePixelRatio(scale);
        image.fill(request.palette.background);
        {
            QPainter p(&image);
            paintPicture(p, trace, layout, request);
        }
        // Encoded in memory, then written: libpng, writing to a file that fails, would print
        // "libpng error: Write Error" and leave Qt to report "Unknown error".
        QBuffer png;
        png.open(QIODevice::WriteOnly);
        QImageWriter writer(&png, "png");
        if (!writer.write(image.convertToFormat(QImage::Format_RGB32)))
            return fail(error,
                        QStringLiteral("cannot write %1: %2").arg(path, writer.errorString()));
        file.write(png.data());
        break;
    }
    case Format::Svg: {
        QSvgGenerator svg;
        svg.setOutputDevice(&file);
        svg.setSize(size);
        svg.setViewBox(QRect(QPoint(0, 0), size));
        svg.setResolution(96);
        svg.setTitle(request.title);
        svg.setDescription(request.subtitle);
        QPainter p;
        painted = p.begin(&svg);
        if (painted) paintPicture(p, trace, layout, request);
        break;
    }
    case Format::Pdf: {
        QPdfWriter pdf(&file);
        pdf.setResolution(96);
        // One page exactly the picture's size, no margins: a figure, not a document.
        pdf.setPageSize(QPageSize(QSizeF(size.width() * 72.0 / 96.0, size.height() * 72.0 / 96.0),
                                  QPageSize::Point, QString(), QPageSize::ExactMatch));
        pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
        pdf.setTitle(request.title);
        pdf.setCreator(QStringLiteral("ThreadLens " THREADLENS_VERSION));
        QPainter p;
        painted = p.begin(&pdf);
        if (painted) paintPicture(p, trace, layout, request);
        break;
    }
    case Format::Unknown:
        break;
    }
    if (progress) progress->step(0.95); // a cancel here still leaves no file
    if (!painted && file.failure().isEmpty())
        return fail(error,
                    QStringLiteral("cannot write %1: could not paint the picture").arg(path));
    if (!file.commit()) return fail(error, file.failure());
    return true;
}

} // namespace tl::ui
