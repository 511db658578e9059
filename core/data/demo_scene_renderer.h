#pragma once
// Draws a DemoScene with OpenCV: filled, anti-aliased shapes on a flat light background, encoded as PNG.
// Deterministic: the same scene gives the same bytes with the same OpenCV and zlib. Thread-safe (no state).

#include "data/demo_types.h"

#include <QByteArray>

namespace vlmprobe {

class DemoSceneRenderer {
public:
    // Throws std::runtime_error if the scene has no pixels or PNG encoding fails.
    static QByteArray renderPng(const DemoScene& scene);
};

} // namespace vlmprobe
