#include "backends/image_attention_mean.h"

#include <QJsonArray>

#include <algorithm>
#include <cmath>

namespace vlmprobe {

void ImageAttentionMean::add(const StreamedToken& token)
{
    const qsizetype cells = static_cast<qsizetype>(token.attentionRows) * token.attentionColumns;
    if (token.attentionRows <= 0 || token.attentionColumns <= 0 || token.imageAttention.size() != cells)
        return;
    if (m_count == 0) {
        m_rows = token.attentionRows;
        m_columns = token.attentionColumns;
        m_sum = QList<double>(cells, 0.0);
    } else if (token.attentionRows != m_rows || token.attentionColumns != m_columns) {
        return;
    }
    for (qsizetype i = 0; i < cells; ++i)
        m_sum[i] += static_cast<double>(token.imageAttention[i]);
    ++m_count;
}

void ImageAttentionMean::clear()
{
    *this = ImageAttentionMean();
}

QList<double> ImageAttentionMean::mass() const
{
    QList<double> out;
    if (m_count == 0)
        return out;
    out.reserve(m_sum.size());
    for (const double sum : m_sum)
        out.append(sum / m_count);
    return out;
}

QJsonObject ImageAttentionMean::toJson() const
{
    if (m_count == 0)
        return {};
    QJsonArray values;
    for (const double value : mass())
        values.append(std::round(value * 1e5) / 1e5);
    return QJsonObject { { QStringLiteral("rows"), m_rows }, { QStringLiteral("columns"), m_columns },
        { QStringLiteral("mass"), values } };
}

QImage ImageAttentionMean::heatImage(const QJsonObject& json)
{
    const int rows = json.value(QLatin1String("rows")).toInt();
    const int columns = json.value(QLatin1String("columns")).toInt();
    const QJsonArray values = json.value(QLatin1String("mass")).toArray();
    if (rows <= 0 || columns <= 0 || values.size() != static_cast<qsizetype>(rows) * columns)
        return {};
    double maximum = 0;
    for (const QJsonValue& value : values) {
        if (!value.isDouble() || value.toDouble() < 0)
            return {};
        maximum = std::max(maximum, value.toDouble());
    }
    QImage image(columns, rows, QImage::Format_Grayscale8);
    for (int y = 0; y < rows; ++y) {
        uchar* line = image.scanLine(y);
        for (int x = 0; x < columns; ++x) {
            const double value = values[y * columns + x].toDouble();
            // Relative to the brightest unit: the absolute masses are small (they share the attention with the text).
            line[x] = maximum > 0 ? static_cast<uchar>(std::lround(255.0 * value / maximum)) : uchar(0);
        }
    }
    return image;
}

} // namespace vlmprobe
