#include "condition_badge_delegate.h"

#include "condition_kind_labels.h"
#include "condition_tree_model.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>

namespace vlmprobe {

namespace {

constexpr int kHorizontalPadding = 6;
constexpr int kVerticalMargin = 2;

// Family hues; only mixed into palette colours, never used as text colours.
QColor familyHue(ConditionFamily family)
{
    switch (family) {
    case ConditionFamily::Base:
        return QColor::fromHsv(0, 0, 128);
    case ConditionFamily::Text:
        return QColor::fromHsv(210, 170, 220);
    case ConditionFamily::Visual:
        return QColor::fromHsv(30, 200, 230);
    case ConditionFamily::Reuse:
        return QColor::fromHsv(280, 140, 200);
    }
    return QColor::fromHsv(0, 0, 128);
}

QColor mix(const QColor& base, const QColor& tint, double tintWeight)
{
    return QColor::fromRgbF(static_cast<float>(base.redF() * (1.0 - tintWeight) + tint.redF() * tintWeight),
        static_cast<float>(base.greenF() * (1.0 - tintWeight) + tint.greenF() * tintWeight),
        static_cast<float>(base.blueF() * (1.0 - tintWeight) + tint.blueF() * tintWeight));
}

} // namespace

ConditionBadgeDelegate::ConditionBadgeDelegate(QObject* parent)
    : QStyledItemDelegate(parent)
{
}

void ConditionBadgeDelegate::paint(
    QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    const QString badge = index.data(ConditionTreeModel::KindBadgeRole).toString();
    const QVariant family = index.data(ConditionTreeModel::FamilyRole);
    if (badge.isEmpty() || !family.isValid()) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }

    // Let the style draw selection and focus as for any cell, then the badge on top without the cell's text.
    QStyleOptionViewItem cell = option;
    initStyleOption(&cell, index);
    cell.text.clear();
    const QWidget* widget = option.widget;
    QStyle* style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &cell, painter, widget);

    const QFontMetrics metrics(option.font);
    const int badgeWidth = metrics.horizontalAdvance(badge) + 2 * kHorizontalPadding;
    const int badgeHeight = std::min(option.rect.height() - 2 * kVerticalMargin, metrics.height() + 2);
    const QRectF badgeRect(option.rect.left() + kHorizontalPadding / 2.0,
        option.rect.top() + (option.rect.height() - badgeHeight) / 2.0, badgeWidth, badgeHeight);

    const QColor hue = familyHue(static_cast<ConditionFamily>(family.toInt()));
    const QPalette& colors = option.palette;
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    QPainterPath path;
    path.addRoundedRect(badgeRect.adjusted(0.5, 0.5, -0.5, -0.5), badgeHeight / 2.0, badgeHeight / 2.0);
    painter->fillPath(path, mix(colors.color(QPalette::Base), hue, 0.35));
    painter->setPen(QPen(mix(colors.color(QPalette::Base), hue, 0.8), 1.0));
    painter->drawPath(path);
    painter->setPen(colors.color(QPalette::Text));
    painter->setFont(option.font);
    painter->drawText(badgeRect, Qt::AlignCenter, badge);
    painter->restore();
}

QSize ConditionBadgeDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    const QSize base = QStyledItemDelegate::sizeHint(option, index);
    const QString badge = index.data(ConditionTreeModel::KindBadgeRole).toString();
    if (badge.isEmpty())
        return base;
    const QFontMetrics metrics(option.font);
    return QSize(std::max(base.width(), metrics.horizontalAdvance(badge) + 3 * kHorizontalPadding),
        std::max(base.height(), metrics.height() + 2 * kVerticalMargin + 2));
}

} // namespace vlmprobe
