#pragma once
// One error model: every error names its stage and, where known, the file, layer and feature,
// and says what to do next. Only the CLI turns them into exit codes (README, exit codes).
#include <stdexcept>
#include <string>

namespace parkgis {

class Error : public std::runtime_error {
public:
    Error(std::string stage, const std::string& message)
        : std::runtime_error(stage + ": " + message), m_stage(std::move(stage)) {}
    const std::string& stage() const { return m_stage; }
    virtual int exit_code() const = 0;

private:
    std::string m_stage;
};

// Bad or unreadable input data or project file.
class InputError : public Error {
public:
    using Error::Error;
    int exit_code() const override { return 3; }
};

// Missing, unknown or implausible coordinate reference system.
class CrsError : public InputError {
public:
    using InputError::InputError;
};

// Geometry that cannot be used (and, with --no-repair, geometry that would need repair).
class GeometryError : public InputError {
public:
    using InputError::InputError;
};

// A malformed rule set.
class RuleError : public InputError {
public:
    using InputError::InputError;
};

// A job or option parkgis does not have (an unknown stage, a stage before the one it needs).
class UsageError : public Error {
public:
    using Error::Error;
    int exit_code() const override { return 2; }
};

// The output cannot be written where asked.
class OutputError : public Error {
public:
    using Error::Error;
    int exit_code() const override { return 4; }
};

namespace exit_code {
inline constexpr int success = 0;
inline constexpr int rule_failures = 1;  // with --strict
inline constexpr int usage = 2;
inline constexpr int input = 3;
inline constexpr int output = 4;
inline constexpr int internal = 5;  // a bug in parkgis: never caused by the inputs
}  // namespace exit_code

}  // namespace parkgis
