#include "image_store.h"

#include "sql_support.h"
#include "workspace.h"

#include <QBuffer>
#include <QImageReader>

namespace vlmprobe {

namespace {

using Reason = WorkspaceError::Reason;

bool isSha256Hex(const QString& text)
{
    if (text.size() != 64)
        return false;
    for (const QChar c : text) {
        if (!((c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f')))
            return false;
    }
    return true;
}

} // namespace

ImageStore::ImageStore(Workspace& workspace)
    : m_workspace(workspace)
{
}

ImageStore::~ImageStore() = default;

QString ImageStore::put(const QByteArray& encoded)
{
    QBuffer buffer;
    buffer.setData(encoded);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer);
    const QSize size = reader.size();
    const QByteArray format = reader.format();
    if (encoded.isEmpty() || format.isEmpty() || !size.isValid())
        throw WorkspaceError(Reason::InvalidInput,
            QStringLiteral("cannot store image: the bytes are not an image Qt can read (%1)")
                .arg(reader.errorString()));
    StoredImage image;
    image.bytes = encoded;
    image.format = QString::fromLatin1(format).toLower();
    if (image.format == QLatin1String("jpg"))
        image.format = QStringLiteral("jpeg");
    image.width = size.width();
    image.height = size.height();
    return put(image);
}

QString ImageStore::put(const StoredImage& image)
{
    const QString sha256 = sql::sha256Hex(image.bytes);
    if (!image.sha256.isEmpty() && image.sha256 != sha256)
        throw WorkspaceError(Reason::InvalidInput,
            QStringLiteral("cannot store image: its SHA-256 is %1, not the given %2").arg(sha256, image.sha256));
    if (image.bytes.isEmpty() || image.format.isEmpty() || image.width <= 0 || image.height <= 0)
        throw WorkspaceError(
            Reason::InvalidInput, QStringLiteral("cannot store image: bytes, format and a positive size are required"));
    if (!m_insert) {
        m_insert = std::make_unique<QSqlQuery>(sql::prepare(m_workspace.database(),
            QStringLiteral("INSERT INTO images (sha256, format, width, height, byte_size, created_at, bytes) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING")));
    }
    QSqlQuery& query = *m_insert;
    query.bindValue(0, sha256);
    query.bindValue(1, image.format.toLower());
    query.bindValue(2, image.width);
    query.bindValue(3, image.height);
    query.bindValue(4, image.bytes.size());
    query.bindValue(5, sql::timeValue(sql::nowUtc()));
    query.bindValue(6, image.bytes);
    sql::exec(query, QStringLiteral("cannot store image %1").arg(sha256));
    query.finish();
    return sha256;
}

std::optional<StoredImage> ImageStore::get(const QString& sha256) const
{
    return select(sha256, true);
}

std::optional<StoredImage> ImageStore::info(const QString& sha256) const
{
    return select(sha256, false);
}

bool ImageStore::contains(const QString& sha256) const
{
    return select(sha256, false).has_value();
}

qint64 ImageStore::count() const
{
    return sql::scalar(
        m_workspace.database(), QStringLiteral("SELECT count(*) FROM images"), QStringLiteral("cannot count images"))
        .toLongLong();
}

std::optional<StoredImage> ImageStore::select(const QString& anyCaseSha256, bool withBytes) const
{
    const QString sha256 = anyCaseSha256.toLower();
    if (!isSha256Hex(sha256))
        return std::nullopt;
    QSqlQuery query = sql::prepare(m_workspace.database(),
        withBytes ? QStringLiteral("SELECT sha256, format, width, height, bytes FROM images WHERE sha256 = ?")
                  : QStringLiteral("SELECT sha256, format, width, height FROM images WHERE sha256 = ?"));
    query.addBindValue(sha256);
    const QString context = QStringLiteral("cannot read image %1").arg(sha256);
    sql::exec(query, context);
    if (!query.next()) {
        sql::checkRead(query, context);
        return std::nullopt;
    }
    StoredImage image;
    image.sha256 = query.value(0).toString();
    image.format = query.value(1).toString();
    image.width = query.value(2).toInt();
    image.height = query.value(3).toInt();
    if (withBytes)
        image.bytes = query.value(4).toByteArray();
    return image;
}

} // namespace vlmprobe
