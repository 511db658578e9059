#include "data/demo_scene_renderer.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <cmath>
#include <stdexcept>
#include <vector>

namespace vlmprobe {

namespace {

// Sub-pixel precision for the drawing calls: coordinates are passed in units of 1/16 pixel.
constexpr int kShiftBits = 4;
constexpr double kShiftScale = 1 << kShiftBits;

int fixedPoint(double value)
{
    return static_cast<int>(std::lround(value * kShiftScale));
}

cv::Scalar toBgr(const DemoRgb& rgb)
{
    return { static_cast<double>(rgb.blue), static_cast<double>(rgb.green), static_cast<double>(rgb.red) };
}

void drawShape(cv::Mat& canvas, const DemoShape& shape)
{
    const cv::Scalar colour = toBgr(demoColourRgb(shape.colour));
    if (shape.kind == DemoShapeKind::Circle) {
        cv::circle(canvas, { fixedPoint(shape.centreX), fixedPoint(shape.centreY) },
            fixedPoint(demoCircumradius(shape)), colour, cv::FILLED, cv::LINE_AA, kShiftBits);
        return;
    }
    std::vector<cv::Point> corners;
    for (const DemoPoint& point : demoPolygon(shape))
        corners.emplace_back(fixedPoint(point.x), fixedPoint(point.y));
    const std::vector<std::vector<cv::Point>> polygons { corners };
    cv::fillPoly(canvas, polygons, colour, cv::LINE_AA, kShiftBits);
}

} // namespace

QByteArray DemoSceneRenderer::renderPng(const DemoScene& scene)
{
    if (scene.width <= 0 || scene.height <= 0)
        throw std::runtime_error("demo scene has no pixels");
    cv::Mat canvas(scene.height, scene.width, CV_8UC3, toBgr(scene.background));
    for (const DemoShape& shape : scene.shapes)
        drawShape(canvas, shape);

    std::vector<uchar> encoded;
    const std::vector<int> parameters { cv::IMWRITE_PNG_COMPRESSION, 6 };
    if (!cv::imencode(".png", canvas, encoded, parameters))
        throw std::runtime_error("could not encode the demo scene as PNG");
    return { reinterpret_cast<const char*>(encoded.data()), static_cast<qsizetype>(encoded.size()) };
}

} // namespace vlmprobe
