#include "data/demo_types.h"

#include <cmath>
#include <numbers>
#include <stdexcept>

namespace vlmprobe {

QString demoColourName(DemoColour colour)
{
    switch (colour) {
    case DemoColour::Red:
        return QStringLiteral("red");
    case DemoColour::Orange:
        return QStringLiteral("orange");
    case DemoColour::Yellow:
        return QStringLiteral("yellow");
    case DemoColour::Green:
        return QStringLiteral("green");
    case DemoColour::Blue:
        return QStringLiteral("blue");
    case DemoColour::Purple:
        return QStringLiteral("purple");
    }
    throw std::invalid_argument("demoColourName: unknown colour");
}

DemoRgb demoColourRgb(DemoColour colour)
{
    // Saturated and far apart in hue (about 0, 30, 50, 130, 225 and 280 degrees) so that both people and an HSV
    // threshold tell them apart on the light background.
    switch (colour) {
    case DemoColour::Red:
        return { 214, 39, 40 };
    case DemoColour::Orange:
        return { 245, 130, 20 };
    case DemoColour::Yellow:
        return { 232, 196, 16 };
    case DemoColour::Green:
        return { 34, 160, 64 };
    case DemoColour::Blue:
        return { 38, 92, 216 };
    case DemoColour::Purple:
        return { 140, 58, 188 };
    }
    throw std::invalid_argument("demoColourRgb: unknown colour");
}

QString demoShapeName(DemoShapeKind kind)
{
    switch (kind) {
    case DemoShapeKind::Circle:
        return QStringLiteral("circle");
    case DemoShapeKind::Square:
        return QStringLiteral("square");
    case DemoShapeKind::Triangle:
        return QStringLiteral("triangle");
    }
    throw std::invalid_argument("demoShapeName: unknown shape");
}

QString demoShapePlural(DemoShapeKind kind)
{
    return demoShapeName(kind) + QLatin1Char('s');
}

QString demoObjectName(const DemoObjectRef& object)
{
    return QStringLiteral("the ") + demoColourName(object.colour) + QLatin1Char(' ') + demoShapeName(object.kind);
}

QString demoCategory(DemoQuestionType type)
{
    switch (type) {
    case DemoQuestionType::Counting:
        return QStringLiteral("counting");
    case DemoQuestionType::SpatialRelation:
        return QStringLiteral("spatial_relation");
    case DemoQuestionType::RelativeSize:
        return QStringLiteral("relative_size");
    case DemoQuestionType::ColourAttribute:
        return QStringLiteral("colour_attribute");
    }
    throw std::invalid_argument("demoCategory: unknown question type");
}

QString demoOptionLetter(int index)
{
    if (index < 0 || index >= 26)
        throw std::out_of_range("demoOptionLetter: option index out of range");
    return QString(QLatin1Char(static_cast<char>('A' + index)));
}

double demoCircumradius(const DemoShape& shape)
{
    switch (shape.kind) {
    case DemoShapeKind::Circle:
        return std::sqrt(shape.area / std::numbers::pi);
    case DemoShapeKind::Square:
        return std::sqrt(shape.area) / std::numbers::sqrt2;
    case DemoShapeKind::Triangle:
        // Equilateral: area = sqrt(3)/4 * side^2, circumradius = side / sqrt(3).
        return std::sqrt(4.0 * shape.area / std::numbers::sqrt3) / std::numbers::sqrt3;
    }
    throw std::invalid_argument("demoCircumradius: unknown shape");
}

std::vector<DemoPoint> demoPolygon(const DemoShape& shape)
{
    int corners = 0;
    switch (shape.kind) {
    case DemoShapeKind::Circle:
        return {};
    case DemoShapeKind::Square:
        corners = 4;
        break;
    case DemoShapeKind::Triangle:
        corners = 3;
        break;
    }
    const double radius = demoCircumradius(shape);
    std::vector<DemoPoint> points;
    points.reserve(static_cast<std::size_t>(corners));
    for (int i = 0; i < corners; ++i) {
        // The first corner points up at rotation 0; corners run clockwise on screen.
        const double angle = shape.rotation - std::numbers::pi / 2.0 + 2.0 * std::numbers::pi * i / corners;
        points.push_back({ shape.centreX + radius * std::cos(angle), shape.centreY + radius * std::sin(angle) });
    }
    return points;
}

} // namespace vlmprobe
