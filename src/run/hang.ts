import type {Waiter} from '../broker/core.ts';
import type {Lang} from '../lang/index.ts';
import {texts} from '../lang/index.ts';
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

/**
 * Say who waits on what and why nobody can wake it, one line per waiter, in
 * `lang`: each case picks its line from the catalogue's `hang` section.
 */
export function explainHang(run: Run, waits: Waiter[], lang: Lang = 'en'): string[] {
	const {hang: say, tool} = texts(lang);
	const blockedIn = new Map(waits.map(waiter => [waiter.peer.name, waiter.call]));
	/** A process, and what it is blocked in if it is. */
	const andBlocked = (name: string, who: string) => (blockedIn.has(name) ? say.itselfBlocked(who, blockedIn.get(name)!) : who);
	const exited = [...run.members].filter(member => !member.alive).map(member => member.name);
	const lines: string[] = [];
	for (const waiter of waits) {
		const head = say.blockedIn(tool.who(waiter.peer.name, waiter.peer.pid), waiter.call);
		switch (waiter.call) {
			case 'queue.get()':
				lines.push(say.queueGet(head, waiter.target, exited));
				break;
			case 'queue.put()':
				lines.push(say.queuePut(head, waiter.target));
				break;
			case 'queue.join()':
				lines.push(say.queueJoin(head, waiter.target, run.broker.info(waiter.id, 'queue').unfinished));
				break;
			case 'event.wait()':
				lines.push(say.eventWait(head, waiter.target));
				break;
			case 'lock.acquire()': {
				const {path, holder: owner, unknown} = run.broker.info(waiter.id, 'lock');
				if (unknown !== null) {
					lines.push(say.lockUnknown(head, waiter.target, path, unknown));
					break;
				}
				const holder = owner ? andBlocked(owner.name, tool.who(owner.name, owner.pid)) : say.anotherProcess;
				lines.push(say.lockHeld(head, waiter.target, holder, owner !== null && blockedIn.has(owner.name)));
				break;
			}
			case 'semaphore.acquire()':
				lines.push(say.semaphoreAcquire(head, waiter.target));
				break;
			case 'process.join()':
				lines.push(say.processJoin(head, andBlocked(waiter.target, waiter.target)));
				break;
			default:
				lines.push(say.other(head, waiter.target));
		}
	}
	return lines;
}
