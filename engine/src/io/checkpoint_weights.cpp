#include "vlmprobe/engine/checkpoint_weights.h"

#include "io/file_paths.h"
#include "io/json_parsing.h"
#include "vlmprobe/engine/errors.h"
#include "vlmprobe/engine/safetensors_file.h"

#include <map>

namespace vlmprobe::engine {

namespace {

constexpr std::string_view kSingleFile = "model.safetensors";
constexpr std::string_view kIndexFile = "model.safetensors.index.json";

bool startsWith(std::string_view text, std::string_view prefix)
{
    return text.substr(0, prefix.size()) == prefix;
}

// Shard names come from a file we do not control: only plain file names inside the checkpoint folder are accepted.
bool isPlainFileName(const std::string& name)
{
    return !name.empty() && name != "." && name != ".." && name.find('/') == std::string::npos
        && name.find('\\') == std::string::npos && name.find('\0') == std::string::npos;
}

// weight_map: tensor name -> shard file name.
std::map<std::string, std::string> readIndex(const std::string& indexPath)
{
    const nlohmann::json index = json::parseFile(indexPath, { .rejectDuplicateKeys = true, .maxDepth = -1 });
    const json::FieldReader root(index, indexPath);
    const std::optional<json::FieldReader> weightMap = root.object("weight_map");
    if (!weightMap)
        throw LoadError(indexPath + ": no weight_map");
    std::map<std::string, std::string> out;
    for (const auto& [tensor, shard] : index.at("weight_map").items()) {
        if (!shard.is_string() || !isPlainFileName(shard.get<std::string>()))
            throw LoadError(
                indexPath + ": tensor '" + json::printable(tensor) + "' maps to an invalid shard file name");
        out.emplace(tensor, shard.get<std::string>());
    }
    if (out.empty())
        throw LoadError(indexPath + ": weight_map is empty");
    return out;
}

} // namespace

std::string canonicalTensorName(std::string_view storedName)
{
    constexpr std::string_view kNewVisual = "model.visual.";
    constexpr std::string_view kNewLanguage = "model.language_model.";
    if (startsWith(storedName, kNewVisual))
        return "visual." + std::string(storedName.substr(kNewVisual.size()));
    if (startsWith(storedName, kNewLanguage))
        return "model." + std::string(storedName.substr(kNewLanguage.size()));
    return std::string(storedName);
}

struct CheckpointWeights::Impl {
    std::string directory;
    std::vector<SafetensorsFile> shards;
    struct Entry {
        TensorView view; // canonical name, data in a shard mapping
        std::string storedName;
        std::size_t shard;
    };
    std::map<std::string, Entry, std::less<>> tensors;
    std::uint64_t totalBytes = 0;

    void addShardTensors(
        std::size_t shardIndex, const std::map<std::string, std::string>* weightMap, const std::string& shardName)
    {
        const SafetensorsFile& shard = shards[shardIndex];
        for (const TensorView& stored : shard.tensors()) {
            if (weightMap) {
                const auto listed = weightMap->find(stored.name);
                if (listed == weightMap->end() || listed->second != shardName)
                    throw LoadError(shard.path() + ": tensor '" + json::printable(stored.name)
                        + "' is not assigned to this shard by " + std::string(kIndexFile));
            }
            Entry entry { stored, stored.name, shardIndex };
            entry.view.name = canonicalTensorName(stored.name);
            const auto [it, inserted] = tensors.emplace(entry.view.name, entry);
            if (!inserted)
                throw LoadError(shard.path() + ": tensor '" + json::printable(stored.name) + "' duplicates '"
                    + json::printable(it->second.storedName) + "' in " + shards[it->second.shard].path()
                    + " (both are '" + json::printable(entry.view.name) + "')");
            totalBytes += stored.byteSize;
        }
    }
};

CheckpointWeights::CheckpointWeights(std::unique_ptr<Impl> impl)
    : m_impl(std::move(impl))
{
}

CheckpointWeights::CheckpointWeights(CheckpointWeights&&) noexcept = default;
CheckpointWeights& CheckpointWeights::operator=(CheckpointWeights&&) noexcept = default;
CheckpointWeights::~CheckpointWeights() = default;

CheckpointWeights CheckpointWeights::open(const std::string& directory)
{
    if (!isDirectory(directory))
        throw LoadError(directory + ": not a checkpoint folder (no such directory)");
    auto impl = std::make_unique<Impl>();
    impl->directory = directory;

    const std::string indexPath = joinPath(directory, kIndexFile);
    const std::string singlePath = joinPath(directory, kSingleFile);
    // transformers prefers a single model.safetensors over an index when both are present.
    if (isRegularFile(singlePath)) {
        impl->shards.push_back(SafetensorsFile::open(singlePath));
        impl->addShardTensors(0, nullptr, std::string(kSingleFile));
    } else if (isRegularFile(indexPath)) {
        const std::map<std::string, std::string> weightMap = readIndex(indexPath);
        std::map<std::string, std::string> firstTensorOfShard; // shard file name -> a tensor that names it
        for (const auto& [tensor, shardName] : weightMap)
            firstTensorOfShard.emplace(shardName, tensor);
        std::map<std::string, std::size_t> shardIndex; // shard file name -> position in impl->shards
        for (const auto& [shardName, tensor] : firstTensorOfShard) {
            const std::string shardPath = joinPath(directory, shardName);
            if (!isRegularFile(shardPath))
                throw LoadError(indexPath + ": tensor '" + json::printable(tensor) + "' names shard '"
                    + json::printable(shardName) + "', which does not exist");
            impl->shards.push_back(SafetensorsFile::open(shardPath));
            shardIndex.emplace(shardName, impl->shards.size() - 1);
        }
        for (const auto& [shardName, position] : shardIndex)
            impl->addShardTensors(position, &weightMap, shardName);
        for (const auto& [tensor, shardName] : weightMap) {
            if (!impl->shards[shardIndex.at(shardName)].find(tensor))
                throw LoadError(joinPath(directory, shardName) + ": lacks tensor '" + json::printable(tensor)
                    + "' that " + std::string(kIndexFile) + " assigns to it");
        }
    } else {
        throw LoadError(directory + ": no " + std::string(kSingleFile) + " or " + std::string(kIndexFile));
    }
    return CheckpointWeights(std::move(impl));
}

const std::string& CheckpointWeights::directory() const
{
    return m_impl->directory;
}

const TensorView* CheckpointWeights::find(std::string_view canonicalName) const
{
    const auto it = m_impl->tensors.find(canonicalName);
    return it == m_impl->tensors.end() ? nullptr : &it->second.view;
}

const TensorView& CheckpointWeights::require(std::string_view canonicalName) const
{
    if (const TensorView* tensor = find(canonicalName))
        return *tensor;
    throw LoadError(m_impl->directory + ": checkpoint has no tensor '" + json::printable(canonicalName) + "'");
}

bool CheckpointWeights::contains(std::string_view canonicalName) const
{
    return find(canonicalName) != nullptr;
}

std::vector<std::string> CheckpointWeights::names() const
{
    std::vector<std::string> out;
    out.reserve(m_impl->tensors.size());
    for (const auto& [name, entry] : m_impl->tensors)
        out.push_back(name);
    return out;
}

std::size_t CheckpointWeights::size() const
{
    return m_impl->tensors.size();
}

std::string CheckpointWeights::storedName(std::string_view canonicalName) const
{
    const auto it = m_impl->tensors.find(canonicalName);
    return it == m_impl->tensors.end() ? std::string() : it->second.storedName;
}

std::vector<std::string> CheckpointWeights::shardPaths() const
{
    std::vector<std::string> out;
    for (const SafetensorsFile& shard : m_impl->shards)
        out.push_back(shard.path());
    return out;
}

std::uint64_t CheckpointWeights::totalBytes() const
{
    return m_impl->totalBytes;
}

} // namespace vlmprobe::engine
