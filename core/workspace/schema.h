#pragma once
// The workspace schema and its migrations (core-internal: nothing above core sees SQL).
//
// A workspace is an SQLite file whose header carries our application id and whose user_version is the schema
// version. Migration N takes a file from version N-1 to N; Workspace applies the missing ones inside one
// transaction, so a failed migration leaves the file as it was.

#include <QStringList>

namespace vlmprobe::schema {

// "VLMP" in ASCII, written to PRAGMA application_id.
constexpr int kApplicationId = 0x564C4D50;

// The newest schema version this build reads and writes.
int currentVersion();

// The statements that take a file from version `version - 1` to `version` (1 <= version <= currentVersion()).
// Each entry is one SQL statement (a trigger body counts as part of its statement).
QStringList migrationStatements(int version);

} // namespace vlmprobe::schema
