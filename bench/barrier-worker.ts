/** What the barrier benchmark's children run (bench/barrier.ts): a module of its own, since the twin runs its main code on import. */
import type {Barrier, Event, Queue} from '../src/index.ts';

/** `cycles` waits; reports how often each index came back. */
export async function barrierWorker(barrier: Barrier, cycles: number, ready: Queue, go: Event, done: Queue): Promise<void> {
	const counts: number[] = Array(barrier.parties).fill(0);
	await ready.put(process.pid);
	await go.wait();
	for (let i = 0; i < cycles; i++) counts[await barrier.wait()]!++;
	await done.put(counts);
}
