export { bboxOfZone, zoneContains } from './compiled-version.js';
export { describeDetection, formatUtc } from './describe.js';
export { Engine, type EngineCounters, type EngineOptions } from './engine.js';
