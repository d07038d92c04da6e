export {Process} from './run/process.ts';
export type {ProcessOptions} from './run/process.ts';
export {Lock} from './primitives/lock.ts';
export {Semaphore} from './primitives/semaphore.ts';
export {Event} from './primitives/event.ts';
export {Queue} from './primitives/queue.ts';
export type {QueueOptions} from './primitives/queue.ts';
export {JoinableQueue} from './primitives/joinable-queue.ts';
export type {QueueInfo, LockInfo, SemaphoreInfo, EventInfo} from './ipc/protocol.ts';
export {log} from './primitives/log.ts';
export type {WaitOptions} from './primitives/timeout.ts';
export {SyncError, Full, Empty, TimeoutError, ValueError, Closed, Disconnected, RunFolderError, Abandoned} from './errors.ts';

import {Run} from './run/run.ts';

/**
 * True in the program's own process, false in a child started by Process.
 * A child imports the target's module, so code meant for the main process
 * only goes under `if (isMain)`, as Python's `if __name__ == '__main__':`.
 */
export const isMain = !process.env.SYNC_DEMO_CHILD;

/** End the current run: wait for non-daemon children, stop daemons, remove the run's folder. */
export async function shutdown(options?: {graceMs?: number}): Promise<void> {
	await Run.current().shutdown(options);
}
