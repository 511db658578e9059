#include "data/demo_random.h"

#include <stdexcept>

namespace vlmprobe {

namespace {

// SplitMix64 finaliser: spreads nearby seeds (0, 1, 2 ...) over the whole state space before seeding.
std::uint64_t mix(std::uint64_t value)
{
    value += 0x9E3779B97F4A7C15ULL;
    value = (value ^ (value >> 30U)) * 0xBF58476D1CE4E5B9ULL;
    value = (value ^ (value >> 27U)) * 0x94D049BB133111EBULL;
    return value ^ (value >> 31U);
}

} // namespace

DemoRandom::DemoRandom(std::uint64_t seed, std::uint64_t stream)
    : m_engine(mix(mix(seed) ^ mix(stream + 0x632BE59BD9B4E019ULL)))
{
}

std::uint64_t DemoRandom::nextU64()
{
    return m_engine();
}

int DemoRandom::uniformInt(int lo, int hi)
{
    if (hi < lo)
        throw std::invalid_argument("DemoRandom::uniformInt: empty range");
    const std::uint64_t range = static_cast<std::uint64_t>(static_cast<std::int64_t>(hi) - lo) + 1U;
    // Reject the low values that would make the modulo biased: 2^64 mod range of them.
    const std::uint64_t threshold = (0U - range) % range;
    std::uint64_t value = nextU64();
    while (value < threshold)
        value = nextU64();
    return static_cast<int>(static_cast<std::int64_t>(lo) + static_cast<std::int64_t>(value % range));
}

double DemoRandom::uniformReal(double lo, double hi)
{
    // 53 random mantissa bits give a uniform double in [0, 1).
    const double unit = static_cast<double>(nextU64() >> 11U) * 0x1.0p-53;
    return lo + (hi - lo) * unit;
}

bool DemoRandom::chance(double probability)
{
    return uniformReal(0.0, 1.0) < probability;
}

} // namespace vlmprobe
