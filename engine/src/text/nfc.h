#pragma once
// Unicode Normalization Form C (UAX #15): canonical decomposition, canonical ordering, canonical composition,
// with the data of the generated tables (see unicode_properties.h).

#include <string>
#include <string_view>

namespace vlmprobe::engine::unicode {

// NFC_Quick_Check over a whole string: true means `text` is certainly in NFC (the common case, checked without
// allocating); false means it may not be. `text` must be well-formed UTF-8.
bool isQuickNfc(std::string_view text);

// The NFC form of well-formed UTF-8 `text`.
std::string toNfc(std::string_view text);

} // namespace vlmprobe::engine::unicode
