#pragma once
// GB/T 4754 industry codes across editions (2002, 2011, 2017): the 2008 容积率 and 投资强度 tables use
// 2002 divisions, while enterprise registers now use 2017 codes (domain-spec §2.2).
#include <map>
#include <string>
#include <utility>

namespace parkgis {

class IndustryCrosswalk {
public:
    // Loads layers/judge/gbt4754_crosswalk.csv (or another file of the same columns).
    static IndustryCrosswalk load(const std::string& path);

    struct Converted {
        std::string code;    // in the target edition (a division or group); empty when there is none
        std::string reason;  // why there is none, or how the code was mapped
    };
    // A code as recorded ("3989", "C3989", "39.0") in `from`, in the `to` edition. The same edition
    // returns the code itself; otherwise the longest matching prefix row decides.
    Converted convert(const std::string& code, const std::string& from, const std::string& to) const;

    // The name of a division (大类, two digits) or group in `edition`, as the crosswalk records it;
    // empty when the crosswalk does not list it (non-manufacturing codes).
    std::string name_of(const std::string& code, const std::string& edition) const;

    // Digits only: strips spaces, a leading 门类 letter and a ".0" left by a number column.
    static std::string normalise(const std::string& code);

private:
    struct Target {
        std::string code, from_name, to_name, note;
    };
    std::map<std::pair<std::string, std::string>, std::map<std::string, Target>> m_rows;  // (from, to) → prefix → target
};

}  // namespace parkgis
