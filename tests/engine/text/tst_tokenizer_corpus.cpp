#include "tst_tokenizer_corpus.h"

#include <array>
#include <functional>
#include <string_view>
#include <utility>

namespace vlmprobe::testing {

namespace {

// SplitMix64: small, fast and the same on every platform (std distributions are not).
class Random {
public:
    explicit Random(std::uint64_t seed)
        : m_state(seed)
    {
    }
    std::uint64_t next()
    {
        std::uint64_t z = (m_state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    std::size_t below(std::size_t bound) { return static_cast<std::size_t>(next() % bound); }
    bool chance(std::size_t percent) { return below(100) < percent; }
    char32_t between(char32_t first, char32_t last) { return first + static_cast<char32_t>(below(last - first + 1)); }
    template <typename T, std::size_t N> const T& pick(const std::array<T, N>& items) { return items[below(N)]; }

private:
    std::uint64_t m_state;
};

void appendUtf8(std::string& out, char32_t cp)
{
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

struct Range {
    char32_t first;
    char32_t last;
};

// Fully assigned stretches of old blocks (letters, marks, digits, symbols), for the random-script text.
constexpr std::array kScriptRanges {
    Range { 0x21, 0x7E },
    Range { 0xC0, 0x24F },
    Range { 0x250, 0x2AF },
    Range { 0x391, 0x3A1 },
    Range { 0x3A3, 0x3C9 },
    Range { 0x400, 0x481 },
    Range { 0x48A, 0x4FF },
    Range { 0x531, 0x556 },
    Range { 0x561, 0x587 },
    Range { 0x5D0, 0x5EA },
    Range { 0x621, 0x63A },
    Range { 0x641, 0x64A },
    Range { 0x660, 0x669 },
    Range { 0x905, 0x939 },
    Range { 0x966, 0x96F },
    Range { 0x995, 0x9A8 },
    Range { 0xB85, 0xB8A },
    Range { 0xE01, 0xE3A },
    Range { 0xE40, 0xE4E },
    Range { 0xE50, 0xE59 },
    Range { 0x10A0, 0x10C5 },
    Range { 0x10D0, 0x10FA },
    Range { 0x1100, 0x1159 },
    Range { 0x1161, 0x11A2 },
    Range { 0x11A8, 0x11F9 },
    Range { 0x1200, 0x1248 },
    Range { 0x13A0, 0x13F4 },
    Range { 0x1401, 0x166C },
    Range { 0x1780, 0x17B3 },
    Range { 0x1E00, 0x1EF9 },
    Range { 0x1F00, 0x1F15 },
    Range { 0x2010, 0x2027 },
    Range { 0x2030, 0x205E },
    Range { 0x20A0, 0x20B5 },
    Range { 0x2100, 0x214F },
    Range { 0x2150, 0x2188 },
    Range { 0x2190, 0x21FF },
    Range { 0x2200, 0x22FF },
    Range { 0x2460, 0x24FF },
    Range { 0x2500, 0x257F },
    Range { 0x3001, 0x303F },
    Range { 0x3041, 0x3096 },
    Range { 0x30A1, 0x30FA },
    Range { 0x4E00, 0x9FA5 },
    Range { 0xAC00, 0xD7A3 },
    Range { 0xF900, 0xFA2D },
    Range { 0xFF01, 0xFF5E },
    Range { 0x10330, 0x1034A },
    Range { 0x10400, 0x1044F },
    Range { 0x1D400, 0x1D454 },
    Range { 0x1F300, 0x1F320 },
    Range { 0x1F600, 0x1F640 },
    Range { 0x20000, 0x2A6D6 },
};

// Combining marks of old blocks, with many different combining classes.
constexpr std::array kMarkRanges {
    Range { 0x300, 0x36F },
    Range { 0x483, 0x487 },
    Range { 0x591, 0x5BD },
    Range { 0x64B, 0x65E },
    Range { 0x93C, 0x93C },
    Range { 0x94D, 0x94D },
    Range { 0xE31, 0xE31 },
    Range { 0xE34, 0xE3A },
    Range { 0x1DC0, 0x1DE6 },
    Range { 0x20D0, 0x20F0 },
    Range { 0x302A, 0x302F },
    Range { 0x3099, 0x309A },
    Range { 0xFE20, 0xFE26 },
    Range { 0x1D165, 0x1D169 },
    Range { 0x1D16D, 0x1D172 },
};

// White space, line breaks included; the first entries come up most often.
constexpr std::array<std::string_view, 20> kSpaces { " ", " ", " ", " ", "  ", "\n", "\n\n", "\t", "\r\n", "   ", "\r",
    "\xC2\xA0", "\xE3\x80\x80", "\xE2\x80\xA8", "\xE2\x80\xA9", "\xC2\x85", "\x0B", "\x0C", "\xE2\x80\x83", " \t \n" };

constexpr std::array<std::string_view, 64> kWords { "the", "model", "image", "answer", "reasoning", "shows", "a", "of",
    "and", "to", "in", "is", "that", "it", "was", "for", "on", "are", "with", "as", "I", "his", "they", "be", "at",
    "one", "have", "this", "from", "or", "had", "by", "hot", "word", "but", "what", "some", "we", "can", "out", "other",
    "were", "all", "there", "when", "up", "use", "your", "how", "said", "an", "each", "which", "she", "do", "their",
    "time", "if", "will", "way", "about", "many", "Qwen", "VLM" };

constexpr std::array<std::string_view, 24> kContractions { "it's", "they're", "we've", "I'm", "you'll", "he'd", "can't",
    "don't", "IT'S", "THEY'RE", "We'VE", "You'LL", "'tis", "rock'n'roll", "O'Neill", "students'", "'s", "''s", "'S",
    "'sa", "'ll've", "won't", "'\xC5\xBF", "'\xC5\xBFt" };

constexpr std::array<std::string_view, 16> kPunctuation { ", ", ". ", "? ", "! ", "; ", ": ", " - ", " \xE2\x80\x94 ",
    "...", " (", ") ", "\"", " \xE2\x80\x9C", "\xE2\x80\x9D ", "!!", "?\n" };

constexpr std::array<std::string_view, 24> kCodeLines { "for (int i = 0; i < n; ++i) {",
    "if x == 1:", "def f(a, b):", "return a+b  # comment", "std::vector<int> v{1,2,3};",
    "x = [i**2 for i in range(10)]", "}", "});", "const auto& [key, value] = *it;", "print(f\"{x!r:>10}\")",
    "#include <vector>", "SELECT id, name FROM runs WHERE score >= 0.5;", "a->b = c && d || !e;", "let s = 'it''s';",
    "<div class=\"x\">&nbsp;</div>", "$ ls -la ~/.cache | grep -v '^d'", "x_1 = 0x1F; y = 1e-9;",
    "/* TODO(kim): 100% */", "    pass", "\treturn;", "{\"key\": [1, 2.5, null, true]}", "s/[0-9]+/#/g", "@property",
    "~~~~~~~~~~~~~~~~" };

constexpr std::array<std::string_view, 8> kLineEnds { "\n", "\n", "\n", "\r\n", "\n\n", "  \n", "\t\n", " \r\n" };
constexpr std::array<std::string_view, 6> kIndents { "", "    ", "        ", "\t", "\t\t", "  " };

constexpr std::array<std::string_view, 34> kAddedTokenTexts { "<|im_start|>", "<|im_end|>", "<|endoftext|>",
    "<|vision_start|><|image_pad|><|vision_end|>", "<|video_pad|>", "<tool_call>", "</tool_call>", "<tool_response>",
    "</tool_response>", "<think>", "</think>", "<think>\n", "</think>\n\n", "<|fim_prefix|>", "<|fim_middle|>",
    "<|file_sep|>", "<|object_ref_start|>", "<|box_end|>", "<|im_start", "<|im_end|", "<|", "|>", "<<|im_end|>>",
    "<think", "think>", "< think>", "<THINK>", "<|IM_START|>", "<|im_start|><|im_start|>", "<think></think>",
    "<|im_start|>user\n", "<|im_start|>assistant\n", "</tool_call></tool_call>", "<|endoftext|><|endoftext|>" };

constexpr std::array<std::string_view, 24> kFixedDocuments { "", " ", "  ", "\n", "\r\n", "'s", "'", "a'", "<|im_end|>",
    "<think>", "1", "\xC3\xA9", "e\xCC\x81", "\xC2\xA0", " \xC2\xA0x", "x  ", "\xC5\xBF", "'\xC5\xBF",
    "What is 2 plus 2?", "Hello world", " Hello world", "x=3.14;\n\ny", "tabs\tand   spaces  \n",
    "price: $1,299.99!!" };

void addWords(Random& random, std::string& out)
{
    for (std::size_t i = 0, n = 3 + random.below(12); i < n; ++i) {
        if (i > 0 || random.chance(30))
            out += random.chance(95) ? std::string_view(" ") : random.pick(kSpaces);
        if (random.chance(12))
            out += random.pick(kContractions);
        else if (random.chance(8))
            out += std::to_string(random.below(random.chance(50) ? 100 : 100000000));
        else
            out += random.pick(kWords);
        if (random.chance(10))
            out += random.pick(kPunctuation);
    }
    out += random.chance(70) ? ". " : random.pick(kPunctuation);
    if (random.chance(15))
        out += "\n\n";
}

void addCode(Random& random, std::string& out)
{
    for (std::size_t i = 0, n = 2 + random.below(8); i < n; ++i) {
        out += random.pick(kIndents);
        out += random.pick(kCodeLines);
        out += random.pick(kLineEnds);
    }
}

void addChars(
    Random& random, std::string& out, std::initializer_list<Range> ranges, std::size_t count, std::size_t spacePercent)
{
    const auto* list = ranges.begin();
    for (std::size_t i = 0; i < count; ++i) {
        const Range& range = list[random.below(ranges.size())];
        appendUtf8(out, random.between(range.first, range.last));
        if (random.chance(spacePercent))
            out += random.pick(kSpaces);
    }
}

void addCjk(Random& random, std::string& out)
{
    addChars(random, out, { { 0x4E00, 0x9FA5 }, { 0x4E00, 0x62FF }, { 0x3041, 0x3096 }, { 0x30A1, 0x30FA } },
        10 + random.below(40), 0);
    static constexpr std::array<std::string_view, 14> kPunct { "\xEF\xBC\x8C", "\xE3\x80\x82", "\xEF\xBC\x81",
        "\xEF\xBC\x9F", "\xE3\x80\x81", "\xE3\x80\x8A", "\xE3\x80\x8B", "\xEF\xBC\x88", "\xEF\xBC\x89", "\xE3\x80\x80",
        " GPU ", "\xEF\xBC\xA1\xEF\xBC\xA2\xEF\xBC\x91", "2024\xE5\xB9\xB4", "\n" };
    out += random.pick(kPunct);
}

void addHangul(Random& random, std::string& out)
{
    for (std::size_t i = 0, n = 5 + random.below(20); i < n; ++i) {
        const std::size_t kind = random.below(10);
        if (kind < 5) {
            appendUtf8(out, random.between(0xAC00, 0xD7A3));
        } else if (kind < 8) { // conjoining jamo, L V (T), as NFD text spells syllables
            appendUtf8(out, random.between(0x1100, 0x1112));
            appendUtf8(out, random.between(0x1161, 0x1175));
            if (random.chance(50))
                appendUtf8(out, random.between(0x11A8, 0x11C2));
        } else if (kind < 9) { // an LV syllable followed by a trailing jamo
            appendUtf8(out, 0xAC00 + static_cast<char32_t>(random.below(399)) * 28);
            appendUtf8(out, random.between(0x11A8, 0x11C2));
        } else { // stray vowel or trailing jamo, and compatibility jamo
            appendUtf8(out, random.between(0x1161, 0x1175));
            appendUtf8(out, random.between(0x3131, 0x318E));
        }
        if (random.chance(25))
            out += ' ';
    }
    out += random.chance(50) ? ". " : "\n";
}

void addArabicHebrew(Random& random, std::string& out)
{
    const bool arabic = random.chance(60);
    for (std::size_t i = 0, n = 5 + random.below(25); i < n; ++i) {
        appendUtf8(out, arabic ? random.between(0x621, 0x64A) : random.between(0x5D0, 0x5EA));
        for (std::size_t m = 0, marks = random.below(4); m < marks; ++m) // marks in no particular order
            appendUtf8(out, arabic ? random.between(0x64B, 0x652) : random.between(0x5B0, 0x5BC));
        if (random.chance(20))
            out += ' ';
        if (random.chance(5))
            appendUtf8(out, arabic ? random.between(0x660, 0x669) : 0x5BE);
    }
    out += arabic ? "\xD8\x8C " : ". ";
}

void addDevanagari(Random& random, std::string& out)
{
    for (std::size_t i = 0, n = 5 + random.below(25); i < n; ++i) {
        appendUtf8(out, random.between(0x915, 0x939));
        if (random.chance(20))
            appendUtf8(out, 0x93C); // nukta: क + ़ must stay decomposed (composition exclusion)
        if (random.chance(40))
            appendUtf8(out, random.between(0x93E, 0x94C));
        else if (random.chance(20))
            appendUtf8(out, 0x94D);
        if (random.chance(20))
            out += ' ';
        if (random.chance(4))
            appendUtf8(out, random.between(0x966, 0x96F));
    }
    out += random.chance(50) ? "\xE0\xA5\xA4 " : "\n";
}

void addEmoji(Random& random, std::string& out)
{
    static constexpr std::array<std::string_view, 14> kSequences {
        "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7\xE2\x80\x8D\xF0\x9F\x91\xA6",
        "\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x92\xBB", "\xF0\x9F\x8F\xB3\xEF\xB8\x8F\xE2\x80\x8D\xF0\x9F\x8C\x88",
        "\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD", "\xF0\x9F\x91\x8B\xF0\x9F\x8F\xBB", "\xF0\x9F\x91\x8B\xF0\x9F\x8F\xBF",
        "\xF0\x9F\x87\xA9\xF0\x9F\x87\xAA", "\xF0\x9F\x87\xAF\xF0\x9F\x87\xB5", "1\xEF\xB8\x8F\xE2\x83\xA3",
        "\xE2\x9D\xA4\xEF\xB8\x8F", "\xE2\x9C\x85", "\xF0\x9F\x98\x80\xF0\x9F\x98\x82", "\xF0\x9F\xA4\x94",
        "\xF0\x9F\xA7\x91\xE2\x80\x8D\xF0\x9F\x94\xAC"
    };
    for (std::size_t i = 0, n = 2 + random.below(8); i < n; ++i) {
        if (random.chance(50))
            out += random.pick(kSequences);
        else
            appendUtf8(out, random.between(0x1F600, 0x1F640));
        if (random.chance(40))
            out += random.chance(50) ? " " : " ok ";
    }
}

void addDigits(Random& random, std::string& out)
{
    static constexpr std::array<std::string_view, 12> kNumbers { "12345678901234567890", "3.14159", "1e-9", "1,299.99",
        "0x7FFF", "2025-01-31", "\xC2\xB2\xC2\xB3\xC2\xB9", "\xC2\xBD", "\xE2\x85\xAB", "\xE2\x91\xA0\xE2\x91\xA1",
        "\xD9\xA1\xD9\xA2\xD9\xA3", "\xEF\xBC\x91\xEF\xBC\x92\xEF\xBC\x93" };
    for (std::size_t i = 0, n = 2 + random.below(6); i < n; ++i) {
        out += random.pick(kNumbers);
        for (std::size_t d = 0, digits = random.below(30); d < digits; ++d)
            out += static_cast<char>('0' + random.below(10));
        out += random.chance(60) ? std::string_view(" ") : random.pick(kPunctuation);
    }
}

void addWhiteSpace(Random& random, std::string& out)
{
    for (std::size_t i = 0, n = 3 + random.below(10); i < n; ++i) {
        for (std::size_t s = 0, runs = 1 + random.below(4); s < runs; ++s)
            out += random.pick(kSpaces);
        out += random.chance(60) ? random.pick(kWords) : random.pick(kPunctuation);
    }
}

// Decomposed and mis-ordered text that NFC must compose and reorder, and characters NFC replaces.
void addNfd(Random& random, std::string& out)
{
    static constexpr std::array<char32_t, 22> kSingletons { 0x2126, 0x212B, 0x212A, 0x340, 0x341, 0x343, 0x344, 0x374,
        0x37E, 0x387, 0x958, 0x95F, 0x2ADC, 0xF900, 0xF9FF, 0xFA10, 0x1D15E, 0x1D160, 0xF73, 0x1F71, 0x2000, 0x2329 };
    for (std::size_t i = 0, n = 5 + random.below(20); i < n; ++i) {
        const std::size_t kind = random.below(6);
        if (kind < 3) {
            out += static_cast<char>(random.chance(50) ? 'a' + random.below(26) : 'A' + random.below(26));
            for (std::size_t m = 0, marks = 1 + random.below(3); m < marks; ++m)
                appendUtf8(out, random.between(0x300, 0x36F));
        } else if (kind == 3) {
            appendUtf8(out, random.between(0x391, 0x3C9));
            appendUtf8(out, random.pick(std::array<char32_t, 4> { 0x301, 0x308, 0x342, 0x345 }));
        } else if (kind == 4) {
            appendUtf8(out, random.pick(kSingletons));
        } else {
            appendUtf8(out, random.between(0x1EA0, 0x1EF9)); // Vietnamese, then one more mark
            appendUtf8(out, random.pick(std::array<char32_t, 4> { 0x300, 0x301, 0x323, 0x309 }));
        }
        if (random.chance(30))
            out += ' ';
    }
    out += ". ";
}

void addAddedTokens(Random& random, std::string& out)
{
    for (std::size_t i = 0, n = 1 + random.below(5); i < n; ++i) {
        if (random.chance(30))
            out += random.pick(kSpaces);
        out += random.pick(kAddedTokenTexts);
        if (random.chance(50))
            out += random.pick(kWords);
    }
}

void addRandomScripts(Random& random, std::string& out)
{
    for (std::size_t i = 0, n = 10 + random.below(40); i < n; ++i) {
        const Range& range = random.pick(kScriptRanges);
        appendUtf8(out, random.between(range.first, range.last));
        if (random.chance(15)) {
            const Range& mark = random.pick(kMarkRanges);
            appendUtf8(out, random.between(mark.first, mark.last));
        }
        if (random.chance(12))
            out += random.pick(kSpaces);
    }
}

using Generator = void (*)(Random&, std::string&);

constexpr std::array<Generator, 13> kGenerators { addWords, addWords, addCode, addCjk, addHangul, addArabicHebrew,
    addDevanagari, addEmoji, addDigits, addWhiteSpace, addNfd, addAddedTokens, addRandomScripts };

} // namespace

std::vector<std::string> tokenizerCorpus(std::size_t minimumBytes, std::uint64_t seed)
{
    Random random(seed);
    std::vector<std::string> documents(kFixedDocuments.begin(), kFixedDocuments.end());
    std::size_t total = 0;
    for (const auto& document : documents)
        total += document.size();
    while (total < minimumBytes) {
        std::string document;
        const std::size_t target = 512 + random.below(6 * 1024);
        // Most documents keep to one kind of text; a third mix every kind, random scripts included.
        const bool mixed = random.chance(33);
        const Generator single = random.pick(kGenerators);
        while (document.size() < target) {
            if (mixed)
                (random.chance(15) ? addRandomScripts : random.pick(kGenerators))(random, document);
            else
                single(random, document);
        }
        if (random.chance(10))
            document += random.pick(kSpaces);
        total += document.size();
        documents.push_back(std::move(document));
    }
    return documents;
}

} // namespace vlmprobe::testing
