// GB/T 4754 editions: the 2008 tables use 2002 divisions; registers now hold 2017 codes.
#include <gtest/gtest.h>

#include "parkgis/judge/industry_codes.hpp"
#include "parkgis/project.hpp"

using namespace parkgis;

namespace {

const IndustryCrosswalk& crosswalk() {
    static const IndustryCrosswalk c = IndustryCrosswalk::load(bundled_data_path("judge/gbt4754_crosswalk.csv"));
    return c;
}

struct Case {
    const char* code;
    const char* from;
    const char* to;
    const char* expected;  // "" = no counterpart
    const char* reason_part;
};

const char* k02 = "GB/T 4754-2002";
const char* k11 = "GB/T 4754-2011";
const char* k17 = "GB/T 4754-2017";

}  // namespace

TEST(IndustryCodes, Editions) {
    const Case cases[] = {
        {"3989", k17, k02, "40", "计算机"},          // 2017 39 计算机通信电子 = 2002 40
        {"C3841", k17, k02, "39", "电气"},           // 门类 letter stripped; 2017 38 电气 = 2002 39
        {"3091", k17, k02, "31", "非金属"},          // 2017 30 非金属矿物 = 2002 31
        {"2921", k17, k02, "30", "塑料"},            // 2017 292 塑料 = 2002 30 (FAR 1.0) …
        {"2911", k17, k02, "29", "橡胶"},            // … 291 橡胶 = 2002 29 (FAR 0.8)
        {"2431", k17, k02, "42", "工艺"},            // 243 工艺美术 moved to 2002 42
        {"3471", k17, k02, "41", "办公"},            // 347 文化办公机械 = 2002 41
        {"2710", k17, k02, "27", "医药"},            // unchanged divisions stay
        {"3989", k11, k02, "40", "计算机"},          // 2011 divisions are the 2017 ones
        {"39", k02, k17, "38", "电气"},              // and back: 2002 39 电气 = 2017 38
        {"4011", k02, k17, "39", "计算机"},
        {"3989", k17, k17, "3989", ""},              // same edition: the code itself
        {"3989.0", k17, k17, "3989", ""},            // a number column's ".0"
        {"4310", k17, k02, "", "repair"},            // 2017 43 修理: no 2002 division
        {"3720", k02, k17, "", "split"},             // 2002 37 交通运输设备: 36 or 37 in 2017
        {"7", k17, k02, "", "two or more digits"},
        {"5110", k17, k02, "", "manufacturing divisions 13–43 only"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(std::string(c.code) + " " + c.from + " → " + c.to);
        const auto r = crosswalk().convert(c.code, c.from, c.to);
        EXPECT_EQ(r.code, c.expected);
        EXPECT_NE(r.reason.find(c.reason_part), std::string::npos) << r.reason;
    }
}

TEST(IndustryCodes, Normalise) {
    EXPECT_EQ(IndustryCrosswalk::normalise(" C3989 "), "3989");
    EXPECT_EQ(IndustryCrosswalk::normalise("39.0"), "39");
    EXPECT_EQ(IndustryCrosswalk::normalise("39a"), "");
}
