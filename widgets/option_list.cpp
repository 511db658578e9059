#include "option_list.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace vlmprobe {

namespace {

QColor blend(const QColor& base, const QColor& tint, double tintWeight)
{
    return QColor::fromRgbF(static_cast<float>(base.redF() * (1.0 - tintWeight) + tint.redF() * tintWeight),
        static_cast<float>(base.greenF() * (1.0 - tintWeight) + tint.greenF() * tintWeight),
        static_cast<float>(base.blueF() * (1.0 - tintWeight) + tint.blueF() * tintWeight));
}

} // namespace

OptionList::OptionList(QWidget* parent)
    : QWidget(parent)
    , m_layout(new QVBoxLayout(this))
{
    m_layout->setContentsMargins(0, 0, 0, 0);
    m_layout->setSpacing(2);
}

void OptionList::setOptions(const QList<Option>& options)
{
    m_options = options;
    rebuild();
}

void OptionList::clear()
{
    setOptions({});
}

void OptionList::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    // The gold tint is derived from the palette, so a theme switch (light <-> dark) recomputes it.
    if (event->type() == QEvent::PaletteChange)
        rebuild();
}

void OptionList::rebuild()
{
    while (QLayoutItem* item = m_layout->takeAt(0)) {
        delete item->widget();
        delete item;
    }

    const QPalette base = palette();
    const QColor goldBackground = blend(base.color(QPalette::Base), base.color(QPalette::Highlight), 0.22);
    for (const Option& option : m_options) {
        auto* row = new QWidget(this);
        row->setObjectName(QStringLiteral("optionRow"));
        row->setProperty("gold", option.gold);
        auto* rowLayout = new QHBoxLayout(row);
        rowLayout->setContentsMargins(6, 3, 6, 3);
        rowLayout->setSpacing(8);

        auto* letter = new QLabel(option.letter, row);
        letter->setObjectName(QStringLiteral("optionLetter"));
        QFont letterFont = letter->font();
        letterFont.setBold(true);
        letter->setFont(letterFont);
        letter->setAlignment(Qt::AlignHCenter | Qt::AlignTop);
        letter->setMinimumWidth(letter->fontMetrics().horizontalAdvance(QStringLiteral("MM")));

        auto* text = new QLabel(option.text, row);
        text->setObjectName(QStringLiteral("optionText"));
        text->setWordWrap(true);
        text->setTextFormat(Qt::PlainText);
        text->setTextInteractionFlags(Qt::TextSelectableByMouse);

        rowLayout->addWidget(letter);
        rowLayout->addWidget(text, 1);

        if (option.gold) {
            QPalette rowPalette = base;
            rowPalette.setColor(QPalette::Window, goldBackground);
            row->setPalette(rowPalette);
            row->setAutoFillBackground(true);
            auto* mark = new QLabel(tr("\u2713 gold"), row);
            mark->setObjectName(QStringLiteral("goldMark"));
            QFont markFont = mark->font();
            markFont.setBold(true);
            mark->setFont(markFont);
            mark->setAlignment(Qt::AlignRight | Qt::AlignTop);
            mark->setToolTip(tr("The gold (correct) answer of this sample"));
            rowLayout->addWidget(mark);
        }
        m_layout->addWidget(row);
    }
}

} // namespace vlmprobe
