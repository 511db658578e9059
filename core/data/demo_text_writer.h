#pragma once
// Captions and chain-of-thought prefixes for demo samples, written from the option claims so that a correct and a
// misleading text are built the same way and differ only in the option they point at (the protocol's controls).
// Stateless and thread-safe.

#include "data/demo_types.h"

namespace vlmprobe {

class DemoTextWriter {
public:
    // "The image shows seven coloured shapes on a light background. There are 3 red circles." The option's claim is
    // stated as a visual fact; the text names no letter. Throws std::out_of_range for a bad option index.
    static DemoText caption(const DemoSample& sample, int option);

    // "I need to ... Looking at the image, there are 3 red circles, so the answer is B.": the reasoning that follows
    // "<think>" in the assistant prefill, left open (no "</think>") so that the model continues it.
    // Throws std::out_of_range for a bad option index.
    static DemoText thinkPrefix(const DemoSample& sample, int option);
};

} // namespace vlmprobe
