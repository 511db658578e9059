#pragma once
// DemoStudyGenerator: seeded, reproducible synthetic visual-reasoning samples with known ground truth.
//
// Usage:
//     const DemoStudyGenerator generator(42);
//     for (const DemoSample& sample : generator.samples(60)) { ... sample.png, sample.question, sample.options ... }
//
// Each sample is a scene of filled circles, squares and triangles drawn with OpenCV (384 x 288 PNG) and one
// multiple-choice question about it: counting, spatial relation, relative size or colour attribute, cycling in that
// order by index. Option counts vary with the type and the seed (2 to 5); the gold letter is shuffled. Each sample
// also carries a correct and a misleading caption and a correct and a wrong think prefix (see DemoTextWriter).
//
// Reproducibility: sample(i) depends only on (seed, i, kVersion); no platform RNG, no unordered containers.
// Thread-safety: const methods are safe to call concurrently.

#include "data/demo_types.h"

#include <cstdint>
#include <vector>

namespace vlmprobe {

class DemoStudyGenerator {
public:
    // Bumped whenever a change alters the samples produced for a seed; recorded in every condition's provenance.
    static constexpr int kVersion = 1;

    explicit DemoStudyGenerator(std::uint32_t seed);

    std::uint32_t seed() const { return m_seed; }

    // Throws std::invalid_argument for a negative index.
    DemoSample sample(int index) const;
    // Samples 0 .. count-1.
    std::vector<DemoSample> samples(int count) const;

private:
    std::uint32_t m_seed;
};

} // namespace vlmprobe
