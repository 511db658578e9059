// Scalar conversions of engine/io against values produced by Python's struct module ("e" = IEEE binary16, round
// half to even) and against bit patterns worked out by hand from the format definitions.
#include "vlmprobe/engine/dtype.h"
#include "vlmprobe/engine/errors.h"
#include "vlmprobe/engine/tensor_view.h"

#include <QTest>

#include <cmath>
#include <cstring>
#include <limits>

using namespace vlmprobe::engine;

namespace {

std::uint32_t bitsOf(float value)
{
    std::uint32_t bits;
    std::memcpy(&bits, &value, 4);
    return bits;
}

float floatOf(std::uint32_t bits)
{
    float value;
    std::memcpy(&value, &bits, 4);
    return value;
}

} // namespace

class TestDType : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void namesAndSizes_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("size");
        QTest::addColumn<bool>("floating");
        const struct {
            const char* name;
            int size;
            bool floating;
        } rows[] = { { "BOOL", 1, false }, { "U8", 1, false }, { "I8", 1, false }, { "I16", 2, false },
            { "U16", 2, false }, { "I32", 4, false }, { "U32", 4, false }, { "I64", 8, false }, { "U64", 8, false },
            { "F16", 2, true }, { "BF16", 2, true }, { "F32", 4, true }, { "F64", 8, true }, { "F8_E4M3", 1, true },
            { "F8_E5M2", 1, true } };
        for (const auto& row : rows)
            QTest::newRow(row.name) << QString::fromLatin1(row.name) << row.size << row.floating;
    }

    void namesAndSizes()
    {
        QFETCH(QString, name);
        QFETCH(int, size);
        QFETCH(bool, floating);
        const std::optional<DType> dtype = dtypeFromName(name.toStdString());
        QVERIFY(dtype.has_value());
        QCOMPARE(QString::fromLatin1(dtypeName(*dtype)), name);
        QCOMPARE(static_cast<int>(dtypeSize(*dtype)), size);
        QCOMPARE(isFloatingPoint(*dtype), floating);
    }

    void unknownNames()
    {
        for (const char* name : { "", "f32", "F17", "FLOAT32", "BF16 ", "F8_E4M3FN", "C64" })
            QVERIFY2(!dtypeFromName(name).has_value(), name);
    }

    void halfToFloat_data()
    {
        QTest::addColumn<int>("bits");
        QTest::addColumn<double>("expected");
        const struct {
            int bits;
            double value;
        } rows[] = { { 0x0000, 0.0 }, { 0x0001, 5.960464477539063e-08 }, { 0x03ff, 6.097555160522461e-05 },
            { 0x0400, 6.103515625e-05 }, { 0x3c00, 1.0 }, { 0xc000, -2.0 }, { 0x7bff, 65504.0 },
            { 0x3555, 0.333251953125 }, { 0x1234, 0.0007572174072265625 }, { 0xabcd, -0.060943603515625 } };
        for (const auto& row : rows)
            QTest::addRow("0x%04x", row.bits) << row.bits << row.value;
    }

    void halfToFloat()
    {
        QFETCH(int, bits);
        QFETCH(double, expected);
        QCOMPARE(static_cast<double>(vlmprobe::engine::halfToFloat(static_cast<std::uint16_t>(bits))), expected);
    }

    void halfSpecials()
    {
        QCOMPARE(bitsOf(vlmprobe::engine::halfToFloat(0x8000)), 0x80000000u);
        QVERIFY(std::isinf(vlmprobe::engine::halfToFloat(0x7c00)) && vlmprobe::engine::halfToFloat(0x7c00) > 0);
        QVERIFY(std::isinf(vlmprobe::engine::halfToFloat(0xfc00)) && vlmprobe::engine::halfToFloat(0xfc00) < 0);
        QVERIFY(std::isnan(vlmprobe::engine::halfToFloat(0x7e00)));
    }

    void floatToHalf_data()
    {
        QTest::addColumn<float>("value");
        QTest::addColumn<int>("expected");
        QTest::newRow("0.1") << 0.1f << 0x2e66;
        QTest::newRow("1/3") << static_cast<float>(1.0 / 3.0) << 0x3555;
        QTest::newRow("max") << 65504.0f << 0x7bff;
        QTest::newRow("below overflow") << 65519.98828125f << 0x7bff;
        QTest::newRow("overflow at 65520") << 65520.0f << 0x7c00;
        QTest::newRow("1e-7 subnormal") << 1e-7f << 0x0002;
        QTest::newRow("2^-24") << std::ldexp(1.0f, -24) << 0x0001;
        QTest::newRow("2^-25 ties to zero") << std::ldexp(1.0f, -25) << 0x0000;
        QTest::newRow("1.5 * 2^-25") << std::ldexp(1.5f, -25) << 0x0001;
        QTest::newRow("just below min normal") << 6.1e-5f << 0x03ff;
        QTest::newRow("-0") << -0.0f << 0x8000;
        QTest::newRow("tie to even down") << 2.0009765625f << 0x4000;
        QTest::newRow("tie to even up") << 2.0029296875f << 0x4002;
        QTest::newRow("-1234.5678") << -1234.5678f << 0xe4d3;
        QTest::newRow("3e-6") << 3.0e-6f << 0x0032;
        QTest::newRow("inf") << std::numeric_limits<float>::infinity() << 0x7c00;
        QTest::newRow("-inf") << -std::numeric_limits<float>::infinity() << 0xfc00;
    }

    void floatToHalf()
    {
        QFETCH(float, value);
        QFETCH(int, expected);
        QCOMPARE(static_cast<int>(vlmprobe::engine::floatToHalf(value)), expected);
    }

    void halfRoundTripsEveryPattern()
    {
        for (std::uint32_t bits = 0; bits < 0x10000u; ++bits) {
            const auto half = static_cast<std::uint16_t>(bits);
            const float value = vlmprobe::engine::halfToFloat(half);
            if (std::isnan(value))
                continue;
            QCOMPARE(static_cast<int>(vlmprobe::engine::floatToHalf(value)), static_cast<int>(half));
        }
        QVERIFY(std::isnan(vlmprobe::engine::halfToFloat(vlmprobe::engine::floatToHalf(std::nanf("")))));
    }

    // bfloat16 is the upper half of a float32; rounding to it is round-half-to-even on the low 16 bits.
    void floatToBfloat16_data()
    {
        QTest::addColumn<uint>("floatBits");
        QTest::addColumn<int>("expected");
        QTest::newRow("1.0") << 0x3f800000u << 0x3f80;
        QTest::newRow("tie, even stays") << 0x3f808000u << 0x3f80;
        QTest::newRow("tie, odd rounds up") << 0x3f818000u << 0x3f82;
        QTest::newRow("above tie") << 0x3f808001u << 0x3f81;
        QTest::newRow("below tie") << 0x3f807fffu << 0x3f80;
        QTest::newRow("max float to inf") << 0x7f7fffffu << 0x7f80;
        QTest::newRow("-0") << 0x80000000u << 0x8000;
        QTest::newRow("smallest subnormal") << 0x00000001u << 0x0000;
        QTest::newRow("negative carry") << 0xbfffffffu << 0xc000;
        QTest::newRow("inf") << 0x7f800000u << 0x7f80;
    }

    void floatToBfloat16()
    {
        QFETCH(uint, floatBits);
        QFETCH(int, expected);
        QCOMPARE(static_cast<int>(vlmprobe::engine::floatToBfloat16(floatOf(floatBits))), expected);
    }

    void bfloat16Specials()
    {
        QCOMPARE(static_cast<int>(vlmprobe::engine::floatToBfloat16(std::nanf(""))) & 0x7fff, 0x7fc0);
        QCOMPARE(bitsOf(bfloat16ToFloat(0x3f80)), 0x3f800000u);
        QCOMPARE(bitsOf(bfloat16ToFloat(0xc0a0)), 0xc0a00000u);
        QCOMPARE(bfloat16ToFloat(0xc0a0), -5.0f);
    }

    void float8_data()
    {
        QTest::addColumn<bool>("e4m3");
        QTest::addColumn<int>("bits");
        QTest::addColumn<double>("expected");
        // E4M3FN: bias 7, no infinity; (1 + m/8) * 2^(e-7), subnormal m/8 * 2^-6.
        QTest::newRow("e4m3 1.0") << true << 0x38 << 1.0;
        QTest::newRow("e4m3 -1.0") << true << 0xb8 << -1.0;
        QTest::newRow("e4m3 max 448") << true << 0x7e << 448.0;
        QTest::newRow("e4m3 min subnormal") << true << 0x01 << 0.001953125;
        QTest::newRow("e4m3 min normal") << true << 0x08 << 0.015625;
        QTest::newRow("e4m3 1.375") << true << 0x3b << 1.375;
        // E5M2: the upper byte of a binary16 (values from struct "e").
        QTest::newRow("e5m2 1.0") << false << 0x3c << 1.0;
        QTest::newRow("e5m2 -1.0") << false << 0xbc << -1.0;
        QTest::newRow("e5m2 max") << false << 0x7b << 57344.0;
        QTest::newRow("e5m2 min subnormal") << false << 0x01 << 1.52587890625e-05;
        QTest::newRow("e5m2 min normal") << false << 0x04 << 6.103515625e-05;
    }

    void float8()
    {
        QFETCH(bool, e4m3);
        QFETCH(int, bits);
        QFETCH(double, expected);
        const auto byte = static_cast<std::uint8_t>(bits);
        QCOMPARE(static_cast<double>(e4m3 ? float8E4M3ToFloat(byte) : float8E5M2ToFloat(byte)), expected);
    }

    void float8Specials()
    {
        QVERIFY(std::isnan(float8E4M3ToFloat(0x7f)));
        QVERIFY(std::isnan(float8E4M3ToFloat(0xff)));
        QCOMPARE(float8E4M3ToFloat(0x78), 256.0f); // e = 15 is a normal exponent in E4M3FN
        QVERIFY(std::isinf(float8E5M2ToFloat(0x7c)));
        QVERIFY(std::isnan(float8E5M2ToFloat(0x7e)));
    }

    void toFloat32ConvertsEveryDtype()
    {
        const auto check = [](DType dtype, std::vector<std::uint8_t> bytes, std::vector<std::int64_t> shape,
                               std::vector<float> expected) {
            TensorView view;
            view.name = "t";
            view.dtype = dtype;
            view.shape = std::move(shape);
            view.data = bytes.data();
            view.byteSize = bytes.size();
            QCOMPARE(toFloat32(view), expected);
        };
        check(DType::Bool, { 0, 1, 2 }, { 3 }, { 0.0f, 1.0f, 1.0f });
        check(DType::U8, { 0, 255 }, { 2 }, { 0.0f, 255.0f });
        check(DType::I8, { 0x80, 0x7f }, { 2 }, { -128.0f, 127.0f });
        check(DType::I16, { 0x00, 0x80 }, { 1 }, { -32768.0f });
        check(DType::U16, { 0xff, 0xff }, { 1 }, { 65535.0f });
        check(DType::I32, { 0xfe, 0xff, 0xff, 0xff }, { 1 }, { -2.0f });
        check(DType::U32, { 0x00, 0x00, 0x00, 0x80 }, { 1 }, { 2147483648.0f });
        check(DType::I64, { 0xfd, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff }, {}, { -3.0f });
        check(DType::U64, { 0, 0, 0, 0, 0, 0, 0, 0x01 }, { 1 }, { 72057594037927936.0f });
        check(DType::F16, { 0x00, 0x3c, 0x00, 0xc0 }, { 2 }, { 1.0f, -2.0f });
        check(DType::BF16, { 0x80, 0x3f, 0xa0, 0xc0 }, { 1, 2 }, { 1.0f, -5.0f });
        check(DType::F32, { 0x00, 0x00, 0x80, 0x3f }, { 1 }, { 1.0f });
        check(DType::F64, { 0, 0, 0, 0, 0, 0, 0x04, 0xc0 }, { 1 }, { -2.5f });
        check(DType::F8_E4M3, { 0x38, 0x7e }, { 2 }, { 1.0f, 448.0f });
        check(DType::F8_E5M2, { 0x3c }, { 1 }, { 1.0f });
        check(DType::F32, {}, { 0, 4 }, {});
    }

    void toFloat32ReadsUnalignedData()
    {
        // A float32 tensor that starts one byte into the buffer (legal in files written by other tools).
        std::vector<std::uint8_t> buffer { 0xaa, 0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x20, 0xc1 };
        TensorView view;
        view.name = "odd";
        view.dtype = DType::F32;
        view.shape = { 2 };
        view.data = buffer.data() + 1;
        view.byteSize = 8;
        QCOMPARE(toFloat32(view), (std::vector<float> { 1.0f, -10.0f }));
    }

    void toFloat32RejectsInconsistentViews()
    {
        std::vector<std::uint8_t> bytes(6);
        TensorView view;
        view.name = "bad";
        view.dtype = DType::F32;
        view.shape = { 2 };
        view.data = bytes.data();
        view.byteSize = bytes.size();
        QVERIFY_THROWS_EXCEPTION(InvalidInputError, toFloat32(view));
    }
};

QTEST_GUILESS_MAIN(TestDType)
#include "tst_dtype.moc"
