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

}  // namespace parkgis::detail
