// The rule-set parser on arbitrary bytes: it either returns a RuleSet or throws parkgis::Error.
#include "fuzz_target.hpp"
#include "parkgis/judge/rule_set.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    return parkgis::fuzz::parse_text(data, size,
                                     [](const std::string& text) { return parkgis::parse_rule_set(text, "fuzz-rules.yaml"); });
}
