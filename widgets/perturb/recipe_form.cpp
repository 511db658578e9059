#include "recipe_form.h"

#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QScopedValueRollback>

namespace vlmprobe {

namespace {

bool isShown(const QString& key, const QJsonValue& value)
{
    return key != QLatin1String("rects") && key != QLatin1String("strokes") && (value.isDouble() || value.isString());
}

} // namespace

RecipeForm::RecipeForm(QWidget* parent)
    : QWidget(parent)
    , m_form(new QFormLayout(this))
{
    m_form->setContentsMargins(0, 0, 0, 0);
}

void RecipeForm::setRecipe(const QJsonObject& recipe)
{
    const QScopedValueRollback guard(m_applying, true);
    m_recipe = recipe;
    QStringList keys;
    for (auto it = recipe.begin(); it != recipe.end(); ++it) {
        if (isShown(it.key(), it.value()))
            keys.append(it.key());
    }
    if (keys != m_keys)
        rebuild(keys, recipe);
    for (int row = 0; row < m_form->rowCount(); ++row) {
        QWidget* field = m_form->itemAt(row, QFormLayout::FieldRole)->widget();
        const QJsonValue value = recipe.value(m_keys.at(row));
        if (auto* spin = qobject_cast<QDoubleSpinBox*>(field))
            spin->setValue(value.toDouble());
        else if (auto* edit = qobject_cast<QLineEdit*>(field))
            edit->setText(value.toString());
    }
}

void RecipeForm::rebuild(const QStringList& keys, const QJsonObject& recipe)
{
    while (m_form->rowCount() > 0)
        m_form->removeRow(0);
    m_keys = keys;
    for (const QString& key : keys) {
        if (recipe.value(key).isDouble()) {
            auto* spin = new QDoubleSpinBox;
            spin->setObjectName(QStringLiteral("parameter-") + key);
            spin->setRange(-1.0e6, 1.0e6);
            spin->setDecimals(3);
            spin->setKeyboardTracking(false);
            connect(spin, &QDoubleSpinBox::valueChanged, this, [this, key](double value) {
                if (!m_applying)
                    Q_EMIT parameterEdited(key, value);
            });
            m_form->addRow(key, spin);
        } else {
            auto* edit = new QLineEdit;
            edit->setObjectName(QStringLiteral("parameter-") + key);
            connect(edit, &QLineEdit::editingFinished, this, [this, key, edit] {
                if (!m_applying && m_recipe.value(key).toString() != edit->text())
                    Q_EMIT parameterEdited(key, edit->text());
            });
            m_form->addRow(key, edit);
        }
    }
}

} // namespace vlmprobe
