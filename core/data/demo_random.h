#pragma once
// A small seeded random source for the demo study generator.
//
// Reproducibility contract: the sequence depends only on (seed, stream), never on the platform. std::mt19937_64's
// output is fixed by the C++ standard, but the std:: distributions are not (libstdc++ and libc++ differ), so the
// integer, real and shuffle helpers here are written out explicitly. Not thread-safe; use one instance per thread.

#include <cstdint>
#include <random>
#include <utility>
#include <vector>

namespace vlmprobe {

class DemoRandom {
public:
    // stream selects an independent sequence for the same seed (the generator uses the sample index), so that
    // sample i is the same whether 60 or 600 samples are generated.
    DemoRandom(std::uint64_t seed, std::uint64_t stream);

    std::uint64_t nextU64();
    // Uniform over the closed range [lo, hi]; lo <= hi.
    int uniformInt(int lo, int hi);
    // Uniform over [lo, hi).
    double uniformReal(double lo, double hi);
    bool chance(double probability);

    template <typename T> void shuffle(std::vector<T>& values)
    {
        for (int i = static_cast<int>(values.size()) - 1; i > 0; --i)
            std::swap(values[static_cast<std::size_t>(i)], values[static_cast<std::size_t>(uniformInt(0, i))]);
    }

private:
    std::mt19937_64 m_engine;
};

} // namespace vlmprobe
