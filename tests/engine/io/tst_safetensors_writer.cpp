// SafetensorsWriter: the bytes must equal data/writer_oracle.safetensors, written by an independent Python
// implementation (oracle/make_writer_oracle.py, json + struct only) from the same tensors; the written file must
// read back through SafetensorsFile; bad input is refused.
#include "vlmprobe/engine/errors.h"
#include "vlmprobe/engine/safetensors_file.h"
#include "vlmprobe/engine/safetensors_writer.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <cstring>

using namespace vlmprobe::engine;

namespace {

std::vector<std::uint8_t> bytesOf(std::initializer_list<std::int64_t> values)
{
    std::vector<std::uint8_t> out(values.size() * 8);
    std::size_t i = 0;
    for (std::int64_t value : values) {
        std::memcpy(out.data() + i, &value, 8);
        i += 8;
    }
    return out;
}

// The tensors of make_writer_oracle.py, added in the same order.
SafetensorsWriter oracleTensors()
{
    const float f32[] = { -1.0f, -0.75f, 0.5f, 0.25f, 1e-3f, 3.0f };
    const float f16[] = { 0.1f, -2.5f, 65504.0f, 1e-7f, 3.14159f };
    const float bf16[] = { 1.0f, -0.1f, 3.14159f, 1e-20f, 65504.0f, -7.5f };
    const double scalar = 2.5;
    std::vector<std::uint8_t> scalarBytes(8);
    std::memcpy(scalarBytes.data(), &scalar, 8);

    SafetensorsWriter writer;
    writer.addFloat32("model.norm.weight", { 2, 3 }, f32);
    writer.addFloat32("visual.half", { 5 }, f16, DType::F16);
    writer.addFloat32("model.embed_tokens.weight", { 3, 2 }, bf16, DType::BF16);
    writer.add("ids", DType::I64, { 3 }, bytesOf({ -3, 0, std::int64_t { 1 } << 40 }));
    writer.add("mask", DType::Bool, { 3 }, { 1, 0, 1 });
    writer.add("bytes", DType::U8, { 1 }, { 200 });
    writer.add("scalar", DType::F64, {}, scalarBytes);
    writer.add("empty", DType::F32, { 0, 3 }, {});
    writer.setMetadata("note", "oracle");
    writer.setMetadata("format", "pt");
    return writer;
}

QByteArray readFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

} // namespace

class TestSafetensorsWriter : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void matchesThePythonOracle()
    {
        const QByteArray expected
            = readFile(QStringLiteral(VLMPROBE_SOURCE_DIR "/tests/engine/io/data/writer_oracle.safetensors"));
        QVERIFY(!expected.isEmpty());
        const std::string actual = oracleTensors().serialize();
        QCOMPARE(QByteArray(actual.data(), static_cast<qsizetype>(actual.size())), expected);
    }

    void writesAtomicallyAndReadsBack()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("out.safetensors"));
        oracleTensors().write(path.toStdString());
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList { QStringLiteral("out.safetensors") });

        const SafetensorsFile file = SafetensorsFile::open(path.toStdString());
        QCOMPARE((8 + file.headerSize()) % 8, std::size_t { 0 });
        QCOMPARE(file.metadata().at("note"), std::string("oracle"));
        QCOMPARE(file.tensors().size(), std::size_t { 8 });
        for (const TensorView& tensor : file.tensors()) // every tensor aligned to its element size
            QCOMPARE(reinterpret_cast<std::uintptr_t>(tensor.data) % dtypeSize(tensor.dtype), std::uintptr_t { 0 });
        QCOMPARE(toFloat32(file.require("model.norm.weight")),
            (std::vector<float> { -1.0f, -0.75f, 0.5f, 0.25f, 1e-3f, 3.0f }));
        QCOMPARE(toFloat32(file.require("ids")), (std::vector<float> { -3.0f, 0.0f, 1099511627776.0f }));
        QCOMPARE(toFloat32(file.require("scalar")), std::vector<float> { 2.5f });
        QCOMPARE(file.require("empty").numel(), std::int64_t { 0 });
        QCOMPARE(file.require("empty").shape, (std::vector<std::int64_t> { 0, 3 }));
        // float16 and bfloat16 round to nearest even: values exactly representable come back exactly.
        QCOMPARE(toFloat32(file.require("visual.half"))[1], -2.5f);
        QCOMPARE(toFloat32(file.require("model.embed_tokens.weight"))[5], -7.5f);
    }

    void failedWriteLeavesNoFile()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("missing/out.safetensors"));
        QVERIFY_THROWS_EXCEPTION(LoadError, oracleTensors().write(path.toStdString()));
        QVERIFY(QDir(dir.path()).entryList(QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot).isEmpty());
    }

    void refusesBadTensors()
    {
        SafetensorsWriter writer;
        writer.add("a", DType::U8, { 2 }, { 1, 2 });
        QVERIFY_THROWS_EXCEPTION(InvalidInputError, writer.add("a", DType::U8, { 1 }, { 1 }));
        QVERIFY_THROWS_EXCEPTION(InvalidInputError, writer.add("", DType::U8, { 1 }, { 1 }));
        QVERIFY_THROWS_EXCEPTION(InvalidInputError, writer.add("__metadata__", DType::U8, { 1 }, { 1 }));
        QVERIFY_THROWS_EXCEPTION(InvalidInputError, writer.add("b", DType::F32, { 2 }, { 1, 2, 3, 4 }));
        QVERIFY_THROWS_EXCEPTION(InvalidInputError, writer.add("c", DType::U8, { -1 }, {}));
        QVERIFY_THROWS_EXCEPTION(
            InvalidInputError, writer.add("d", DType::U8, { std::int64_t { 1 } << 40, std::int64_t { 1 } << 40 }, {}));
        const float value = 1.0f;
        QVERIFY_THROWS_EXCEPTION(InvalidInputError, writer.addFloat32("e", { 1 }, &value, DType::I32));
        QCOMPARE(writer.size(), std::size_t { 1 });
    }

    void emptyWriterMakesAValidFile()
    {
        const std::string image = SafetensorsWriter().serialize();
        QCOMPARE(image.size(), std::size_t { 16 });
        const SafetensorsFile file
            = SafetensorsFile::fromMemory(reinterpret_cast<const std::uint8_t*>(image.data()), image.size(), "empty");
        QVERIFY(file.tensors().empty());
    }
};

QTEST_GUILESS_MAIN(TestSafetensorsWriter)
#include "tst_safetensors_writer.moc"
