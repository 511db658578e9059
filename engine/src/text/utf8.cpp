#include "text/utf8.h"

namespace vlmprobe::engine::utf8 {

namespace {

// The length of the well-formed sequence that `lead` starts (0 for a byte that cannot start one), and the range
// allowed for the second byte (Unicode Table 3-7).
struct LeadInfo {
    std::size_t length;
    unsigned char low;
    unsigned char high;
};

constexpr LeadInfo leadInfo(unsigned char lead)
{
    if (lead < 0x80)
        return { 1, 0, 0 };
    if (lead >= 0xC2 && lead <= 0xDF)
        return { 2, 0x80, 0xBF };
    if (lead == 0xE0)
        return { 3, 0xA0, 0xBF };
    if (lead == 0xED)
        return { 3, 0x80, 0x9F };
    if (lead >= 0xE1 && lead <= 0xEF)
        return { 3, 0x80, 0xBF };
    if (lead == 0xF0)
        return { 4, 0x90, 0xBF };
    if (lead >= 0xF1 && lead <= 0xF3)
        return { 4, 0x80, 0xBF };
    if (lead == 0xF4)
        return { 4, 0x80, 0x8F };
    return { 0, 0, 0 };
}

// How many bytes of the sequence starting at `pos` are a valid prefix (up to the full length).
std::size_t validPrefix(std::string_view bytes, std::size_t pos, const LeadInfo& info)
{
    std::size_t count = 1;
    while (count < info.length && pos + count < bytes.size()) {
        const auto byte = static_cast<unsigned char>(bytes[pos + count]);
        const unsigned char low = count == 1 ? info.low : 0x80;
        const unsigned char high = count == 1 ? info.high : 0xBF;
        if (byte < low || byte > high)
            break;
        ++count;
    }
    return count;
}

} // namespace

std::optional<std::size_t> findInvalid(std::string_view text)
{
    std::size_t pos = 0;
    while (pos < text.size()) {
        const auto lead = static_cast<unsigned char>(text[pos]);
        if (lead < 0x80) {
            ++pos;
            continue;
        }
        const LeadInfo info = leadInfo(lead);
        if (info.length == 0 || validPrefix(text, pos, info) != info.length)
            return pos;
        pos += info.length;
    }
    return std::nullopt;
}

void append(std::string& out, char32_t codePoint)
{
    if (codePoint < 0x80) {
        out.push_back(static_cast<char>(codePoint));
    } else if (codePoint < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (codePoint >> 6)));
        out.push_back(static_cast<char>(0x80 | (codePoint & 0x3F)));
    } else if (codePoint < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (codePoint >> 12)));
        out.push_back(static_cast<char>(0x80 | ((codePoint >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (codePoint & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (codePoint >> 18)));
        out.push_back(static_cast<char>(0x80 | ((codePoint >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((codePoint >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (codePoint & 0x3F)));
    }
}

std::size_t appendLossy(std::string& out, std::string_view bytes, bool final)
{
    std::size_t pos = 0;
    std::size_t runStart = 0; // start of the well-formed run not yet copied to `out`
    while (pos < bytes.size()) {
        const auto lead = static_cast<unsigned char>(bytes[pos]);
        if (lead < 0x80) {
            ++pos;
            continue;
        }
        const LeadInfo info = leadInfo(lead);
        const std::size_t count = info.length == 0 ? 1 : validPrefix(bytes, pos, info);
        if (info.length != 0 && count == info.length) {
            pos += count;
            continue;
        }
        out.append(bytes.substr(runStart, pos - runStart));
        if (info.length != 0 && pos + count == bytes.size() && !final)
            return pos;
        append(out, kReplacementCharacter);
        pos += count;
        runStart = pos;
    }
    out.append(bytes.substr(runStart));
    return bytes.size();
}

} // namespace vlmprobe::engine::utf8
