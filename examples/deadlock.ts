/**
 * Two processes, two locks, taken in opposite orders: each holds one and
 * waits for the other's. Nobody can go on — a deadlock, which sync-demo
 * sees and explains. Take the locks in the same order in both (a, then b)
 * and it is gone.
 *
 * The events only make sure that both hold their first lock before either
 * reaches for its second; without them the deadlock happens only some of
 * the time, which is what makes it so hard to find in real programs.
 *
 *   npx sync-demo run examples/deadlock.ts
 */
import {Event, isMain, Lock, Process} from 'sync-demo';

export async function transfer(first: Lock, second: Lock, mine: Event, theirs: Event): Promise<void> {
	await first.acquire();
	console.log(`holding ${first.name}, now reaching for ${second.name}`);
	await mine.set();
	await theirs.wait();
	await second.acquire(); // never returns: the other process holds it and waits for ours
	console.log('got both');
	await second.release();
	await first.release();
}

if (isMain) {
	const a = new Lock({name: 'a'});
	const b = new Lock({name: 'b'});
	const aHeld = new Event({name: 'a-held'});
	const bHeld = new Event({name: 'b-held'});
	const left = new Process({module: import.meta.url, target: 'transfer', args: [a, b, aHeld, bHeld], name: 'left'});
	const right = new Process({module: import.meta.url, target: 'transfer', args: [b, a, bHeld, aHeld], name: 'right'});
	await left.start();
	await right.start();
	await left.join();
	await right.join();
}
