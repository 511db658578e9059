// libFuzzer harness for the safetensors reader: any byte string is either accepted, with every view inside the
// input, or rejected with a LoadError whose message is one line. Anything else (another exception, a crash, an
// ASan/UBSan report) is a bug.
//
// Build and run (clang only):
//   cmake -S . -B build/fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++-14 -DVLMPROBE_FUZZ=ON
//   cmake --build build/fuzz --target fuzz_safetensors_header
//   mkdir -p /tmp/corpus && cp tests/engine/io/fuzz_corpus/* /tmp/corpus/
//   build/fuzz/tests/engine/io/fuzz_safetensors_header /tmp/corpus -max_total_time=300 -max_len=4096 \
//       -dict=tests/engine/io/fuzz_safetensors.dict
#include "vlmprobe/engine/errors.h"
#include "vlmprobe/engine/safetensors_file.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace vlmprobe::engine;
    try {
        const SafetensorsFile file = SafetensorsFile::fromMemory(data, size, "fuzz-input");
        for (const TensorView& tensor : file.tensors()) {
            // The reader promises views inside the input; ASan checks the reads below.
            if (tensor.byteSize > 0 && (tensor.data < data || tensor.data + tensor.byteSize > data + size))
                std::abort();
            if (tensor.numel() <= (1 << 16))
                (void)toFloat32(tensor);
            if (file.find(tensor.name) != &tensor)
                std::abort();
        }
    } catch (const LoadError& error) {
        // Messages are one printable line, whatever bytes the input held.
        for (const char* c = error.what(); *c; ++c) {
            if (static_cast<unsigned char>(*c) < 0x20)
                std::abort();
        }
    }
    return 0;
}
