export {
  type Bus,
  type BusHandler,
  type BusTopic,
  type BusTopics,
  InProcessBus,
} from './in-process-bus.js';
