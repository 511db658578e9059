#pragma once
// Test support for core/probe: a workspace holding one stored sample ("How many red circles are there?", options
// 2 / 3 / 4, gold B, a small PNG), and functions that store a condition or run and read it back, so that prompts are
// assembled from what a workspace file actually returns.

#include "workspace/records.h"
#include "workspace/workspace.h"

#include <QTemporaryDir>

#include <memory>

namespace vlmprobe::test {

class ProbeFixture {
public:
    ProbeFixture(); // throws WorkspaceError when the workspace cannot be created
    Workspace& workspace() { return *m_workspace; }
    const Sample& sample() const { return m_sample; }
    qint64 baseConditionId() const { return m_baseId; }

    // Stores the condition (sampleId filled in) and returns it as read back.
    Condition stored(Condition condition);
    // Stores a Done run of the base condition and returns it as read back.
    Run storedRun(Run run);

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Workspace> m_workspace;
    Sample m_sample;
    qint64 m_baseId = 0;
    qint64 m_modelId = 0;
};

// A PNG of the given size: a diagonal gradient with a dark 8-pixel checkerboard in the top-left quarter.
QByteArray testPng(int width, int height);

} // namespace vlmprobe::test
