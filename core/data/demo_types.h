#pragma once
// Value types of the demo study: synthetic scenes of coloured shapes whose ground truth is known exactly, and the
// multiple-choice samples and texts built from them. Plain values, copyable across threads.
//
// Units: pixels, origin at the top-left corner, y pointing down; areas in square pixels; angles in radians.

#include <QByteArray>
#include <QString>

#include <array>
#include <cstdint>
#include <vector>

namespace vlmprobe {

enum class DemoColour { Red, Orange, Yellow, Green, Blue, Purple };
enum class DemoShapeKind { Circle, Square, Triangle };
enum class DemoQuestionType { Counting, SpatialRelation, RelativeSize, ColourAttribute };

inline constexpr std::array<DemoColour, 6> kDemoColours = { DemoColour::Red, DemoColour::Orange, DemoColour::Yellow,
    DemoColour::Green, DemoColour::Blue, DemoColour::Purple };
inline constexpr std::array<DemoShapeKind, 3> kDemoShapeKinds
    = { DemoShapeKind::Circle, DemoShapeKind::Square, DemoShapeKind::Triangle };
inline constexpr std::array<DemoQuestionType, 4> kDemoQuestionTypes = { DemoQuestionType::Counting,
    DemoQuestionType::SpatialRelation, DemoQuestionType::RelativeSize, DemoQuestionType::ColourAttribute };

struct DemoRgb {
    std::uint8_t red = 0;
    std::uint8_t green = 0;
    std::uint8_t blue = 0;
};

// One filled shape. Its size is given by its area so that shapes of different kinds compare directly.
struct DemoShape {
    DemoShapeKind kind = DemoShapeKind::Circle;
    DemoColour colour = DemoColour::Red;
    double centreX = 0.0;
    double centreY = 0.0;
    double area = 0.0;
    double rotation = 0.0; // squares and triangles; circles ignore it
};

struct DemoPoint {
    double x = 0.0;
    double y = 0.0;
};

struct DemoScene {
    int width = 384;
    int height = 288;
    DemoRgb background;
    std::vector<DemoShape> shapes;
};

// A shape named in a question by colour and kind ("the red circle"); unique in its scene unless counted.
struct DemoObjectRef {
    DemoColour colour = DemoColour::Red;
    DemoShapeKind kind = DemoShapeKind::Circle;
};

struct DemoOption {
    QString text; // as shown after the letter: "3", "Left", "The red circle", "Purple"
    QString claim; // the visual fact this option asserts, lower-case, no final stop: "the triangle is purple"
};

// A text that points at one option: a caption (user turn) or a think prefix (assistant prefill).
struct DemoText {
    QString text;
    int targetOption = -1; // index into DemoSample::options
};

struct DemoSample {
    int index = 0;
    QString externalId; // "demo-0001"
    DemoQuestionType type = DemoQuestionType::Counting;
    QString question;
    std::vector<DemoOption> options; // letter order: options[0] is A
    int goldOption = -1;
    std::vector<DemoObjectRef> subjects; // the objects the question names, in question order
    DemoScene scene;
    QByteArray png;
    DemoText correctCaption;
    DemoText wrongCaption;
    DemoText correctThink; // the text after "<think>" in the prefill, left open so the model continues it
    DemoText wrongThink;
};

QString demoColourName(DemoColour colour); // "red"
DemoRgb demoColourRgb(DemoColour colour);
QString demoShapeName(DemoShapeKind kind); // "circle"
QString demoShapePlural(DemoShapeKind kind); // "circles"
QString demoObjectName(const DemoObjectRef& object); // "the red circle"
QString demoCategory(DemoQuestionType type); // "counting", "spatial_relation", ...
QString demoOptionLetter(int index); // 0 -> "A"

// Radius of the smallest circle around the centre that contains the shape.
double demoCircumradius(const DemoShape& shape);
// Corners of a square or triangle, in drawing order; empty for a circle.
std::vector<DemoPoint> demoPolygon(const DemoShape& shape);

} // namespace vlmprobe
