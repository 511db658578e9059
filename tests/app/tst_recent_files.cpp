// RecentFiles: newest first, no duplicates (after path cleaning), bounded, persisted in QSettings.

#include "recent_files.h"

#include <QDir>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>

using namespace vlmprobe;

class TestRecentFiles : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void keepsNewestFirstWithoutDuplicates();
    void isBounded();
    void removesAndClears();
    void remembersLastWorkspace();
};

void TestRecentFiles::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("vlmprobe-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_recent_files"));
}

void TestRecentFiles::init()
{
    QSettings().clear();
}

void TestRecentFiles::keepsNewestFirstWithoutDuplicates()
{
    RecentFiles recent;
    QVERIFY(recent.paths().isEmpty());
    recent.add(QStringLiteral("/data/a.vlmprobe"));
    recent.add(QStringLiteral("/data/b.vlmprobe"));
    recent.add(QStringLiteral("/data/sub/../a.vlmprobe"));
    QCOMPARE(recent.paths(), (QStringList { QStringLiteral("/data/a.vlmprobe"), QStringLiteral("/data/b.vlmprobe") }));
    // Relative paths are stored absolute.
    recent.add(QStringLiteral("relative.vlmprobe"));
    QCOMPARE(recent.paths().first(), QDir::current().absoluteFilePath(QStringLiteral("relative.vlmprobe")));
    // Persisted: a fresh instance (and a fresh QSettings) sees the same list.
    QCOMPARE(RecentFiles().paths().size(), 3);
}

void TestRecentFiles::isBounded()
{
    RecentFiles recent;
    for (int i = 0; i < RecentFiles::kMaximumCount + 5; ++i)
        recent.add(QStringLiteral("/data/w%1.vlmprobe").arg(i));
    const QStringList paths = recent.paths();
    QCOMPARE(paths.size(), RecentFiles::kMaximumCount);
    QCOMPARE(paths.first(), QStringLiteral("/data/w%1.vlmprobe").arg(RecentFiles::kMaximumCount + 4));
    QCOMPARE(paths.last(), QStringLiteral("/data/w5.vlmprobe"));
}

void TestRecentFiles::removesAndClears()
{
    RecentFiles recent;
    recent.add(QStringLiteral("/data/a.vlmprobe"));
    recent.add(QStringLiteral("/data/b.vlmprobe"));
    recent.remove(QStringLiteral("/data/./a.vlmprobe"));
    QCOMPARE(recent.paths(), QStringList { QStringLiteral("/data/b.vlmprobe") });
    recent.remove(QStringLiteral("/data/unknown.vlmprobe"));
    QCOMPARE(recent.paths().size(), 1);
    recent.clear();
    QVERIFY(recent.paths().isEmpty());
}

void TestRecentFiles::remembersLastWorkspace()
{
    RecentFiles recent;
    QVERIFY(recent.lastWorkspace().isEmpty());
    recent.setLastWorkspace(QStringLiteral("/data/x/../y.vlmprobe"));
    QCOMPARE(RecentFiles().lastWorkspace(), QStringLiteral("/data/y.vlmprobe"));
    recent.setLastWorkspace(QString());
    QVERIFY(recent.lastWorkspace().isEmpty());
}

QTEST_GUILESS_MAIN(TestRecentFiles)
#include "tst_recent_files.moc"
