#pragma once
// Allocation of the large pixel buffers of the vision piece (resized images, pixel_values: tens of MB).
// On Linux the buffer is advised to use transparent huge pages before it is first touched, as numpy does for its
// arrays: first-touch page faults otherwise dominate the cost of preprocessing a large image (measured: 50 MB of
// 4 KiB faults took ~200 ms on a virtual machine, against ~12 ms with huge pages). Elsewhere, a plain resize.

#include <cstddef>
#include <vector>

namespace vlmprobe::engine {

// Advises the kernel to back [data, data + bytes) with huge pages (Linux madvise; a no-op elsewhere or for small
// ranges). Never fails: the advice is only a hint.
void adviseHugePages(void* data, std::size_t bytes);

// Grows `buffer` to `count` value-initialised elements, advising huge pages for the storage before touching it.
template <class T> void resizeLargeBuffer(std::vector<T>& buffer, std::size_t count)
{
    if (count > buffer.capacity()) {
        buffer.reserve(count);
        adviseHugePages(buffer.data(), buffer.capacity() * sizeof(T));
    }
    buffer.resize(count);
}

} // namespace vlmprobe::engine
