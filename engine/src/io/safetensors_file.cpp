#include "vlmprobe/engine/safetensors_file.h"

#include "io/json_parsing.h"
#include "io/memory_map.h"
#include "io/safetensors_layout.h"
#include "vlmprobe/engine/errors.h"

#include <optional>

namespace vlmprobe::engine {

struct SafetensorsFile::Impl {
    std::string path;
    std::optional<MemoryMap> mapping; // empty for fromMemory (borrowed bytes)
    SafetensorsLayout layout;
    std::map<std::string, std::size_t, std::less<>> byName; // index into layout.tensors

    void parse(const std::uint8_t* bytes, std::size_t size)
    {
        layout = parseSafetensorsLayout(bytes, size, path);
        for (std::size_t i = 0; i < layout.tensors.size(); ++i)
            byName.emplace(layout.tensors[i].name, i);
    }
};

SafetensorsFile::SafetensorsFile(std::unique_ptr<Impl> impl)
    : m_impl(std::move(impl))
{
}

SafetensorsFile::SafetensorsFile(SafetensorsFile&&) noexcept = default;
SafetensorsFile& SafetensorsFile::operator=(SafetensorsFile&&) noexcept = default;
SafetensorsFile::~SafetensorsFile() = default;

SafetensorsFile SafetensorsFile::open(const std::string& path)
{
    auto impl = std::make_unique<Impl>();
    impl->path = path;
    impl->mapping.emplace(path);
    impl->parse(impl->mapping->data(), impl->mapping->size());
    return SafetensorsFile(std::move(impl));
}

SafetensorsFile SafetensorsFile::fromMemory(const std::uint8_t* bytes, std::size_t size, std::string label)
{
    auto impl = std::make_unique<Impl>();
    impl->path = std::move(label);
    impl->parse(bytes, size);
    return SafetensorsFile(std::move(impl));
}

const std::string& SafetensorsFile::path() const
{
    return m_impl->path;
}

const std::vector<TensorView>& SafetensorsFile::tensors() const
{
    return m_impl->layout.tensors;
}

const TensorView* SafetensorsFile::find(std::string_view name) const
{
    const auto it = m_impl->byName.find(name);
    return it == m_impl->byName.end() ? nullptr : &m_impl->layout.tensors[it->second];
}

const TensorView& SafetensorsFile::require(std::string_view name) const
{
    if (const TensorView* tensor = find(name))
        return *tensor;
    throw LoadError(m_impl->path + ": no tensor '" + json::printable(name) + "'");
}

const std::map<std::string, std::string>& SafetensorsFile::metadata() const
{
    return m_impl->layout.metadata;
}

std::size_t SafetensorsFile::headerSize() const
{
    return m_impl->layout.headerSize;
}

} // namespace vlmprobe::engine
