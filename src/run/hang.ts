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

/** A wait for a lock file — `lock.acquire()`, `rlock.acquire()`, a condition's wait() taking its lock back — and who holds it. */
interface LockWait {
	readonly waiter: Waiter;
	/** How the lock is named: `lock "fork-1"`, `rlock "r"`. */
	readonly lock: string;
	readonly path: string;
	/** The holder as the lock file records it; null when free or held by an unknown owner. */
	readonly holder: {name: string; pid: number; depth?: number} | null;
	readonly unknown: string | null;
	/** The condition whose wait() takes the lock back, if that is what waits. */
	readonly condition: string | undefined;
}

function lockWait(run: Run, waiter: Waiter): LockWait | null {
	const kind = waiter.call === 'lock.acquire()' ? 'lock' : waiter.call === 'rlock.acquire()' ? 'rlock' : null;
	if (!kind) return null;
	const {path, holder, unknown} = run.broker.info(waiter.id, kind);
	return {waiter, lock: `${kind} "${waiter.target}"`, path, holder, unknown, condition: (waiter.op as {condition?: string} | undefined)?.condition};
}

/**
 * Follow each lock wait to the lock's holder, and on to the holder's own
 * lock wait, …: every cycle found is a deadlock. Returns each cycle once,
 * starting from its member that comes first in `waits`.
 */
function deadlocks(waits: readonly LockWait[]): LockWait[][] {
	const byPid = new Map(waits.map(wait => [wait.waiter.peer.pid, wait]));
	const seen = new Set<LockWait>();
	const cycles: LockWait[][] = [];
	for (const start of waits) {
		const chain: LockWait[] = [];
		let at: LockWait | undefined = start;
		while (at && !seen.has(at)) {
			seen.add(at);
			chain.push(at);
			at = at.holder ? byPid.get(at.holder.pid) : undefined;
		}
		if (at && chain.includes(at)) cycles.push(chain.slice(chain.indexOf(at)));
	}
	return cycles;
}

const who = (name: string, pid: number) => `${name} (pid ${pid})`;
const depthOf = (holder: LockWait['holder']) => (holder?.depth === undefined ? '' : ` at depth ${holder.depth}`);
const returning = (wait: LockWait) => (wait.condition === undefined ? '' : ` (to return from condition.wait() on "${wait.condition}")`);

/** One line for a whole cycle: "a holds lock "x" and waits for lock "y", held by b (pid 2), who waits for lock "x", held by a: a deadlock". */
function describeCycle(cycle: readonly LockWait[]): string {
	const first = cycle[0]!;
	const last = cycle.at(-1)!;
	const {name, pid} = first.waiter.peer;
	if (cycle.length === 1)
		return `${who(name, pid)} holds ${first.lock} and waits for it again in ${first.waiter.call}${returning(first)}: a deadlock (a Lock is not reentrant)`;
	// Each next member holds the lock the one before it waits for (at the depth that lock's file records).
	const links = cycle
		.slice(1)
		.map((wait, i) => `held by ${who(wait.waiter.peer.name, wait.waiter.peer.pid)}${depthOf(cycle[i]!.holder)}, who waits for ${wait.lock}${returning(wait)}`);
	return [
		`${who(name, pid)} holds ${last.lock}${depthOf(last.holder)} and waits for ${first.lock}${returning(first)}`,
		...links,
		`held by ${name}: a deadlock`,
	].join(', ');
}

/** Say who waits on what and why nobody can wake it: one line per waiter, one per deadlock for all its members. */
export function explainHang(run: Run, waits: Waiter[]): string[] {
	const blockedIn = new Map(waits.map(waiter => [waiter.peer.name, waiter.call]));
	const exited = [...run.members].filter(member => !member.alive).map(member => member.name);
	const locks = new Map(waits.flatMap(waiter => [lockWait(run, waiter)].filter(wait => wait !== null).map(wait => [waiter, wait] as const)));
	const cycleOf = new Map(deadlocks([...locks.values()]).flatMap(cycle => cycle.map(wait => [wait.waiter, cycle] as const)));
	const told = new Set<LockWait[]>();
	const lines: string[] = [];
	for (const waiter of waits) {
		const head = `${who(waiter.peer.name, waiter.peer.pid)} is blocked in ${waiter.call}`;
		const cycle = cycleOf.get(waiter);
		if (cycle) {
			if (!told.has(cycle)) lines.push(describeCycle(cycle));
			told.add(cycle);
			continue;
		}
		const lock = locks.get(waiter);
		if (lock) {
			lines.push(describeLockWait(head, lock, blockedIn));
			continue;
		}
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
			case 'condition.wait()':
				lines.push(`${head} on condition "${waiter.target}"; nobody alive can notify it`);
				break;
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

/** A lock wait outside any deadlock: who holds the lock, and what that holder is blocked in, if anything. */
function describeLockWait(head: string, wait: LockWait, blockedIn: ReadonlyMap<string, string>): string {
	if (wait.unknown !== null)
		return `${head} on ${wait.lock}${returning(wait)}, held by an unknown owner: ${wait.path} is not an owner record (${wait.unknown})`;
	const owner = wait.holder;
	const holder = owner
		? `${who(owner.name, owner.pid)}${depthOf(owner)}${blockedIn.has(owner.name) ? `, itself blocked in ${blockedIn.get(owner.name)}` : ''}`
		: 'another process';
	return `${head} on ${wait.lock}${returning(wait)}, held by ${holder}`;
}
