import type {Handle, Kind} from '../ipc/protocol.ts';

/**
 * How a child turns a handle back into its primitive, per kind: loaded only
 * when a handle of that kind arrives, so a child loads the primitives it
 * uses and no others. A new kind is one line here.
 */
export const clients: {[K in Kind]: () => Promise<(handle: Handle) => unknown>} = {
	lock: async () => (await import('../primitives/lock.ts')).Lock.fromHandle,
	semaphore: async () => {
		const [{Semaphore}, {BoundedSemaphore}] = await Promise.all([import('../primitives/semaphore.ts'), import('../primitives/bounded-semaphore.ts')]);
		return handle => (handle.bounded ? BoundedSemaphore.fromHandle(handle) : Semaphore.fromHandle(handle));
	},
	event: async () => (await import('../primitives/event.ts')).Event.fromHandle,
	barrier: async () => (await import('../primitives/barrier.ts')).Barrier.fromHandle,
	queue: async () => {
		const [{Queue}, {JoinableQueue}, {SimpleQueue}] = await Promise.all([
			import('../primitives/queue.ts'),
			import('../primitives/joinable-queue.ts'),
			import('../primitives/simple-queue.ts'),
		]);
		return handle => (handle.joinable ? JoinableQueue.fromHandle(handle) : handle.simple ? SimpleQueue.fromHandle(handle) : Queue.fromHandle(handle));
	},
	value: async () => (await import('../primitives/value.ts')).Value.fromHandle,
	array: async () => (await import('../primitives/shared-array.ts')).SharedArray.fromHandle,
	rlock: async () => (await import('../primitives/rlock.ts')).RLock.fromHandle,
	condition: async () => (await import('../primitives/condition.ts')).Condition.fromHandle,
	connection: async () => (await import('../primitives/connection.ts')).Connection.fromHandle,
};
