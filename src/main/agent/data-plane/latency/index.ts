export {
  LATENCY_CONCURRENCY,
  LATENCY_INTERVAL_MS,
  LATENCY_SAMPLES,
  LATENCY_TIMEOUT_MS,
  LatencyMonitor,
  type LatencyMonitorOptions,
  type ProbeableEgress,
} from './latency-monitor.js';
export type { EgressLatency, LatencyTable, ProbeResult } from './latency-table.js';
export { formatTarget, type ProbeTarget, parseProbeTarget, targetOfUrl } from './probe-target.js';
export { type VnetMeasurement, vnetMeasurement } from './vnet-latency.js';
