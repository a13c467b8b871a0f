// Rule-set files: every bundled set loads; every bad file in tests/data/rules/bad fails with a
// RuleError naming file:line and the expected reason (given in the file's own header comments).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "parkgis/errors.hpp"
#include "parkgis/judge/rule_set.hpp"

namespace fs = std::filesystem;
using namespace parkgis;

namespace {

std::vector<std::string> bad_files() {
    std::vector<std::string> files;
    for (const auto& e : fs::directory_iterator(std::string(PARKGIS_SOURCE_DIR) + "/tests/data/rules/bad"))
        files.push_back(e.path().string());
    std::sort(files.begin(), files.end());
    return files;
}

std::string header_value(const std::string& file, const std::string& key) {
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("# " + key + ": ", 0) == 0) return line.substr(key.size() + 4);
    return "";
}

}  // namespace

TEST(RuleFiles, EveryBundledSetLoads) {
    const auto files = bundled_rule_set_files();
    ASSERT_EQ(files.size(), 6u);
    for (const auto& f : files) {
        SCOPED_TRACE(f);
        const RuleSet s = load_rule_set(f);
        EXPECT_EQ(fs::path(f).stem().string(), s.id);
        EXPECT_FALSE(s.rules.empty());
        for (const auto& r : s.rules) {
            EXPECT_FALSE(r.citation.document.empty()) << r.id;
            EXPECT_FALSE(r.citation.clause.empty()) << r.id;
        }
    }
}

TEST(RuleFiles, BundledCountsAndCitations) {
    const RuleSet ilc = load_rule_set(rule_set_file("industrial-land-control-2008"));
    ASSERT_EQ(ilc.rules.size(), 5u);
    EXPECT_EQ(ilc.rules[0].id, "ILC2008-FAR");
    EXPECT_EQ(ilc.rules[0].citation.document, "国土资发〔2008〕24号");
    EXPECT_EQ(ilc.rules[0].condition.threshold.table.rows.size(), 5u);
    const auto& invest = ilc.rules[4].condition.threshold.table;
    EXPECT_EQ(invest.tiers, 7);
    EXPECT_EQ(invest.rows.size(), 30u);  // every 2002 manufacturing division, one row each
    EXPECT_EQ(ilc.rules[3].confidence, "secondary source");  // 绿地率 ≤ 20 % is recalled
    const RuleSet cq = load_rule_set(rule_set_file("chongqing-wansheng-2022"));
    EXPECT_EQ(cq.rules.size(), 13u);
    // The policy texts' own titles and clauses (../shared/seeds), verified against them.
    for (const auto& r : cq.rules) {
        EXPECT_EQ(r.citation.document, "《重庆市万盛经开区创建市级高新技术产业开发区工作方案》（万盛经开区管委会，2022-08-04）");
        EXPECT_TRUE(r.citation.clause.rfind("三（", 0) == 0 || r.citation.clause == "一（二）主要目标")
            << r.id << ": " << r.citation.clause;
        EXPECT_EQ(r.confidence, "verified") << r.id;
    }
    const RuleSet ordos = load_rule_set(rule_set_file("ordos-2021"));
    ASSERT_EQ(ordos.rules.size(), 14u);  // every number of 二（二） and 二（三）
    EXPECT_EQ(ordos.rules[0].id, "OR-REVENUE");
    EXPECT_EQ(ordos.rules[0].citation.clause, "二（二）发展规模明显壮大");
    EXPECT_EQ(ordos.rules[0].condition.comparison, Comparison::more_than);  // 突破600亿元: more than, not at least
    EXPECT_EQ(ordos.rules[3].id, "OR-ENTERPRISES");
    EXPECT_EQ(ordos.rules[3].condition.comparison, Comparison::more_than);  // 企业总数突破1200家
    EXPECT_EQ(ordos.rules[4].condition.comparison, Comparison::at_least);   // 研发投入强度达到2.5%以上
    const RuleSet hebei = load_rule_set(rule_set_file("hebei-2020"));
    ASSERT_EQ(hebei.rules.size(), 4u);
    EXPECT_EQ(hebei.rules[2].id, "HB-LEADING");
    EXPECT_EQ(hebei.rules[2].citation.clause, "二（三）1 做大做强特色主导产业");  // 每家高新区应明确2个以内
    EXPECT_EQ(hebei.rules[2].condition.comparison, Comparison::at_most);
    for (const auto& r : hebei.rules) EXPECT_EQ(r.confidence, "verified") << r.id;
    // 3 × the provincial average, which is R&D ÷ GDP: the zone's R&D ÷ 园区生产总值, one definition on both sides.
    EXPECT_EQ(hebei.rules[0].condition.indicator, "rd_share_of_gdp_pct");
    const RuleSet baotou = load_rule_set(rule_set_file("baotou-2022"));
    ASSERT_EQ(baotou.rules.size(), 11u);
    EXPECT_EQ(baotou.rules[6].id, "BT-TECH-SHARE");
    EXPECT_EQ(baotou.rules[6].citation.clause, "四（九）梯次化培育发展高成长型企业");
    EXPECT_EQ(baotou.rules[6].condition.comparison, Comparison::more_than);  // 超过30%
    EXPECT_EQ(baotou.rules[7].id, "BT-LAND-DEVELOPMENT");
    EXPECT_EQ(baotou.rules[7].condition.indicator, "composite_far");  // 开发利用强度: an intensity, not 土地开发率
    for (const auto& r : baotou.rules)
        EXPECT_EQ(r.citation.document, "《包头市人民政府关于促进高新技术产业开发区高质量发展的实施意见》（包府发〔2022〕50号，2022-08-26）") << r.id;
}

TEST(RuleFiles, UnknownIdNamesTheBundledSets) {
    try {
        rule_set_file("industrial-land-control-1999");
        FAIL() << "expected a RuleError";
    } catch (const RuleError& e) {
        EXPECT_NE(std::string(e.what()).find("industrial-land-control-2008"), std::string::npos) << e.what();
    }
}

class BadRuleFile : public ::testing::TestWithParam<std::string> {};

TEST_P(BadRuleFile, FailsWithFileLineAndReason) {
    const std::string file = GetParam();
    const std::string expect = header_value(file, "expect");
    const std::string line = header_value(file, "expect_line");
    ASSERT_FALSE(expect.empty()) << file << " lacks '# expect: …'";
    ASSERT_FALSE(line.empty()) << file << " lacks '# expect_line: …'";
    try {
        load_rule_set(file);
        FAIL() << file << " loaded";
    } catch (const RuleError& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find(file + ":" + line + ": "), std::string::npos) << what;
        EXPECT_NE(what.find(expect), std::string::npos) << what;
        EXPECT_EQ(e.exit_code(), 3);
    }
}

INSTANTIATE_TEST_SUITE_P(Files, BadRuleFile, ::testing::ValuesIn(bad_files()),
                         [](const auto& info) {
                             std::string n = fs::path(info.param).stem().string();
                             for (auto& c : n)
                                 if (!isalnum(static_cast<unsigned char>(c))) c = '_';
                             return n;
                         });
