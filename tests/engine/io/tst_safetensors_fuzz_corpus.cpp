// Replays every file of fuzz_corpus/ (inputs kept from fuzzing fuzz_safetensors_header) through the reader: each
// must be accepted or rejected with a LoadError, never anything else.
#include "vlmprobe/engine/errors.h"
#include "vlmprobe/engine/safetensors_file.h"

#include <QDir>
#include <QFile>
#include <QTest>

#include <exception>

using namespace vlmprobe::engine;

class TestSafetensorsFuzzCorpus : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void replaysTheCorpus()
    {
        const QDir corpus(QStringLiteral(VLMPROBE_SOURCE_DIR "/tests/engine/io/fuzz_corpus"));
        const QStringList files = corpus.entryList(QDir::Files, QDir::Name);
        QVERIFY2(files.size() >= 5, "the fuzz corpus is missing");
        int accepted = 0;
        int rejected = 0;
        for (const QString& name : files) {
            QFile file(corpus.filePath(name));
            QVERIFY(file.open(QIODevice::ReadOnly));
            const QByteArray bytes = file.readAll();
            try {
                const SafetensorsFile parsed
                    = SafetensorsFile::fromMemory(reinterpret_cast<const std::uint8_t*>(bytes.constData()),
                        static_cast<std::size_t>(bytes.size()), name.toStdString());
                for (const TensorView& tensor : parsed.tensors()) {
                    QVERIFY(tensor.data >= reinterpret_cast<const std::uint8_t*>(bytes.constData()));
                    QVERIFY(tensor.data + tensor.byteSize
                        <= reinterpret_cast<const std::uint8_t*>(bytes.constData()) + bytes.size());
                    (void)toFloat32(tensor);
                }
                ++accepted;
            } catch (const LoadError& error) {
                QVERIFY2(QString::fromUtf8(error.what()).startsWith(name), error.what());
                for (const char* c = error.what(); *c; ++c)
                    QVERIFY2(static_cast<unsigned char>(*c) >= 0x20, error.what()); // one printable line
                ++rejected;
            } catch (const std::exception& error) {
                QFAIL(qPrintable(name + QStringLiteral(": unexpected exception: ") + QString::fromUtf8(error.what())));
            }
        }
        // The corpus exercises both outcomes.
        QVERIFY(accepted > 0);
        QVERIFY(rejected > 0);
    }
};

QTEST_GUILESS_MAIN(TestSafetensorsFuzzCorpus)
#include "tst_safetensors_fuzz_corpus.moc"
