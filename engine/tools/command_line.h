#pragma once
// Minimal "--name value" parser shared by the vlmprobe-engine subcommands.
// Values accumulate until the next token that starts with "--", so both "--image a --image b" and
// "--image a b" give two images. Names listed as flags take no value.

#include <initializer_list>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace vlmprobe::tools {

// Wrong usage of a subcommand: printed as one line, exit status 2.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class CommandLine {
public:
    // args: the tokens after the subcommand name. flags: option names that take no value.
    CommandLine(const std::vector<std::string>& args, std::initializer_list<std::string_view> flags);

    bool has(std::string_view name) const;
    std::optional<std::string> option(std::string_view name) const; // the last value given
    std::string required(std::string_view name) const; // throws UsageError when absent
    std::vector<std::string> values(std::string_view name) const; // every value given, in order
    std::optional<double> number(std::string_view name) const; // throws UsageError when not a number
    std::optional<long long> integer(std::string_view name) const; // throws UsageError when not an integer

    // Throws UsageError naming the first option not in `known` (flags included).
    void allowOnly(std::initializer_list<std::string_view> known) const;

private:
    std::map<std::string, std::vector<std::string>, std::less<>> m_values;
};

} // namespace vlmprobe::tools
