export { ReachEngine, type ReachAnswer, type ReachQuery, type ClassSide, type WitnessHop } from './engine.js';
export { ReachGraph, type ClassEdge } from './graph.js';
export { EndpointClasses, type EndpointClass } from './classes.js';
export { INTERNET, search, type Reached, type SearchOptions } from './search.js';
export { select, tagValue, tagsOf, SELECTOR_HELP, type Selection } from './selectors.js';
export { parsePorts, trafficSpec } from './traffic-spec.js';
export { evaluatePolicy, type PolicySpec, type PathSpec, type PolicyViolation } from './policy.js';
export { segmentationMatrix, parsePartition, UNLABELLED, INTERNET_LABEL, type Partition, type SegmentationMatrix, type MatrixCell } from './matrix.js';
