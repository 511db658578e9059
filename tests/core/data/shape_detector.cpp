#include "shape_detector.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <array>
#include <cmath>
#include <numbers>

namespace vlmprobe::test {

namespace {

struct HueBand {
    const char* name;
    int lo; // OpenCV hue, 0..179 (degrees / 2), inclusive
    int hi;
};

// Red wraps around 0, so it has two bands.
constexpr std::array<HueBand, 7> kBands { { { "red", 0, 7 }, { "red", 170, 179 }, { "orange", 9, 19 },
    { "yellow", 20, 34 }, { "green", 40, 85 }, { "blue", 95, 128 }, { "purple", 129, 165 } } };
constexpr int kMinSaturation = 80;
constexpr int kMinValue = 60;
constexpr double kMinArea = 80.0; // square pixels; smaller blobs are anti-aliasing fringes, never shapes

QString classify(int vertices, double fillRatio)
{
    // The fill ratio against the enclosing circle is about 1 for a disc, 2/pi = 0.64 for a square and
    // 3*sqrt(3)/(4*pi) = 0.41 for an equilateral triangle; both tests must agree.
    if (vertices == 3 && fillRatio < 0.52)
        return QStringLiteral("triangle");
    if (vertices == 4 && fillRatio > 0.52 && fillRatio < 0.80)
        return QStringLiteral("square");
    if (vertices >= 5 && fillRatio > 0.80)
        return QStringLiteral("circle");
    return QStringLiteral("unknown");
}

} // namespace

Detection ShapeDetector::detect(const QByteArray& encoded)
{
    Detection detection;
    const cv::Mat bytes(1, static_cast<int>(encoded.size()), CV_8UC1, const_cast<char*>(encoded.constData()));
    const cv::Mat bgr = cv::imdecode(bytes, cv::IMREAD_COLOR);
    if (bgr.empty()) {
        detection.error = QStringLiteral("image does not decode");
        return detection;
    }
    detection.width = bgr.cols;
    detection.height = bgr.rows;
    cv::Mat hsv;
    cv::cvtColor(bgr, hsv, cv::COLOR_BGR2HSV);

    cv::Mat saturated;
    cv::inRange(hsv, cv::Scalar(0, kMinSaturation, kMinValue), cv::Scalar(179, 255, 255), saturated);
    cv::Mat claimed = cv::Mat::zeros(hsv.size(), CV_8UC1);

    const std::array<const char*, 6> colours { "red", "orange", "yellow", "green", "blue", "purple" };
    for (const char* colour : colours) {
        cv::Mat mask = cv::Mat::zeros(hsv.size(), CV_8UC1);
        for (const HueBand& band : kBands) {
            if (QLatin1String(band.name) != QLatin1String(colour))
                continue;
            cv::Mat part;
            cv::inRange(hsv, cv::Scalar(band.lo, kMinSaturation, kMinValue), cv::Scalar(band.hi, 255, 255), part);
            mask |= part;
        }
        claimed |= mask;

        std::vector<std::vector<cv::Point>> contours;
        cv::findContours(mask, contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_NONE);
        for (const std::vector<cv::Point>& contour : contours) {
            const double area = cv::contourArea(contour);
            if (area < kMinArea)
                continue;
            std::vector<cv::Point> polygon;
            cv::approxPolyDP(contour, polygon, 0.02 * cv::arcLength(contour, true), true);
            cv::Point2f circleCentre;
            float circleRadius = 0.0F;
            cv::minEnclosingCircle(contour, circleCentre, circleRadius);
            const cv::Moments moments = cv::moments(contour);

            DetectedShape shape;
            shape.colour = QLatin1String(colour);
            shape.area = area;
            shape.centreX = moments.m10 / moments.m00;
            shape.centreY = moments.m01 / moments.m00;
            shape.vertices = static_cast<int>(polygon.size());
            shape.fillRatio = area / (std::numbers::pi * circleRadius * circleRadius);
            shape.kind = classify(shape.vertices, shape.fillRatio);
            detection.shapes.push_back(shape);
        }
    }

    // Saturated pixels that no hue band claims would mean a colour the oracle cannot name.
    cv::Mat unclaimed = saturated & ~claimed;
    if (cv::countNonZero(unclaimed) > 0)
        detection.error = QStringLiteral("%1 saturated pixels have no colour name").arg(cv::countNonZero(unclaimed));
    return detection;
}

} // namespace vlmprobe::test
