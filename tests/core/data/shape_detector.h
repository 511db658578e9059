#pragma once
// Test oracle: finds coloured shapes in an encoded image with plain OpenCV (HSV thresholds, contours, polygon
// approximation), knowing nothing of how the demo generator laid the scene out. The colour names map to the usual
// hue bands; any saturated pixel outside every band makes the image unreadable (reported as an error).

#include <QByteArray>
#include <QString>

#include <vector>

namespace vlmprobe::test {

struct DetectedShape {
    QString colour; // "red", "orange", "yellow", "green", "blue", "purple"
    QString kind; // "circle", "square", "triangle", or "unknown" when the polygon and fill tests disagree
    double centreX = 0.0; // pixels, from image moments
    double centreY = 0.0;
    double area = 0.0; // square pixels, contour area
    int vertices = 0; // of the approximating polygon
    double fillRatio = 0.0; // area / area of the minimum enclosing circle
};

struct Detection {
    int width = 0;
    int height = 0;
    std::vector<DetectedShape> shapes;
    QString error; // empty when the image decoded and every saturated pixel had a colour
};

class ShapeDetector {
public:
    static Detection detect(const QByteArray& encoded);
};

} // namespace vlmprobe::test
