/** The traffic simulator's public face. */

export type { LonLat } from './geo-motion.js';
export { DEMO_SCENARIO_DIR, loadScenario, type Scenario } from './load-scenario.js';
export type { RouteMode } from './route.js';
export {
  type SimulatorClock,
  type SimulatorClockOptions,
  startSimulatorClock,
} from './run-simulator.js';
export { parseAgreement, parseTrafficScript, ScenarioFileError } from './scenario-schema.js';
export {
  AIRCRAFT_ALT_FT,
  AIRCRAFT_SPEED_KN,
  createSimulator,
  type SimTrack,
  type Simulator,
  type SimulatorOptions,
  VESSEL_SPEED_KN,
} from './simulator.js';
export type {
  ActorExpectation,
  ActorRole,
  ActorSilence,
  ActorSpoof,
  Airway,
  ScriptedActor,
  SeaLane,
  TrafficScript,
} from './traffic-script.js';
