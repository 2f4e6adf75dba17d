import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { oneLineMessage } from '../usage-error';
import { RebuildJob, RebuildMessage, runRebuildJob } from './rebuild-thread';

/** A worker thread of `projections rebuild --threads n`: rebuilds the group of projections it was given. */
if (!isMainThread && parentPort) {
  const port = parentPort;
  const post = (message: RebuildMessage) => port.postMessage(message);
  runRebuildJob(workerData as RebuildJob, post).then(
    () => process.exit(0),
    (error: unknown) => {
      post({ kind: 'failed', error: oneLineMessage(error) });
      process.exit(1);
    },
  );
}
