#include "judge_layers.hpp"

#include "layer_writer.hpp"
#include "parkgis/judge/judge.hpp"

namespace parkgis::detail {

void write_compliance(GDALDataset& ds, const Dataset& d) {
    OGRLayer* layer = create_layer(ds, "compliance", wkbNone, nullptr,
                                   {{"rule_set", OFTString, "规则集"},
                                    {"rule_id", OFTString, "规则编号"},
                                    {"rule_name", OFTString, "规则名称"},
                                    {"scope", OFTString, "对象类型（地块/区块）"},
                                    {"subject_layer", OFTString, "对象图层"},
                                    {"subject_id", OFTString, "对象编号"},
                                    {"zone_id", OFTString, "所在区块"},
                                    {"status", OFTString, "结果（pass合格/fail不合格/not_available无法判定）"},
                                    {"indicator", OFTString, "指标"},
                                    {"comparison", OFTString, "比较"},
                                    {"actual", OFTReal, "实际值"},
                                    {"threshold", OFTReal, "阈值"},
                                    {"threshold_max", OFTReal, "阈值上限"},
                                    {"unit", OFTString, "单位"},
                                    {"margin", OFTReal, "余量（负值为差距）"},
                                    {"margin_pct", OFTReal, "余量占阈值(%)"},
                                    {"threshold_source", OFTString, "阈值来源"},
                                    {"severity", OFTString, "严重程度"},
                                    {"binding", OFTString, "约束性/推荐性"},
                                    {"confidence", OFTString, "依据可信度"},
                                    {"citation", OFTString, "依据条款"},
                                    {"message_zh", OFTString, "说明"},
                                    {"message_en", OFTString, "Message"}},
                                   "every rule judged on every parcel and zone it applies to");
    OGRFeatureDefn* defn = layer->GetLayerDefn();
    for (const auto& o : d.compliance) {
        const JudgedRule& r = d.judged_rules[o.rule];
        const auto [zh, en] = outcome_message(d, o);
        OGRFeature f(defn);
        f.SetField("rule_set", r.rule_set.c_str());
        f.SetField("rule_id", r.rule_id.c_str());
        f.SetField("rule_name", r.name_zh.c_str());
        f.SetField("scope", r.scope.c_str());
        f.SetField("subject_layer", o.zone_subject ? "zones" : "parcels");
        f.SetField("subject_id", o.subject_id.c_str());
        f.SetField("zone_id", o.zone_id.c_str());
        f.SetField("status", status_name(o.status));
        f.SetField("indicator", r.indicator.c_str());
        f.SetField("comparison", r.comparison.c_str());
        set_optional(f, "actual", o.actual);
        set_optional(f, "threshold", o.threshold);
        set_optional(f, "threshold_max", o.threshold_max);
        f.SetField("unit", r.unit.c_str());
        set_optional(f, "margin", o.margin);
        set_optional(f, "margin_pct", o.margin_pct);
        f.SetField("threshold_source", o.threshold_source.c_str());
        f.SetField("severity", severity_name(r.severity));
        f.SetField("binding", r.binding.c_str());
        f.SetField("confidence", r.confidence.c_str());
        f.SetField("citation", r.citation.c_str());
        f.SetField("message_zh", zh.c_str());
        f.SetField("message_en", en.c_str());
        create(layer, f, "compliance");
    }
}

void write_compliance_summary(GDALDataset& ds, const Dataset& d) {
    OGRLayer* layer = create_layer(ds, "compliance_summary", wkbNone, nullptr,
                                   {{"scope_id", OFTString, "范围"},
                                    {"scope_name", OFTString, "名称"},
                                    {"rule_set", OFTString, "规则集"},
                                    {"parcels_judged", OFTInteger, "参评地块数"},
                                    {"parcels_pass", OFTInteger, "合格地块数"},
                                    {"parcels_fail", OFTInteger, "不合格地块数"},
                                    {"parcels_not_available", OFTInteger, "无法判定地块数"},
                                    {"zone_rules_pass", OFTInteger, "区块指标达标数"},
                                    {"zone_rules_fail", OFTInteger, "区块指标未达标数"},
                                    {"zone_rules_not_available", OFTInteger, "区块指标无法判定数"}},
                                   "compliance per zone, core, expansion and total, by rule set");
    for (const auto& c : d.compliance_summary) {
        OGRFeature f(layer->GetLayerDefn());
        f.SetField("scope_id", c.scope_id.c_str());
        f.SetField("scope_name", c.scope_name.c_str());
        f.SetField("rule_set", c.rule_set.c_str());
        f.SetField("parcels_judged", c.parcels_judged);
        f.SetField("parcels_pass", c.parcels_pass);
        f.SetField("parcels_fail", c.parcels_fail);
        f.SetField("parcels_not_available", c.parcels_not_available);
        f.SetField("zone_rules_pass", c.zone_rules_pass);
        f.SetField("zone_rules_fail", c.zone_rules_fail);
        f.SetField("zone_rules_not_available", c.zone_rules_not_available);
        create(layer, f, "compliance_summary");
    }
}

void write_rule_sets(GDALDataset& ds, const Dataset& d) {
    OGRLayer* layer = create_layer(ds, "rule_sets", wkbNone, nullptr,
                                   {{"rule_set", OFTString, "规则集"},
                                    {"version", OFTString, "版本"},
                                    {"title", OFTString, "名称"},
                                    {"document", OFTString, "文件"},
                                    {"file", OFTString, "规则文件"},
                                    {"sha256", OFTString, "规则文件校验和"},
                                    {"rules", OFTInteger, "规则数"},
                                    {"rules_switched_off", OFTInteger, "停用规则数"},
                                    {"overrides", OFTString, "项目调整（原因）"}},
                                   "rule sets applied, with the project's overrides");
    for (const auto& s : d.rule_sets) {
        std::string overrides;
        for (const auto& o : s.overrides) overrides += (overrides.empty() ? "" : "\n") + o;
        OGRFeature f(layer->GetLayerDefn());
        f.SetField("rule_set", s.id.c_str());
        f.SetField("version", s.version.c_str());
        f.SetField("title", s.title.c_str());
        f.SetField("document", s.document.c_str());
        f.SetField("file", s.file.c_str());
        f.SetField("sha256", s.sha256.c_str());
        f.SetField("rules", s.rules);
        f.SetField("rules_switched_off", s.rules_switched_off);
        f.SetField("overrides", overrides.c_str());
        create(layer, f, "rule_sets");
    }
}

}  // namespace parkgis::detail
