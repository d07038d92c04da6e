export {Abandoned, BrokenBarrierError, Closed, Disconnected, Empty, EOFError, Full, RunFolderError, SyncError, TimeoutError, ValueError} from './errors.ts';
export type {
	BarrierInfo,
	ConditionInfo,
	ConnectionInfo,
	EventInfo,
	LockInfo,
	QueueInfo,
	RLockInfo,
	SemaphoreInfo,
	SharedArrayInfo,
	ValueInfo,
} from './ipc/protocol.ts';
export type {ItemInput, ItemOf, Typecode} from './ipc/typecodes.ts';
export type {BarrierAction, BarrierOptions} from './primitives/barrier.ts';
export {Barrier} from './primitives/barrier.ts';
export {BoundedSemaphore} from './primitives/bounded-semaphore.ts';
export {Condition} from './primitives/condition.ts';
export type {PipeOptions, PollOptions} from './primitives/connection.ts';
export {Connection, Pipe} from './primitives/connection.ts';
export {Event} from './primitives/event.ts';
export {JoinableQueue} from './primitives/joinable-queue.ts';
export {Lock} from './primitives/lock.ts';
export {log} from './primitives/log.ts';
export type {QueueOptions} from './primitives/queue.ts';
export {Queue} from './primitives/queue.ts';
export {RLock} from './primitives/rlock.ts';
export {Semaphore} from './primitives/semaphore.ts';
export {SharedArray} from './primitives/shared-array.ts';
export type {LockOption, SharedLock, SharedOptions} from './primitives/shared-lock.ts';
export {SimpleQueue} from './primitives/simple-queue.ts';
export type {WaitOptions} from './primitives/timeout.ts';
export {Value} from './primitives/value.ts';
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
