// chatTemplateFingerprint: SHA-256 (FIPS 180-4) of a template's text. The engine has no crypto library and needs
// nothing more than this one digest, so it is computed here.

#include "vlmprobe/engine/chat_template_check.h"

#include <array>
#include <cstdint>

namespace vlmprobe::engine {

namespace {

// clang-format off
constexpr std::array<std::uint32_t, 64> kRoundConstants {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};
// clang-format on

constexpr std::uint32_t rotateRight(std::uint32_t value, int bits)
{
    return (value >> bits) | (value << (32 - bits));
}

// Processes one 64-byte block into the running state.
void compressBlock(std::array<std::uint32_t, 8>& state, const std::uint8_t* block)
{
    std::array<std::uint32_t, 64> schedule {};
    for (size_t t = 0; t < 16; ++t) {
        schedule[t] = (std::uint32_t(block[4 * t]) << 24) | (std::uint32_t(block[4 * t + 1]) << 16)
            | (std::uint32_t(block[4 * t + 2]) << 8) | std::uint32_t(block[4 * t + 3]);
    }
    for (size_t t = 16; t < 64; ++t) {
        const std::uint32_t s0
            = rotateRight(schedule[t - 15], 7) ^ rotateRight(schedule[t - 15], 18) ^ (schedule[t - 15] >> 3);
        const std::uint32_t s1
            = rotateRight(schedule[t - 2], 17) ^ rotateRight(schedule[t - 2], 19) ^ (schedule[t - 2] >> 10);
        schedule[t] = schedule[t - 16] + s0 + schedule[t - 7] + s1;
    }

    std::array<std::uint32_t, 8> v = state; // a, b, c, d, e, f, g, h
    for (size_t t = 0; t < 64; ++t) {
        const std::uint32_t sum1 = rotateRight(v[4], 6) ^ rotateRight(v[4], 11) ^ rotateRight(v[4], 25);
        const std::uint32_t choose = (v[4] & v[5]) ^ (~v[4] & v[6]);
        const std::uint32_t temp1 = v[7] + sum1 + choose + kRoundConstants[t] + schedule[t];
        const std::uint32_t sum0 = rotateRight(v[0], 2) ^ rotateRight(v[0], 13) ^ rotateRight(v[0], 22);
        const std::uint32_t majority = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]);
        const std::uint32_t temp2 = sum0 + majority;
        v = { temp1 + temp2, v[0], v[1], v[2], v[3] + temp1, v[4], v[5], v[6] };
    }
    for (size_t i = 0; i < 8; ++i)
        state[i] += v[i];
}

std::string sha256Hex(std::string_view bytes)
{
    std::array<std::uint32_t, 8> state { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c,
        0x1f83d9ab, 0x5be0cd19 };
    const auto* data = reinterpret_cast<const std::uint8_t*>(bytes.data());
    const size_t fullBlocks = bytes.size() / 64;
    for (size_t b = 0; b < fullBlocks; ++b)
        compressBlock(state, data + 64 * b);

    // The tail, a 0x80 byte, zeros, and the message length in bits (big-endian) fill one or two final blocks.
    std::array<std::uint8_t, 128> tail {};
    const size_t rest = bytes.size() - 64 * fullBlocks;
    for (size_t i = 0; i < rest; ++i)
        tail[i] = data[64 * fullBlocks + i];
    tail[rest] = 0x80;
    const size_t tailLength = rest < 56 ? 64 : 128;
    const std::uint64_t bitLength = static_cast<std::uint64_t>(bytes.size()) * 8;
    for (size_t i = 0; i < 8; ++i)
        tail[tailLength - 1 - i] = static_cast<std::uint8_t>(bitLength >> (8 * i));
    for (size_t offset = 0; offset < tailLength; offset += 64)
        compressBlock(state, tail.data() + offset);

    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(64);
    for (std::uint32_t word : state) {
        for (int shift = 28; shift >= 0; shift -= 4)
            hex += kHex[(word >> shift) & 0xF];
    }
    return hex;
}

} // namespace

std::string chatTemplateFingerprint(std::string_view templateText)
{
    if (templateText.ends_with("\r\n"))
        templateText.remove_suffix(2);
    else if (templateText.ends_with('\n') || templateText.ends_with('\r'))
        templateText.remove_suffix(1);
    return sha256Hex(templateText);
}

} // namespace vlmprobe::engine
