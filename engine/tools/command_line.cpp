#include "command_line.h"

#include <algorithm>
#include <charconv>

namespace vlmprobe::tools {

CommandLine::CommandLine(const std::vector<std::string>& args, std::initializer_list<std::string_view> flags)
{
    std::string current;
    for (const std::string& token : args) {
        if (token.size() > 2 && token.starts_with("--")) {
            current = token.substr(2);
            m_values[current]; // present even without a value
            if (std::find(flags.begin(), flags.end(), current) != flags.end())
                current.clear();
            continue;
        }
        if (current.empty())
            throw UsageError("unexpected argument '" + token + "'");
        m_values[current].push_back(token);
    }
}

bool CommandLine::has(std::string_view name) const
{
    return m_values.find(name) != m_values.end();
}

std::optional<std::string> CommandLine::option(std::string_view name) const
{
    auto it = m_values.find(name);
    if (it == m_values.end())
        return std::nullopt;
    if (it->second.empty())
        throw UsageError("--" + std::string(name) + " needs a value");
    return it->second.back();
}

std::string CommandLine::required(std::string_view name) const
{
    auto value = option(name);
    if (!value)
        throw UsageError("missing --" + std::string(name));
    return *value;
}

std::vector<std::string> CommandLine::values(std::string_view name) const
{
    auto it = m_values.find(name);
    return it == m_values.end() ? std::vector<std::string> {} : it->second;
}

std::optional<double> CommandLine::number(std::string_view name) const
{
    auto text = option(name);
    if (!text)
        return std::nullopt;
    try {
        size_t used = 0;
        double value = std::stod(*text, &used);
        if (used == text->size())
            return value;
    } catch (const std::exception&) {
    }
    throw UsageError("--" + std::string(name) + " expects a number, got '" + *text + "'");
}

std::optional<long long> CommandLine::integer(std::string_view name) const
{
    auto text = option(name);
    if (!text)
        return std::nullopt;
    long long value = 0;
    auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (error != std::errc() || end != text->data() + text->size())
        throw UsageError("--" + std::string(name) + " expects an integer, got '" + *text + "'");
    return value;
}

void CommandLine::allowOnly(std::initializer_list<std::string_view> known) const
{
    for (const auto& [name, values] : m_values) {
        if (std::find(known.begin(), known.end(), name) == known.end())
            throw UsageError("unknown option --" + name);
    }
}

} // namespace vlmprobe::tools
