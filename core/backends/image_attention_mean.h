#pragma once
// ImageAttentionMean: the running mean of the generated tokens' attention on the (first) image, as streamed in
// StreamedToken::imageAttention. What a finished Run records as metadata["image_attention"] and what the image
// overlay shows while a run streams.
//
//   ImageAttentionMean mean;
//   for (const StreamedToken& token : tokens) mean.add(token);
//   run.metadata.insert(u"image_attention", mean.toJson());
//
// Tokens without a grid are skipped; a token whose grid differs from the first one's is skipped too (a stream has
// one image, so this only guards against malformed input). Plain copyable value.

#include "backends/run_job.h"

#include <QImage>
#include <QJsonObject>
#include <QList>

namespace vlmprobe {

class ImageAttentionMean {
public:
    void add(const StreamedToken& token);
    void clear();

    bool isEmpty() const { return m_count == 0; }
    int rows() const { return m_rows; }
    int columns() const { return m_columns; }
    int tokenCount() const { return m_count; }
    // Mean mass per merged unit, row-major, rows() * columns() values (empty while isEmpty()).
    QList<double> mass() const;

    // {"rows": r, "columns": c, "mass": [...]} with each mass rounded to 5 decimals; {} while empty.
    QJsonObject toJson() const;
    // An 8-bit grayscale image rows x columns (one pixel per merged unit), the highest mass at 255 and zero mass
    // at 0. Null when `json` is not a well-formed record (missing keys, mass count != rows * columns, negatives).
    static QImage heatImage(const QJsonObject& json);

private:
    int m_rows = 0;
    int m_columns = 0;
    int m_count = 0;
    QList<double> m_sum;
};

} // namespace vlmprobe
