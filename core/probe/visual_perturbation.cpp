#include "probe/visual_perturbation.h"

#include "probe/probe_error.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QImageReader>
#include <QJsonArray>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <array>
#include <cmath>
#include <vector>

namespace vlmprobe {

namespace {

// One recipe being read: every accessor throws a ProbeError that names the kind and the key at fault.
class Recipe {
public:
    Recipe(ConditionKind kind, const QJsonObject& json)
        : m_kind(kind)
        , m_json(json)
    {
    }

    [[noreturn]] void fail(const QString& what) const
    {
        throw ProbeError(conditionKindName(m_kind) + QStringLiteral(" recipe: ") + what);
    }

    bool has(const QString& key) const { return m_json.contains(key) && !m_json.value(key).isNull(); }

    double number(const QString& key, double min, double max) const
    {
        if (!has(key))
            fail(QStringLiteral("\"%1\" is missing").arg(key));
        return checkedNumber(m_json.value(key), key, min, max);
    }

    double number(const QString& key, double min, double max, double fallback) const
    {
        return has(key) ? number(key, min, max) : fallback;
    }

    int integer(const QString& key, double min, double max) const { return toInteger(number(key, min, max), key); }

    double checkedNumber(const QJsonValue& value, const QString& key, double min, double max) const
    {
        const double number = value.toDouble(std::nan(""));
        if (!value.isDouble() || !std::isfinite(number) || number < min || number > max)
            fail(QStringLiteral("\"%1\" must be a number in %2..%3").arg(key).arg(min).arg(max));
        return number;
    }

    int toInteger(double number, const QString& key) const
    {
        if (number != std::floor(number))
            fail(QStringLiteral("\"%1\" must be a whole number").arg(key));
        return static_cast<int>(number);
    }

    // [v0, v1, ...] of exactly `count` whole numbers.
    std::vector<int> integers(const QJsonValue& value, qsizetype count, const QString& key) const
    {
        const QJsonArray array = value.toArray();
        if (!value.isArray() || array.size() != count)
            fail(QStringLiteral("\"%1\" must be an array of %2 numbers").arg(key).arg(count));
        std::vector<int> result;
        for (const QJsonValue& item : array)
            result.push_back(toInteger(checkedNumber(item, key, -1e6, 1e6), key));
        return result;
    }

    // "#rrggbb" as an OpenCV BGR colour.
    cv::Scalar colour(const QString& key, const QString& fallback) const
    {
        const QJsonValue value = m_json.value(key);
        if (has(key) && !value.isString())
            fail(QStringLiteral("\"%1\" must be a colour \"#rrggbb\"").arg(key));
        const QString text = has(key) ? value.toString() : fallback;
        bool ok = text.size() == 7 && text.startsWith(u'#');
        const uint rgb = ok ? text.mid(1).toUInt(&ok, 16) : 0;
        if (!ok)
            fail(QStringLiteral("\"%1\" must be a colour \"#rrggbb\", not \"%2\"").arg(key, text));
        return { double(rgb & 0xff), double((rgb >> 8) & 0xff), double((rgb >> 16) & 0xff) };
    }

    const QJsonObject& json() const { return m_json; }

private:
    ConditionKind m_kind;
    QJsonObject m_json;
};

cv::Mat decode(const StoredImage& source)
{
    QBuffer buffer;
    buffer.setData(source.bytes);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer);
    const QSize size = reader.size();
    if (source.bytes.isEmpty() || !size.isValid())
        throw ProbeError(QStringLiteral("cannot perturb image: the bytes are not a decodable image"));
    if (size.width() > kMaxPerturbationSide || size.height() > kMaxPerturbationSide
        || qint64(size.width()) * size.height() > kMaxPerturbationPixels)
        throw ProbeError(QStringLiteral("cannot perturb image: %1x%2 pixels is more than the %3 allowed")
                             .arg(size.width())
                             .arg(size.height())
                             .arg(kMaxPerturbationPixels));
    const cv::Mat encoded(1, static_cast<int>(source.bytes.size()), CV_8UC1,
        const_cast<char*>(source.bytes.constData())); // read only: imdecode does not write its input
    cv::Mat image = cv::imdecode(encoded, cv::IMREAD_COLOR);
    if (image.empty())
        throw ProbeError(QStringLiteral("cannot perturb image: OpenCV cannot decode its %1 bytes")
                             .arg(source.format.isEmpty() ? QStringLiteral("image") : source.format));
    return image;
}

cv::Mat blur(const cv::Mat& image, const Recipe& recipe)
{
    const double sigma = recipe.number(QStringLiteral("sigma"), 1e-3, 100.0);
    cv::Mat out;
    cv::GaussianBlur(image, out, cv::Size(0, 0), sigma, sigma, cv::BORDER_REFLECT_101);
    return out;
}

cv::Mat noise(const cv::Mat& image, const Recipe& recipe)
{
    const double stddev = recipe.number(QStringLiteral("stddev"), 0.0, 255.0);
    const double seed = recipe.number(QStringLiteral("seed"), 0.0, 4294967295.0, 0.0);
    if (seed != std::floor(seed))
        recipe.fail(QStringLiteral("\"seed\" must be a whole number"));
    cv::RNG rng(static_cast<std::uint64_t>(seed));
    cv::Mat values;
    image.convertTo(values, CV_32FC3);
    cv::Mat gaussian(image.size(), CV_32FC3);
    rng.fill(gaussian, cv::RNG::NORMAL, 0.0, stddev);
    values += gaussian;
    cv::Mat out;
    values.convertTo(out, CV_8UC3);
    return out;
}

cv::Rect centred(const cv::Size& size, double widthFraction, double heightFraction)
{
    const int width = std::max(1, static_cast<int>(std::lround(size.width * widthFraction)));
    const int height = std::max(1, static_cast<int>(std::lround(size.height * heightFraction)));
    return { (size.width - width) / 2, (size.height - height) / 2, width, height };
}

cv::Mat occlude(const cv::Mat& image, const Recipe& recipe)
{
    const QString rectsKey = QStringLiteral("rects");
    const QString strokesKey = QStringLiteral("strokes");
    const QString coverageKey = QStringLiteral("coverage");
    if (!recipe.has(rectsKey) && !recipe.has(strokesKey) && !recipe.has(coverageKey))
        recipe.fail(QStringLiteral("needs \"rects\", \"strokes\" or \"coverage\""));
    for (const QString& key : { rectsKey, strokesKey }) {
        if (recipe.has(key) && !recipe.json().value(key).isArray())
            recipe.fail(QStringLiteral("\"%1\" must be an array").arg(key));
    }
    const cv::Scalar colour = recipe.colour(QStringLiteral("color"), QStringLiteral("#000000"));
    cv::Mat out = image.clone();
    if (recipe.has(coverageKey)) {
        const double side = std::sqrt(recipe.number(coverageKey, 0.0, 1.0));
        if (side > 0.0)
            cv::rectangle(out, centred(out.size(), side, side), colour, cv::FILLED);
    }
    for (const QJsonValue& value : recipe.json().value(rectsKey).toArray()) {
        const std::vector<int> r = recipe.integers(value, 4, rectsKey);
        if (r[2] <= 0 || r[3] <= 0)
            recipe.fail(QStringLiteral("a rectangle needs a positive width and height"));
        cv::rectangle(out, cv::Rect(r[0], r[1], r[2], r[3]), colour, cv::FILLED);
    }
    for (const QJsonValue& value : recipe.json().value(strokesKey).toArray()) {
        const QJsonObject stroke = value.toObject();
        const double width
            = recipe.checkedNumber(stroke.value(QStringLiteral("width")), QStringLiteral("width"), 1, 4096);
        const int thickness = std::max(1, static_cast<int>(std::lround(width)));
        std::vector<cv::Point> points;
        for (const QJsonValue& point : stroke.value(QStringLiteral("points")).toArray()) {
            const std::vector<int> p = recipe.integers(point, 2, QStringLiteral("points"));
            points.emplace_back(p[0], p[1]);
        }
        if (points.empty())
            recipe.fail(QStringLiteral("a stroke needs at least one point"));
        if (points.size() == 1)
            cv::circle(out, points.front(), thickness / 2, colour, cv::FILLED);
        for (std::size_t i = 1; i < points.size(); ++i)
            cv::line(out, points[i - 1], points[i], colour, thickness, cv::LINE_8);
    }
    return out;
}

cv::Mat crop(const cv::Mat& image, const Recipe& recipe)
{
    cv::Rect rect;
    if (recipe.has(QStringLiteral("rect"))) {
        const std::vector<int> r
            = recipe.integers(recipe.json().value(QStringLiteral("rect")), 4, QStringLiteral("rect"));
        rect = cv::Rect(r[0], r[1], r[2], r[3]);
        if (r[2] <= 0 || r[3] <= 0 || r[0] < 0 || r[1] < 0 || r[0] + r[2] > image.cols || r[1] + r[3] > image.rows)
            recipe.fail(QStringLiteral("rect [%1, %2, %3, %4] is not a non-empty part of the %5x%6 image")
                            .arg(r[0])
                            .arg(r[1])
                            .arg(r[2])
                            .arg(r[3])
                            .arg(image.cols)
                            .arg(image.rows));
    } else {
        const double fraction = recipe.number(QStringLiteral("fraction"), 1e-6, 1.0);
        rect = centred(image.size(), fraction, fraction);
    }
    return image(rect).clone();
}

cv::Mat rotate(const cv::Mat& image, const Recipe& recipe)
{
    const double degrees = recipe.number(QStringLiteral("degrees"), -3600.0, 3600.0);
    const cv::Scalar fill = recipe.colour(QStringLiteral("fill"), QStringLiteral("#000000"));
    const double turned = std::fmod(std::fmod(degrees, 360.0) + 360.0, 360.0);
    cv::Mat out;
    if (turned == 0.0)
        return image.clone();
    if (turned == 90.0 || turned == 180.0 || turned == 270.0) {
        const int code = turned == 90.0 ? cv::ROTATE_90_COUNTERCLOCKWISE
            : turned == 180.0           ? cv::ROTATE_180
                                        : cv::ROTATE_90_CLOCKWISE;
        cv::rotate(image, out, code);
        return out;
    }
    const cv::Point2f centre((image.cols - 1) / 2.0F, (image.rows - 1) / 2.0F);
    cv::Mat matrix = cv::getRotationMatrix2D(centre, turned, 1.0);
    const double cosine = std::abs(matrix.at<double>(0, 0));
    const double sine = std::abs(matrix.at<double>(0, 1));
    // The tiny slack keeps floating-point error from growing the canvas by a pixel.
    const int width = static_cast<int>(std::ceil(image.rows * sine + image.cols * cosine - 1e-6));
    const int height = static_cast<int>(std::ceil(image.rows * cosine + image.cols * sine - 1e-6));
    matrix.at<double>(0, 2) += (width - 1) / 2.0 - centre.x;
    matrix.at<double>(1, 2) += (height - 1) / 2.0 - centre.y;
    cv::warpAffine(image, out, matrix, cv::Size(width, height), cv::INTER_LINEAR, cv::BORDER_CONSTANT, fill);
    return out;
}

cv::Mat brightnessContrast(const cv::Mat& image, const Recipe& recipe)
{
    if (!recipe.has(QStringLiteral("brightness")) && !recipe.has(QStringLiteral("contrast")))
        recipe.fail(QStringLiteral("needs \"brightness\" or \"contrast\""));
    const double brightness = recipe.number(QStringLiteral("brightness"), -1.0, 1.0, 0.0);
    const double contrast = recipe.number(QStringLiteral("contrast"), 0.0, 3.0, 1.0);
    cv::Mat out;
    image.convertTo(out, -1, contrast, 127.5 * (1.0 - contrast) + 255.0 * brightness);
    return out;
}

cv::Mat overlay(const cv::Mat& image, const Recipe& recipe)
{
    const QJsonValue textValue = recipe.json().value(QStringLiteral("text"));
    if (!textValue.isString() || textValue.toString().trimmed().isEmpty())
        recipe.fail(QStringLiteral("\"text\" must be a non-empty string"));
    const double relative = recipe.number(QStringLiteral("relativeSize"), 1e-3, 1.0, 0.1);
    const double size = recipe.number(QStringLiteral("size"), 1.0, 4.0 * image.rows, relative * image.rows);
    const int x = recipe.toInteger(
        recipe.number(QStringLiteral("x"), -1e6, 1e6, std::lround(image.cols * 0.05)), QStringLiteral("x"));
    const int y = recipe.toInteger(
        recipe.number(QStringLiteral("y"), -1e6, 1e6, std::lround(image.rows * 0.95)), QStringLiteral("y"));
    const cv::Scalar colour = recipe.colour(QStringLiteral("color"), QStringLiteral("#ff0000"));
    const int thickness = std::max(1, static_cast<int>(std::lround(size / 10.0)));
    const int pixels = std::max(1, static_cast<int>(std::lround(size)));
    const double scale = cv::getFontScaleFromHeight(cv::FONT_HERSHEY_SIMPLEX, pixels, thickness);
    cv::Mat out = image.clone();
    // Hershey fonts draw ASCII only; other characters come out as '?'.
    cv::putText(out, textValue.toString().toStdString(), cv::Point(x, y), cv::FONT_HERSHEY_SIMPLEX, scale, colour,
        thickness, cv::LINE_AA);
    return out;
}

StoredImage encode(const cv::Mat& image, bool jpeg, int quality)
{
    std::vector<uchar> bytes;
    const bool ok = jpeg ? cv::imencode(".jpg", image, bytes, { cv::IMWRITE_JPEG_QUALITY, quality })
                         : cv::imencode(".png", image, bytes, { cv::IMWRITE_PNG_COMPRESSION, 6 });
    if (!ok || bytes.empty())
        throw ProbeError(QStringLiteral("cannot encode the perturbed image"));
    StoredImage result;
    result.bytes = QByteArray(reinterpret_cast<const char*>(bytes.data()), static_cast<qsizetype>(bytes.size()));
    result.sha256 = QString::fromLatin1(QCryptographicHash::hash(result.bytes, QCryptographicHash::Sha256).toHex());
    result.format = jpeg ? QStringLiteral("jpeg") : QStringLiteral("png");
    result.width = image.cols;
    result.height = image.rows;
    return result;
}

} // namespace

bool isVisualKind(ConditionKind kind)
{
    switch (kind) {
    case ConditionKind::GaussianBlur:
    case ConditionKind::Noise:
    case ConditionKind::JpegQuality:
    case ConditionKind::Occlusion:
    case ConditionKind::Crop:
    case ConditionKind::Rotation:
    case ConditionKind::BrightnessContrast:
    case ConditionKind::TypographicOverlay:
        return true;
    default:
        return false;
    }
}

StoredImage applyVisualPerturbation(const StoredImage& source, ConditionKind kind, const QJsonObject& recipe)
{
    if (!isVisualKind(kind))
        throw ProbeError(QStringLiteral("%1 is not a visual condition kind").arg(conditionKindName(kind)));
    const Recipe reader(kind, recipe);
    try {
        const cv::Mat image = decode(source);
        switch (kind) {
        case ConditionKind::GaussianBlur:
            return encode(blur(image, reader), false, 0);
        case ConditionKind::Noise:
            return encode(noise(image, reader), false, 0);
        case ConditionKind::JpegQuality:
            return encode(image, true, reader.integer(QStringLiteral("quality"), 1, 100));
        case ConditionKind::Occlusion:
            return encode(occlude(image, reader), false, 0);
        case ConditionKind::Crop:
            return encode(crop(image, reader), false, 0);
        case ConditionKind::Rotation:
            return encode(rotate(image, reader), false, 0);
        case ConditionKind::BrightnessContrast:
            return encode(brightnessContrast(image, reader), false, 0);
        case ConditionKind::TypographicOverlay:
            return encode(overlay(image, reader), false, 0);
        default:
            break;
        }
    } catch (const cv::Exception& error) {
        throw ProbeError(conditionKindName(kind) + QStringLiteral(": OpenCV failed: ")
            + QString::fromStdString(error.msg).simplified());
    }
    throw ProbeError(QStringLiteral("%1 is not a visual condition kind").arg(conditionKindName(kind)));
}

QJsonObject recipeForSeverity(ConditionKind kind, int severity)
{
    if (!isVisualKind(kind))
        throw ProbeError(QStringLiteral("%1 is not a visual condition kind").arg(conditionKindName(kind)));
    if (severity < 1 || severity > 5)
        throw ProbeError(QStringLiteral("severity %1 is outside 1..5").arg(severity));
    const auto at
        = [severity](const std::array<double, 5>& levels) { return levels[static_cast<std::size_t>(severity - 1)]; };
    switch (kind) {
    case ConditionKind::GaussianBlur:
        return { { QStringLiteral("sigma"), at({ 1.0, 2.0, 3.0, 5.0, 8.0 }) } };
    case ConditionKind::Noise:
        return { { QStringLiteral("stddev"), at({ 8.0, 16.0, 32.0, 48.0, 64.0 }) }, { QStringLiteral("seed"), 0 } };
    case ConditionKind::JpegQuality:
        return { { QStringLiteral("quality"), at({ 60.0, 40.0, 20.0, 10.0, 5.0 }) } };
    case ConditionKind::Occlusion:
        return { { QStringLiteral("coverage"), at({ 0.05, 0.1, 0.2, 0.3, 0.5 }) },
            { QStringLiteral("color"), QStringLiteral("#000000") } };
    case ConditionKind::Crop:
        return { { QStringLiteral("fraction"), at({ 0.9, 0.8, 0.7, 0.6, 0.5 }) } };
    case ConditionKind::Rotation:
        return { { QStringLiteral("degrees"), at({ 5.0, 15.0, 30.0, 45.0, 90.0 }) } };
    case ConditionKind::BrightnessContrast:
        return { { QStringLiteral("brightness"), at({ -0.1, -0.2, -0.3, -0.4, -0.5 }) },
            { QStringLiteral("contrast"), at({ 0.85, 0.7, 0.55, 0.4, 0.25 }) } };
    case ConditionKind::TypographicOverlay:
        return { { QStringLiteral("relativeSize"), at({ 0.05, 0.08, 0.11, 0.14, 0.18 }) },
            { QStringLiteral("color"), QStringLiteral("#ff0000") } };
    default:
        break;
    }
    throw ProbeError(QStringLiteral("%1 is not a visual condition kind").arg(conditionKindName(kind)));
}

} // namespace vlmprobe
