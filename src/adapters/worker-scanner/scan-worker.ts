// The entry of one scan worker thread (see createWorkerPoolScanner). It builds the built-in engine
// once, then scans one job at a time, reading each quarantined file itself by path.
import { parentPort, workerData } from 'node:worker_threads';
import { createBuiltinScanner } from '../../gate/scan/builtin/builtin-scanner.js';
import { pathSubject } from '../fs/path-subject.js';
import type { ScanJob, ScanJobReply, ScanWorkerData } from './scan-worker-protocol.js';

const port = parentPort;
if (port === null) throw new Error('scan-worker.js runs only as a worker thread of the scan pool');
const data = workerData as ScanWorkerData;
const engine = createBuiltinScanner({
  ...data.limits,
  denylist: data.denylist,
  ...(data.accept === undefined ? {} : { policy: { accept: new Set(data.accept) } }),
});

port.on('message', (job: ScanJob) => {
  engine
    .scan(pathSubject(job.path, job))
    .then(
      (result): ScanJobReply => ({ id: job.id, result }),
      (error: unknown): ScanJobReply => ({ id: job.id, error: (error as Error)?.message ?? String(error) }),
    )
    .then((reply) => port.postMessage(reply));
});
