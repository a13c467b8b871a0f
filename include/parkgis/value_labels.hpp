#pragma once
// The Chinese and English labels of the codes the tables store, by the vocabulary that holds them, for the
// sinks a reader sees them in: the report, the workbook and the CSV copies show 合格 where the GeoPackage
// stores pass (layers/report/tables.yaml, `labels:`). The labels are the vocabulary's own
// (src/core/vocabulary.cpp), so that a dossier calls each thing by one name.
#include <string>
#include <string_view>
#include <vector>

#include "parkgis/vocabulary.hpp"

namespace parkgis {

// The labels of a vocabulary: scope_level, zone_group, severity, value_status, qa_status, zone_type,
// grid_cell_status, evaluation_area, outcome_status, parcel_compliance, ring_kind, comparison, binding,
// confidence, rule_scope, estimate_basis, scope_id (核心区, 扩区, 合计; a zone's id as it is). nullptr for any
// other name.
const std::vector<Label>* value_labels(std::string_view vocabulary);
std::vector<std::string> value_label_vocabularies();  // the names above, for messages

}  // namespace parkgis
