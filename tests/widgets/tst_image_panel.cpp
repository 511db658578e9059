// ImagePanel: the checkable "Attention" button shows and hides the view's heat map.

#include "image_panel.h"
#include "image_view.h"

#include <QTest>
#include <QToolButton>

using namespace vlmprobe;

class TestImagePanel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void attentionButtonTogglesTheHeatMap()
    {
        ImagePanel panel;
        auto* button = panel.findChild<QToolButton*>(QStringLiteral("attentionButton"));
        QVERIFY(button);
        QCOMPARE(button, panel.attentionButton());
        QVERIFY(button->isCheckable());
        QVERIFY(button->isChecked());
        QVERIFY(panel.view()->isHeatMapVisible());
        button->click();
        QVERIFY(!button->isChecked());
        QVERIFY(!panel.view()->isHeatMapVisible());
        button->click();
        QVERIFY(panel.view()->isHeatMapVisible());
    }
};

QTEST_MAIN(TestImagePanel)
#include "tst_image_panel.moc"
