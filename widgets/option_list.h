#pragma once
// OptionList: the multiple-choice options of a sample, one row per option ("A  text"), the gold answer highlighted
// with the palette's highlight colour and marked "gold" in words (so it does not rely on colour alone). Option
// counts vary (2 to 5+); nothing assumes A-D. GUI thread only.

#include <QList>
#include <QString>
#include <QWidget>

class QVBoxLayout;

namespace vlmprobe {

class OptionList : public QWidget {
    Q_OBJECT
public:
    struct Option {
        QString letter;
        QString text;
        bool gold = false;
    };

    explicit OptionList(QWidget* parent = nullptr);

    void setOptions(const QList<Option>& options);
    void clear();
    const QList<Option>& options() const { return m_options; }

protected:
    void changeEvent(QEvent* event) override;

private:
    void rebuild();

    QList<Option> m_options;
    QVBoxLayout* m_layout = nullptr;
};

} // namespace vlmprobe
