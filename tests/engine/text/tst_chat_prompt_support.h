#pragma once
// Shared by tst_chat_prompt and tst_chat_prompt_cli: the cases of fixtures/chat_prompt/cases.json rendered by the
// Jinja2 oracle (tests/oracles/render_chat_template.py) from the real template in shared/data/qwen2_5_vl/.

#include <QByteArray>
#include <QList>
#include <QString>

struct OracleCase {
    QString name;
    QString messagesPath; // the messages JSON file every renderer reads
    bool addGenerationPrompt = true;
    bool addVisionId = false;
    QByteArray expected; // the oracle's rendering, UTF-8
};

// The shared chat_template.json.
QString sharedChatTemplatePath();

// Writes each case's messages under workDir and renders them all with one oracle run. Returns an empty string on
// success, else why it failed (python3 or python3-jinja2 missing, a broken fixture ...); the caller fails the test.
QString renderOracleCases(const QString& workDir, QList<OracleCase>& cases);

bool writeTestFile(const QString& path, const QByteArray& content);
QByteArray readTestFile(const QString& path); // empty when unreadable
