#pragma once
// ConditionBadgeDelegate: paints a condition's kind as a small rounded badge, tinted by its family (base, text,
// visual, reuse). The tint is mixed into the palette's base colour and the text uses the palette's text colour, so
// badges stay legible under light and dark palettes. Reads ConditionTreeModel::KindBadgeRole and FamilyRole.

#include <QStyledItemDelegate>

namespace vlmprobe {

class ConditionBadgeDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    explicit ConditionBadgeDelegate(QObject* parent = nullptr);

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
};

} // namespace vlmprobe
