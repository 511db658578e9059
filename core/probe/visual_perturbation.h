#pragma once
// Visual conditions: a derived image made from a sample's image by one recipe (protocol.md, "visual").
//
//   StoredImage derived = applyVisualPerturbation(sampleImage, ConditionKind::GaussianBlur, {{"sigma", 2.0}});
//   condition.derivedImageHash = workspace.images().put(derived);   // same SHA-256 as derived.sha256
//
// Recipes (pixel coordinates are of the source image, x to the right, y down; colours "#rrggbb"):
//   GaussianBlur       {"sigma": > 0 (pixels, at most 100)}
//   Noise              {"stddev": 0..255 (grey levels), "seed": integer, default 0}: additive Gaussian noise
//   JpegQuality        {"quality": 1..100}: the only recipe whose output is JPEG
//   Occlusion          {"rects": [[x, y, w, h], ...], "strokes": [{"points": [[x, y], ...], "width": w}, ...],
//                       "coverage": 0..1 (a centred rectangle of that area fraction, the image's aspect),
//                       "color": "#000000"}: at least one of rects, strokes, coverage
//   Crop               {"rect": [x, y, w, h]} inside the image, or {"fraction": 0..1}: a centred crop keeping that
//                      fraction of each side
//   Rotation           {"degrees": counter-clockwise, "fill": "#000000"}: the canvas grows to hold the whole image;
//                      multiples of 90 degrees are exact pixel permutations
//   BrightnessContrast {"brightness": -1..1, "contrast": 0..3}: v' = (v - 127.5) * contrast + 127.5 + 255 * brightness
//   TypographicOverlay {"text", "x", "y" (baseline start; default 5% in from the bottom left), "size" (cap height in
//                       pixels; default relativeSize * height), "relativeSize" (default 0.1), "color" "#ff0000"}
//
// The output is PNG (JPEG for JpegQuality) with sha256 (as ImageStore computes it), format, width and height set.
// Deterministic: the same input and recipe give byte-identical output. Alpha is dropped (the image is decoded as
// 8-bit colour). Thread safety: pure functions.

#include "workspace/records.h"

namespace vlmprobe {

// The kinds applyVisualPerturbation accepts: GaussianBlur ... TypographicOverlay.
bool isVisualKind(ConditionKind kind);

// Throws ProbeError (one line) when the kind is not visual, the bytes are not a decodable image, the image has more
// than kMaxPerturbationPixels pixels or a side above kMaxPerturbationSide, or the recipe is malformed.
StoredImage applyVisualPerturbation(const StoredImage& source, ConditionKind kind, const QJsonObject& recipe);

inline constexpr qint64 kMaxPerturbationPixels = 50'000'000;
inline constexpr int kMaxPerturbationSide = 16384;

// A recipe of increasing strength for severity 1..5 that needs no knowledge of the image size (TypographicOverlay's
// recipe lacks its "text"). Throws ProbeError for a kind that is not visual or a severity outside 1..5.
QJsonObject recipeForSeverity(ConditionKind kind, int severity);

} // namespace vlmprobe
