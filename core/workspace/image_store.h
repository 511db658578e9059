#pragma once
// Images of a workspace, stored once per content: the key is the SHA-256 of the encoded bytes, so putting the
// same file twice stores it once and both callers get the same hash. Owned by the Workspace
// (Workspace::images()); same thread as the workspace.

#include "records.h"

#include <memory>
#include <optional>

class QSqlQuery;

namespace vlmprobe {

class Workspace;

class ImageStore {
public:
    ~ImageStore();

    // Stores an encoded image file, reading its format and size from the bytes (the pixels are not decoded).
    // Returns its SHA-256 hex. Throws InvalidInput when Qt cannot read the bytes as an image.
    QString put(const QByteArray& encoded);
    // Stores an image whose format and size the caller already knows. `image.sha256` may be empty (computed);
    // when given it must match the bytes. Returns the SHA-256 hex.
    QString put(const StoredImage& image);

    std::optional<StoredImage> get(const QString& sha256) const;
    // Format and size without the bytes (bytes left empty).
    std::optional<StoredImage> info(const QString& sha256) const;
    bool contains(const QString& sha256) const;
    qint64 count() const;

private:
    friend class Workspace;
    explicit ImageStore(Workspace& workspace);

    std::optional<StoredImage> select(const QString& sha256, bool withBytes) const;

    Workspace& m_workspace;
    std::unique_ptr<QSqlQuery> m_insert; // prepared on first put
};

} // namespace vlmprobe
