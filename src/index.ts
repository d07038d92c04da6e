export {Abandoned, BrokenBarrierError, Closed, Disconnected, Empty, Full, RunFolderError, SyncError, TimeoutError, ValueError} from './errors.ts';
export type {BarrierInfo, EventInfo, LockInfo, QueueInfo, SemaphoreInfo} from './ipc/protocol.ts';
export type {BarrierAction, BarrierOptions} from './primitives/barrier.ts';
export {Barrier} from './primitives/barrier.ts';
export {Event} from './primitives/event.ts';
export {JoinableQueue} from './primitives/joinable-queue.ts';
export {Lock} from './primitives/lock.ts';
export {log} from './primitives/log.ts';
export type {QueueOptions} from './primitives/queue.ts';
export {Queue} from './primitives/queue.ts';
export {Semaphore} from './primitives/semaphore.ts';
export type {WaitOptions} from './primitives/timeout.ts';
export type {ProcessInfo} from './run/introspect.ts';
export {activeChildren, currentProcess, parentProcess} from './run/introspect.ts';
export type {ProcessOptions} from './run/process.ts';
export {Process} from './run/process.ts';

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
