import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api/api-error.js';
import { sekishoApi } from '../api/sekisho-api.js';
import type { OpsSummary } from '../api/types.js';

const REFRESH_MS = 5000;
const LAG_SAMPLES = 120;

/** The operations summary, refreshed every 5 s, plus the stream lag samples seen since the page opened. */
export interface OpsSummaryState {
  readonly summary: OpsSummary | null;
  readonly lagHistory: readonly (readonly [number, number])[];
  readonly error: ApiError | null;
  readonly refresh: () => void;
}

/** Polls `GET /api/ops/summary`; the dashboard is read at a glance, so a few seconds' delay is fine. */
export function useOpsSummary(): OpsSummaryState {
  const [summary, setSummary] = useState<OpsSummary | null>(null);
  const [lagHistory, setLagHistory] = useState<readonly (readonly [number, number])[]>([]);
  const [error, setError] = useState<ApiError | null>(null);

  const refresh = useCallback(() => {
    sekishoApi.opsSummary().then(
      (next) => {
        setSummary(next);
        setError(null);
        if (next.streamLagMs !== null)
          setLagHistory((h) =>
            [...h, [Date.now() / 1000, next.streamLagMs ?? 0] as const].slice(-LAG_SAMPLES),
          );
      },
      (failure: unknown) =>
        setError(failure instanceof ApiError ? failure : new ApiError(0, 'NETWORK', String(failure))),
    );
  }, []);

  useEffect(() => {
    refresh();
    const timer = setInterval(refresh, REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  return { summary, lagHistory, error, refresh };
}
