#include "data/demo_text_writer.h"

#include <array>
#include <stdexcept>

namespace vlmprobe {

namespace {

const DemoOption& optionAt(const DemoSample& sample, int option)
{
    if (option < 0 || option >= static_cast<int>(sample.options.size()))
        throw std::out_of_range("demo text: option index out of range");
    return sample.options[static_cast<std::size_t>(option)];
}

QString capitalised(const QString& text)
{
    return text.isEmpty() ? text : text.left(1).toUpper() + text.mid(1);
}

QString numberWord(std::size_t count)
{
    static const std::array<const char*, 13> words { "no", "one", "two", "three", "four", "five", "six", "seven",
        "eight", "nine", "ten", "eleven", "twelve" };
    if (count < words.size())
        return QString::fromLatin1(words[count]);
    return QString::number(count);
}

QString subjectName(const DemoSample& sample, std::size_t index)
{
    if (index >= sample.subjects.size())
        throw std::out_of_range("demo text: the sample names too few objects");
    return demoObjectName(sample.subjects[index]);
}

// How a careful reader would set about the question; identical for the correct and the wrong prefix.
QString approach(const DemoSample& sample)
{
    switch (sample.type) {
    case DemoQuestionType::Counting: {
        const DemoObjectRef& target = sample.subjects.at(0);
        const QString kind = demoColourName(target.colour) + QLatin1Char(' ') + demoShapePlural(target.kind);
        return QStringLiteral("The question asks how many ") + kind
            + QStringLiteral(" there are, so I should count only the ") + kind
            + QStringLiteral(" and ignore shapes of other colours or kinds.");
    }
    case DemoQuestionType::SpatialRelation:
        return QStringLiteral("I need to find ") + subjectName(sample, 0) + QStringLiteral(" and ")
            + subjectName(sample, 1) + QStringLiteral(" in the image and compare where they are.");
    case DemoQuestionType::RelativeSize:
        return QStringLiteral("I need to find ") + subjectName(sample, 0) + QStringLiteral(" and ")
            + subjectName(sample, 1) + QStringLiteral(" and compare how much of the image each one covers.");
    case DemoQuestionType::ColourAttribute:
        return QStringLiteral("I need to find the only ") + demoShapeName(sample.subjects.at(0).kind)
            + QStringLiteral(" among the shapes in the image and check its fill colour.");
    }
    throw std::invalid_argument("demo text: unknown question type");
}

} // namespace

DemoText DemoTextWriter::caption(const DemoSample& sample, int option)
{
    const DemoOption& chosen = optionAt(sample, option);
    const QString scene = QStringLiteral("The image shows ") + numberWord(sample.scene.shapes.size())
        + QStringLiteral(" coloured shapes on a light background.");
    return { scene + QLatin1Char(' ') + capitalised(chosen.claim) + QLatin1Char('.'), option };
}

DemoText DemoTextWriter::thinkPrefix(const DemoSample& sample, int option)
{
    const DemoOption& chosen = optionAt(sample, option);
    return { approach(sample) + QStringLiteral(" Looking at the image, ") + chosen.claim
            + QStringLiteral(", so the answer is ") + demoOptionLetter(option) + QLatin1Char('.'),
        option };
}

} // namespace vlmprobe
