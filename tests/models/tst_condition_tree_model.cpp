// ConditionTreeModel: lineage as a tree, under QAbstractItemModelTester. Fixtures are literal condition lists, plus
// the demo workspace whose documented shape (Base with five children per sample) the tree must reproduce.

#include "condition_kind_labels.h"
#include "condition_tree_model.h"
#include "data/demo_workspace.h"
#include "workspace/condition_repository.h"
#include "workspace/sample_repository.h"
#include "workspace/workspace.h"

#include <QAbstractItemModelTester>
#include <QTemporaryDir>
#include <QTest>

using namespace vlmprobe;

namespace {

Condition makeCondition(qint64 id, ConditionKind kind, std::optional<qint64> parent, const QString& label = {})
{
    Condition condition;
    condition.id = id;
    condition.sampleId = 1;
    condition.kind = kind;
    condition.parentId = parent;
    condition.label = label;
    return condition;
}

qint64 idAt(const QModelIndex& index)
{
    return index.data(ConditionTreeModel::ConditionIdRole).toLongLong();
}

} // namespace

class TestConditionTreeModel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void buildsLineage();
    void displaysConditions();
    void badLineageBecomesRoots();
    void resetsAndClears();
    void demoWorkspaceShape();
};

void TestConditionTreeModel::buildsLineage()
{
    ConditionTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    // Given out of order on purpose: siblings are ordered by id whatever the input order.
    model.setConditions({
        makeCondition(4, ConditionKind::EarlyAnswering, 3),
        makeCondition(3, ConditionKind::WrongThink, 1),
        makeCondition(1, ConditionKind::Base, std::nullopt),
        makeCondition(2, ConditionKind::WrongCaption, 1),
        makeCondition(10, ConditionKind::GaussianBlur, std::nullopt, QStringLiteral("blur sigma 3")),
    });

    QCOMPARE(model.rowCount(), 2);
    const QModelIndex base = model.index(0, 0);
    const QModelIndex blur = model.index(1, 0);
    QCOMPARE(idAt(base), 1);
    QCOMPARE(idAt(blur), 10);
    QCOMPARE(model.rowCount(base), 2);
    QCOMPARE(model.rowCount(blur), 0);
    const QModelIndex wrongCaption = model.index(0, 0, base);
    const QModelIndex wrongThink = model.index(1, 0, base);
    QCOMPARE(idAt(wrongCaption), 2);
    QCOMPARE(idAt(wrongThink), 3);
    QCOMPARE(model.parent(wrongThink), base);
    QCOMPARE(model.rowCount(wrongThink), 1);
    const QModelIndex early = model.index(0, 0, wrongThink);
    QCOMPARE(idAt(early), 4);
    QCOMPARE(model.parent(early), wrongThink);
    QCOMPARE(model.parent(model.index(0, 2, wrongThink)), wrongThink);
    QVERIFY(!model.parent(base).isValid());
    QCOMPARE(model.data(early, ConditionTreeModel::ParentIdRole).toLongLong(), 3);
    QVERIFY(!model.data(base, ConditionTreeModel::ParentIdRole).isValid());

    QCOMPARE(model.indexOf(4), early);
    QVERIFY(!model.indexOf(999).isValid());
    QCOMPARE(model.condition(early)->kind, ConditionKind::EarlyAnswering);
    QVERIFY(model.condition(QModelIndex()) == nullptr);
}

void TestConditionTreeModel::displaysConditions()
{
    ConditionTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    Condition wrong = makeCondition(2, ConditionKind::WrongThinkCue, std::nullopt);
    wrong.targetOption = QStringLiteral("C");
    wrong.thinkPrefix = QStringLiteral("<think>It is clearly C");
    wrong.cueText = QStringLiteral(" But I think");
    wrong.provenance.insert(QStringLiteral("source"), QStringLiteral("template"));
    model.setConditions({ wrong, makeCondition(5, ConditionKind::Occlusion, std::nullopt, QStringLiteral("mask")) });

    using Column = ConditionTreeModel::Column;
    const QModelIndex row0 = model.index(0, 0);
    QCOMPARE(model.index(0, int(Column::Name)).data().toString(), QStringLiteral("Wrong-Think + cue"));
    QCOMPARE(model.index(0, int(Column::Kind)).data().toString(), QStringLiteral("WT+cue"));
    QCOMPARE(model.index(0, int(Column::Target)).data().toString(), QStringLiteral("C"));
    QCOMPARE(model.index(0, int(Column::Source)).data().toString(), QStringLiteral("template"));
    QCOMPARE(row0.data(ConditionTreeModel::KindNameRole).toString(), QStringLiteral("wrong-think-cue"));
    QCOMPARE(row0.data(ConditionTreeModel::KindRole).toInt(), int(ConditionKind::WrongThinkCue));
    QCOMPARE(row0.data(ConditionTreeModel::FamilyRole).toInt(), int(ConditionFamily::Text));
    QCOMPARE(row0.data(ConditionTreeModel::TargetOptionRole).toString(), QStringLiteral("C"));
    QVERIFY(row0.data(Qt::ToolTipRole).toString().contains(QStringLiteral("It is clearly C But I think")));
    // A label overrides the kind's title; the badge still names the kind.
    QCOMPARE(model.index(1, int(Column::Name)).data().toString(), QStringLiteral("mask"));
    QCOMPARE(model.index(1, 0).data(ConditionTreeModel::FamilyRole).toInt(), int(ConditionFamily::Visual));
    QCOMPARE(model.headerData(int(Column::Name), Qt::Horizontal).toString(), QStringLiteral("Condition"));

    // Every kind has a title and a badge of its own.
    QSet<QString> titles;
    QSet<QString> badges;
    for (const ConditionKind kind : allConditionKinds()) {
        titles.insert(conditionKindTitle(kind));
        badges.insert(conditionKindBadge(kind));
    }
    QCOMPARE(titles.size(), allConditionKinds().size());
    QCOMPARE(badges.size(), allConditionKinds().size());
}

void TestConditionTreeModel::badLineageBecomesRoots()
{
    ConditionTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setConditions({
        makeCondition(1, ConditionKind::Base, std::nullopt),
        makeCondition(2, ConditionKind::WrongThink, 99), // parent not in the set
        makeCondition(5, ConditionKind::Noise, 6), // 5 <-> 6 loop
        makeCondition(6, ConditionKind::Crop, 5),
        makeCondition(7, ConditionKind::Rotation, 6), // child of a loop member: kept under it
        makeCondition(8, ConditionKind::Abstain, 8), // its own parent
    });
    QList<qint64> roots;
    for (int row = 0; row < model.rowCount(); ++row)
        roots << idAt(model.index(row, 0));
    QCOMPARE(roots, (QList<qint64> { 1, 2, 5, 6, 8 }));
    QCOMPARE(model.rowCount(model.indexOf(6)), 1);
    QCOMPARE(idAt(model.index(0, 0, model.indexOf(6))), 7);
    QCOMPARE(model.rowCount(model.indexOf(5)), 0);
}

void TestConditionTreeModel::resetsAndClears()
{
    ConditionTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setConditions(
        { makeCondition(1, ConditionKind::Base, std::nullopt), makeCondition(2, ConditionKind::StopThink, 1) });
    QCOMPARE(model.rowCount(), 1);
    model.setConditions({ makeCondition(3, ConditionKind::Base, std::nullopt) });
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.rowCount(model.index(0, 0)), 0);
    model.clear();
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(!model.index(0, 0).isValid());
}

void TestConditionTreeModel::demoWorkspaceShape()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("demo.vlmprobe"));
    writeDemoWorkspace(path, 3, 7);
    auto workspace = Workspace::open(path);
    const SampleQuery query;
    const QList<SampleRow> rows = workspace->samples().page(query);
    QCOMPARE(rows.size(), 3);

    ConditionTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    for (const SampleRow& row : rows) {
        const QList<Condition> conditions = workspace->conditions().listForSample(row.id);
        model.setConditions(conditions);
        QCOMPARE(model.rowCount(), 1);
        const QModelIndex base = model.index(0, 0);
        QCOMPARE(base.data(ConditionTreeModel::KindRole).toInt(), int(ConditionKind::Base));
        QCOMPARE(model.rowCount(base), int(conditions.size()) - 1);
        QSet<int> kinds;
        for (int child = 0; child < model.rowCount(base); ++child)
            kinds.insert(model.index(child, 0, base).data(ConditionTreeModel::KindRole).toInt());
        const QSet<int> expected { int(ConditionKind::CorrectCaption), int(ConditionKind::WrongCaption),
            int(ConditionKind::CorrectThink), int(ConditionKind::WrongThink), int(ConditionKind::StopThink) };
        QCOMPARE(kinds, expected);
    }
}

QTEST_GUILESS_MAIN(TestConditionTreeModel)
#include "tst_condition_tree_model.moc"
