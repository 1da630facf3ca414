import type { Scanner } from '../../gate/ports.js';
import type { Clock } from '../../shared/clock.js';
import type { GateMetrics } from './gate-metrics.js';

/** Wraps each engine so that every scan's duration lands in `sekisho_scan_duration_seconds{engine}`. */
export function timedEngines(engines: readonly Scanner[], metrics: GateMetrics, clock: Clock): Scanner[] {
  return engines.map((engine) => ({
    name: engine.name,
    async scan(subject, signal) {
      const started = clock.now();
      try {
        return await engine.scan(subject, signal);
      } finally {
        metrics.scanned(engine.name, (clock.now() - started) / 1000);
      }
    },
  }));
}
