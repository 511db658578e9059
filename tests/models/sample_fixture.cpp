#include "sample_fixture.h"

#include "workspace/dataset_repository.h"
#include "workspace/sample_repository.h"
#include "workspace/transaction.h"
#include "workspace/workspace.h"

namespace vlmprobe {

SampleFixture SampleFixture::create(const QString& path, int count)
{
    SampleFixture fixture;
    fixture.workspace = Workspace::create(path);
    Transaction transaction(*fixture.workspace);
    for (const QString& name : { QStringLiteral("alpha"), QStringLiteral("beta") }) {
        Dataset dataset;
        dataset.name = name;
        dataset.source = QStringLiteral("fixture");
        dataset.format = QStringLiteral("fixture");
        dataset.id = fixture.workspace->datasets().insert(dataset);
        fixture.datasets.append(dataset);
    }
    const QStringList categories { QStringLiteral("counting"), QStringLiteral("spatial"), QStringLiteral("colour"),
        QString() };
    const QStringList words { QStringLiteral("circles"), QStringLiteral("Zebra"), QStringLiteral("squares"),
        QStringLiteral("left of"), QStringLiteral("bigger") };
    for (int i = 0; i < count; ++i) {
        const Dataset& dataset = fixture.datasets[i % 3 == 0 ? 1 : 0];
        Sample sample;
        sample.datasetId = dataset.id;
        sample.externalId = QString::number(1000 + i);
        sample.sourceIndex = i;
        // Zero-padded and reversed numbering makes the question order differ from the id order.
        sample.question = QStringLiteral("Q%1: which %2?").arg(count - i, 4, 10, QLatin1Char('0')).arg(words[i % 5]);
        const int optionCount = 2 + i % 4;
        for (int k = 0; k < optionCount; ++k)
            sample.options << QStringLiteral("option %1.%2").arg(i).arg(k);
        if (i % 7 == 0)
            sample.options.last() = QStringLiteral("a Needle here");
        sample.goldAnswer = optionLetter(i % optionCount);
        sample.category = categories[i % 4];
        sample.id = fixture.workspace->samples().insert(sample);
        fixture.samples.append({ sample, dataset.name });
    }
    transaction.commit();
    return fixture;
}

QList<FixtureSample> SampleFixture::matching(
    std::optional<qint64> datasetId, const QString& category, const QString& text) const
{
    QList<FixtureSample> result;
    for (const FixtureSample& entry : samples) {
        if (datasetId && entry.sample.datasetId != *datasetId)
            continue;
        if (!category.isEmpty() && entry.sample.category != category)
            continue;
        if (!text.isEmpty()) {
            bool found = entry.sample.question.contains(text, Qt::CaseInsensitive);
            for (const QString& option : entry.sample.options)
                found = found || option.contains(text, Qt::CaseInsensitive);
            if (!found)
                continue;
        }
        result.append(entry);
    }
    return result;
}

} // namespace vlmprobe
