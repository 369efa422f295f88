#pragma once

/// The evaluator: metrics in METRICS, the Evaluator that runs them, result
/// gathering across ranks and the DumpResults metric.

#include "mmengine/evaluator/collect_results.h"
#include "mmengine/evaluator/dump_results.h"
#include "mmengine/evaluator/evaluator.h"
#include "mmengine/evaluator/metric.h"
