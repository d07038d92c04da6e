import type {Waiter} from '../broker/core.ts';
import type {Run} from './run.ts';

/** Untimed waits only: a wait with a timeout will end by itself. */
function untimed(waiters: Waiter[]): Waiter[] {
	return waiters.filter(waiter => !waiter.timed);
}

/**
 * The run is hung when every live process (main and children) is parked in
 * an untimed wait: then nobody is left to put, set, release or exit, so no
 * wait can ever end. Returns the waits, or null while someone can still act.
 * The caller adds a quiet period, so a message still in flight is not missed.
 */
export function blockedWaits(run: Run): Waiter[] | null {
	const waits = untimed(run.broker.waiting());
	const live = [
		run.mainPeer.key,
		...run.broker
			.peers()
			.filter(peer => peer.key !== run.mainPeer.key)
			.map(peer => peer.key),
	];
	if (live.some(key => !waits.some(waiter => waiter.peer.key === key))) return null;
	return waits;
}

/** Say who waits on what and why nobody can wake it, one line per waiter. */
export function explainHang(run: Run, waits: Waiter[]): string[] {
	const who = (name: string, pid: number) => `${name} (pid ${pid})`;
	const blockedIn = new Map(waits.map(waiter => [waiter.peer.name, waiter.call]));
	const exited = [...run.members].filter(member => !member.alive).map(member => member.name);
	const lines: string[] = [];
	for (const waiter of waits) {
		const head = `${who(waiter.peer.name, waiter.peer.pid)} is blocked in ${waiter.call}`;
		switch (waiter.call) {
			case 'queue.get()': {
				lines.push(
					`${head} on an empty queue "${waiter.target}"; ${exited.length > 0 ? `${exited.join(', ')} ha${exited.length === 1 ? 's' : 've'} exited and ` : ''}no live process can put`,
				);
				break;
			}
			case 'queue.put()':
				lines.push(`${head} on the full queue "${waiter.target}"; no live process can get`);
				break;
			case 'queue.join()':
				lines.push(
					`${head} on "${waiter.target}" with ${run.broker.info(waiter.id, 'queue').unfinished} unfinished task(s); no live process can call taskDone()`,
				);
				break;
			case 'event.wait()':
				lines.push(`${head} on the cleared event "${waiter.target}"; no live process can set it`);
				break;
			case 'lock.acquire()': {
				const {path, holder: owner, unknown} = run.broker.info(waiter.id, 'lock');
				if (unknown !== null) {
					lines.push(`${head} on lock "${waiter.target}", held by an unknown owner: ${path} is not an owner record (${unknown})`);
					break;
				}
				const holder = owner
					? `${who(owner.name, owner.pid)}${blockedIn.has(owner.name) ? `, itself blocked in ${blockedIn.get(owner.name)}` : ''}`
					: 'another process';
				lines.push(`${head} on lock "${waiter.target}", held by ${holder}${owner && blockedIn.has(owner.name) ? ': a deadlock' : ''}`);
				break;
			}
			case 'semaphore.acquire()':
				lines.push(`${head} on semaphore "${waiter.target}" with no permit free; no live holder can release one`);
				break;
			case 'barrier.wait()': {
				const {waiting, parties, acting} = run.broker.info(waiter.id, 'barrier');
				if (acting.length === 0) {
					lines.push(`${head} on barrier "${waiter.target}" with ${waiting} of ${parties} parties arrived; no other live process can arrive`);
					break;
				}
				const runners = acting.map(({name, pid}) => `${who(name, pid)}${blockedIn.has(name) ? `, itself blocked in ${blockedIn.get(name)}` : ''}`);
				lines.push(`${head} on barrier "${waiter.target}": its parties have arrived and wait for the action run by ${runners.join(' and ')}`);
				break;
			}
			case 'process.join()':
				lines.push(`${head} waiting for ${waiter.target}${blockedIn.has(waiter.target) ? `, itself blocked in ${blockedIn.get(waiter.target)}` : ''}`);
				break;
			default:
				lines.push(`${head} on ${waiter.target}`);
		}
	}
	return lines;
}
