export { describeDetection, formatUtc } from './describe.js';
export { Engine, type EngineCounters, type EngineOptions } from './engine.js';
export { bboxOfZone, zoneContains } from './zone-geometry.js';
