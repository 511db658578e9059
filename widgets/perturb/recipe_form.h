#pragma once
// RecipeForm: one field per scalar entry of a condition recipe (numbers as spin boxes, strings as line edits;
// the drawn "rects" and "strokes" and non-scalar entries are not shown). The perturbation editor owns the recipe:
// setRecipe() only shows it, and a user's change comes back as parameterEdited(key, value), never applied here.
// Each field's object name is "parameter-<key>". GUI thread only.

#include <QJsonObject>
#include <QJsonValue>
#include <QStringList>
#include <QWidget>

class QFormLayout;

namespace vlmprobe {

class RecipeForm : public QWidget {
    Q_OBJECT
public:
    explicit RecipeForm(QWidget* parent = nullptr);

    // Rebuilds the fields when the set of keys changed, then shows the values (without emitting parameterEdited).
    void setRecipe(const QJsonObject& recipe);
    QStringList keys() const { return m_keys; }

Q_SIGNALS:
    void parameterEdited(const QString& key, const QJsonValue& value);

private:
    void rebuild(const QStringList& keys, const QJsonObject& recipe);

    QFormLayout* m_form = nullptr;
    QStringList m_keys;
    QJsonObject m_recipe;
    bool m_applying = false;
};

} // namespace vlmprobe
