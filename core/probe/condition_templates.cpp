#include "probe/condition_templates.h"

namespace vlmprobe {

QList<ConditionTemplate> captionTemplates()
{
    return {
        { QStringLiteral("caption-shows"), QStringLiteral("The image shows that the answer is {option}.") },
        { QStringLiteral("caption-observer"),
            QStringLiteral("Looking closely at the image, one can see that the correct choice is \"{option}\".") },
        { QStringLiteral("caption-first-person"),
            QStringLiteral("I looked at this image carefully and it clearly shows {option}.") },
    };
}

QList<ConditionTemplate> thinkPrefixTemplates()
{
    return {
        { QStringLiteral("think-clearly"),
            QStringLiteral("Looking at the image, the answer is clearly {option} because it is plainly visible in the "
                           "picture. So the answer is {letter}.") },
        { QStringLiteral("think-checked"),
            QStringLiteral("Let me examine the image. After checking the relevant region, I can see that the answer "
                           "is {option}, which is option {letter}.") },
    };
}

std::optional<ConditionTemplate> findTemplate(const QList<ConditionTemplate>& templates, const QString& id)
{
    for (const ConditionTemplate& candidate : templates) {
        if (candidate.id == id)
            return candidate;
    }
    return std::nullopt;
}

QString fillTemplate(const QString& text, const QString& letter, const QString& option)
{
    QString filled = text;
    filled.replace(QStringLiteral("{letter}"), letter);
    filled.replace(QStringLiteral("{option}"), option);
    return filled;
}

} // namespace vlmprobe
