// SafetensorsFile: the golden checkpoints, edge cases the format allows, and every malformed file the reader must
// reject with a LoadError that names the file (and the tensor, where there is one). The malformed images are
// assembled byte by byte from literal headers (safetensors_test_support), independent of SafetensorsWriter.
#include "safetensors_test_support.h"

#include "vlmprobe/engine/errors.h"
#include "vlmprobe/engine/safetensors_file.h"

#include <QTemporaryDir>
#include <QTest>

using namespace vlmprobe::engine;
using vlmprobe::test::float32Bytes;
using vlmprobe::test::safetensorsImage;

namespace {

const QString kGolden = QStringLiteral(VLMPROBE_SHARED_DIR "/golden/checkpoints");

QByteArray lengthPrefix(quint64 length)
{
    QByteArray out;
    for (int i = 0; i < 8; ++i) {
        out.append(static_cast<char>(length & 0xffu));
        length >>= 8;
    }
    return out;
}

} // namespace

class TestSafetensorsFile : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void opensGoldenFlatFile()
    {
        const SafetensorsFile file
            = SafetensorsFile::open(vlmprobe::test::toStd(kGolden + QStringLiteral("/flat_f32/model.safetensors")));
        QCOMPARE(file.tensors().size(), std::size_t { 93 });
        QCOMPARE(file.headerSize(), std::size_t { 9192 });
        QCOMPARE(file.metadata().at("format"), std::string("pt"));
        // In data order: the first tensor starts the buffer, each next one starts where the previous ends.
        const std::uint8_t* expected = file.tensors().front().data;
        for (const TensorView& tensor : file.tensors()) {
            QCOMPARE(tensor.data, expected);
            QCOMPARE(tensor.byteSize, static_cast<std::size_t>(tensor.numel()) * dtypeSize(tensor.dtype));
            expected += tensor.byteSize;
        }
        const TensorView& patch = file.require("visual.patch_embed.proj.weight");
        QCOMPARE(patch.dtype, DType::F32);
        QCOMPARE(patch.shape, (std::vector<std::int64_t> { 64, 3, 2, 2, 2 }));
        QVERIFY(file.find("model.visual.patch_embed.proj.weight") == nullptr);
        QVERIFY(file.find("lm_head.weight") != nullptr);
    }

    void opensGoldenBf16File()
    {
        const SafetensorsFile file = SafetensorsFile::open(
            vlmprobe::test::toStd(kGolden + QStringLiteral("/nested_tied_bf16/model.safetensors")));
        QCOMPARE(file.tensors().size(), std::size_t { 92 });
        for (const TensorView& tensor : file.tensors())
            QCOMPARE(tensor.dtype, DType::BF16);
        QVERIFY(file.find("lm_head.weight") == nullptr);
        QVERIFY(file.find("model.language_model.embed_tokens.weight") != nullptr);
    }

    void requireNamesFileAndTensor()
    {
        const std::string path = vlmprobe::test::toStd(kGolden + QStringLiteral("/flat_f32/model.safetensors"));
        const SafetensorsFile file = SafetensorsFile::open(path);
        try {
            file.require("no.such.tensor");
            QFAIL("require did not throw");
        } catch (const LoadError& error) {
            const QString message = QString::fromUtf8(error.what());
            QVERIFY2(message.contains(QString::fromStdString(path)), error.what());
            QVERIFY2(message.contains(QStringLiteral("no.such.tensor")), error.what());
        }
    }

    void acceptsLegalEdgeCases_data()
    {
        QTest::addColumn<QByteArray>("image");
        QTest::addColumn<int>("tensorCount");
        QTest::newRow("empty header") << safetensorsImage("{}", {}) << 0;
        QTest::newRow("space padding") << safetensorsImage("{}      ", {}) << 0;
        QTest::newRow("metadata only") << safetensorsImage(R"({"__metadata__":{"format":"pt"}})", {}) << 0;
        QTest::newRow("null metadata") << safetensorsImage(R"({"__metadata__":null})", {}) << 0;
        QTest::newRow("scalar") << safetensorsImage(
            R"({"s":{"dtype":"F32","shape":[],"data_offsets":[0,4]}})", float32Bytes({ 2.5f }))
                                << 1;
        QTest::newRow("zero-size tensors") << safetensorsImage(
            R"({"a":{"dtype":"F32","shape":[0,3],"data_offsets":[0,0]},)"
            R"("b":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},)"
            R"("c":{"dtype":"I64","shape":[2,0],"data_offsets":[4,4]}})",
            float32Bytes({ 1.0f })) << 3;
        QTest::newRow("unaligned f32") << safetensorsImage(R"({"u":{"dtype":"U8","shape":[1],"data_offsets":[0,1]},)"
                                                           R"("f":{"dtype":"F32","shape":[1],"data_offsets":[1,5]}})",
            QByteArray(1, '\x07') + float32Bytes({ -3.0f }))
                                       << 2;
        QTest::newRow("extra entry key") << safetensorsImage(
            R"({"t":{"dtype":"U8","shape":[2],"data_offsets":[0,2],"extra":1}})", QByteArray(2, '\0'))
                                         << 1;
    }

    void acceptsLegalEdgeCases()
    {
        QFETCH(QByteArray, image);
        QFETCH(int, tensorCount);
        const SafetensorsFile file = SafetensorsFile::fromMemory(
            reinterpret_cast<const std::uint8_t*>(image.data()), static_cast<std::size_t>(image.size()), "memory");
        QCOMPARE(static_cast<int>(file.tensors().size()), tensorCount);
        if (const TensorView* f = file.find("f")) {
            QCOMPARE(f->data, reinterpret_cast<const std::uint8_t*>(image.data()) + 8 + file.headerSize() + 1);
            QCOMPARE(toFloat32(*f), std::vector<float> { -3.0f });
        }
        if (const TensorView* s = file.find("s")) {
            QCOMPARE(s->numel(), std::int64_t { 1 });
            QCOMPARE(toFloat32(*s), std::vector<float> { 2.5f });
        }
    }

    void rejectsMalformedFiles_data()
    {
        QTest::addColumn<QByteArray>("image");
        QTest::addColumn<QString>("tensor"); // must appear in the message; empty when the fault is file-wide

        const QString none;
        const QString t = QStringLiteral("'t'");
        const QByteArray four = float32Bytes({ 1.0f });
        QTest::newRow("empty file") << QByteArray() << none;
        QTest::newRow("shorter than the length") << QByteArray("\x02\x00\x00", 3) << none;
        QTest::newRow("header past the end") << lengthPrefix(64) + QByteArray("{}") << none;
        QTest::newRow("absurd header length") << lengthPrefix(quint64 { 1 } << 40) + QByteArray("{}") << none;
        QTest::newRow("length with top bit") << lengthPrefix(~quint64 { 0 }) + QByteArray("{}") << none;
        QTest::newRow("zero header length") << lengthPrefix(0) << none;
        QTest::newRow("not JSON") << safetensorsImage("{abc", {}) << none;
        QTest::newRow("JSON list") << safetensorsImage("[1,2]", {}) << none;
        QTest::newRow("truncated JSON") << safetensorsImage(R"({"t":{"dtype":"F32")", {}) << none;
        QTest::newRow("leading space") << safetensorsImage(" {}", {}) << none;
        QTest::newRow("NUL padding") << safetensorsImage(QByteArray("{}\0\0\0\0\0\0", 8), {}) << none;
        QTest::newRow("NUL then junk") << safetensorsImage(QByteArray("{}\0[[[", 6), {}) << none;
        QTest::newRow("invalid UTF-8") << safetensorsImage("{\"\xff\xfe\":{}}", {}) << none;
        QTest::newRow("duplicate tensor") << safetensorsImage(
            R"({"t":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},)"
            R"("t":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})",
            four) << t;
        QTest::newRow("duplicate entry key")
            << safetensorsImage(R"({"t":{"dtype":"F32","dtype":"I32","shape":[1],"data_offsets":[0,4]}})", four)
            << QStringLiteral("'dtype'");
        QTest::newRow("entry not an object") << safetensorsImage(R"({"t":[1,2]})", {}) << t;
        QTest::newRow("missing shape") << safetensorsImage(R"({"t":{"dtype":"F32","data_offsets":[0,4]}})", four) << t;
        QTest::newRow("missing offsets") << safetensorsImage(R"({"t":{"dtype":"F32","shape":[1]}})", four) << t;
        QTest::newRow("unknown dtype") << safetensorsImage(R"({"t":{"dtype":"F17","shape":[1],"data_offsets":[0,4]}})",
            four) << t;
        QTest::newRow("dtype not a string")
            << safetensorsImage(R"({"t":{"dtype":4,"shape":[1],"data_offsets":[0,4]}})", four) << t;
        QTest::newRow("negative dim") << safetensorsImage(R"({"t":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}})",
            four) << t;
        QTest::newRow("fractional dim") << safetensorsImage(
            R"({"t":{"dtype":"F32","shape":[1.5],"data_offsets":[0,4]}})", four)
                                        << t;
        QTest::newRow("string dim") << safetensorsImage(R"({"t":{"dtype":"F32","shape":["1"],"data_offsets":[0,4]}})",
            four) << t;
        QTest::newRow("shape not a list")
            << safetensorsImage(R"({"t":{"dtype":"F32","shape":1,"data_offsets":[0,4]}})", four) << t;
        QTest::newRow("shape overflow") << safetensorsImage(
            R"({"t":{"dtype":"F32","shape":[4611686018427387904,4611686018427387904],"data_offsets":[0,4]}})", four)
                                        << t;
        QTest::newRow("byte overflow") << safetensorsImage(
            R"({"t":{"dtype":"F64","shape":[4611686018427387904],"data_offsets":[0,4]}})", four)
                                       << t;
        QTest::newRow("dim beyond int64")
            << safetensorsImage(R"({"t":{"dtype":"U8","shape":[18446744073709551615],"data_offsets":[0,4]}})", four)
            << t;
        QTest::newRow("byte count mismatch")
            << safetensorsImage(R"({"t":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}})", four) << t;
        QTest::newRow("end before begin")
            << safetensorsImage(R"({"t":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}})", four) << t;
        QTest::newRow("three offsets") << safetensorsImage(
            R"({"t":{"dtype":"F32","shape":[1],"data_offsets":[0,4,8]}})", four)
                                       << t;
        QTest::newRow("negative offset") << safetensorsImage(
            R"({"t":{"dtype":"F32","shape":[1],"data_offsets":[-4,0]}})", four)
                                         << t;
        QTest::newRow("offsets past the buffer")
            << safetensorsImage(R"({"t":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})", four) << t;
        QTest::newRow("huge offsets") << safetensorsImage(
            R"({"t":{"dtype":"U8","shape":[4],"data_offsets":[18446744073709551612,18446744073709551615]}})", four)
                                      << t;
        QTest::newRow("overlap") << safetensorsImage(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                                                     R"("t":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})",
            float32Bytes({ 1.0f, 2.0f }))
                                 << t;
        QTest::newRow("same range twice") << safetensorsImage(
            R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},)"
            R"("t":{"dtype":"I32","shape":[1],"data_offsets":[0,4]}})",
            four) << t;
        QTest::newRow("hole") << safetensorsImage(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},)"
                                                  R"("t":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}})",
            float32Bytes({ 1.0f, 2.0f, 3.0f }))
                              << t;
        QTest::newRow("hole at start") << safetensorsImage(
            R"({"t":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})", float32Bytes({ 1.0f, 2.0f }))
                                       << t;
        QTest::newRow("trailing bytes") << safetensorsImage(
            R"({"t":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})", float32Bytes({ 1.0f, 2.0f }))
                                        << none;
        QTest::newRow("data but no tensors") << safetensorsImage("{}", four) << none;
        QTest::newRow("metadata not an object") << safetensorsImage(R"({"__metadata__":"pt"})", {}) << none;
        QTest::newRow("metadata value not a string")
            << safetensorsImage(R"({"__metadata__":{"n":1}})", {}) << QStringLiteral("'n'");
        QTest::newRow("nested too deep") << safetensorsImage(
            R"({"t":{"dtype":"F32","shape":[[1]],"data_offsets":[0,4]}})", four)
                                         << none;
    }

    void rejectsMalformedFiles()
    {
        QFETCH(QByteArray, image);
        QFETCH(QString, tensor);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("bad.safetensors"));
        QVERIFY(vlmprobe::test::writeBytes(path, image));
        try {
            const SafetensorsFile file = SafetensorsFile::open(path.toStdString());
            QFAIL("the malformed file was accepted");
        } catch (const LoadError& error) {
            const QString message = QString::fromUtf8(error.what());
            QVERIFY2(message.startsWith(path + QLatin1Char(':')), error.what());
            QVERIFY2(!message.contains(QLatin1Char('\n')), error.what());
            if (!tensor.isEmpty())
                QVERIFY2(message.contains(tensor), error.what());
        }
        // The same bytes from memory: same verdict, no read outside the buffer (checked under ASan in CI).
        QVERIFY_THROWS_EXCEPTION(LoadError,
            SafetensorsFile::fromMemory(reinterpret_cast<const std::uint8_t*>(image.constData()),
                static_cast<std::size_t>(image.size()), "memory"));
    }

    void missingAndUnreadableFiles()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QVERIFY_THROWS_EXCEPTION(LoadError, SafetensorsFile::open(dir.filePath(QStringLiteral("nope")).toStdString()));
        QVERIFY_THROWS_EXCEPTION(LoadError, SafetensorsFile::open(dir.path().toStdString()));
    }

    void viewsSurviveMoves()
    {
        const std::string path = vlmprobe::test::toStd(kGolden + QStringLiteral("/flat_f32/model.safetensors"));
        SafetensorsFile first = SafetensorsFile::open(path);
        const std::vector<float> before = toFloat32(first.require("model.norm.weight"));
        SafetensorsFile second = std::move(first);
        QCOMPARE(toFloat32(second.require("model.norm.weight")), before);
    }
};

QTEST_GUILESS_MAIN(TestSafetensorsFile)
#include "tst_safetensors_file.moc"
