import type {Waiter} from '../broker/core.ts';
import type {Catalogue} from '../lang/en/index.ts';
import type {Lang} from '../lang/index.ts';
import {texts} from '../lang/index.ts';
import {shown} from '../lang/shown.ts';
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
	/** Which kind of lock file it is. */
	readonly kind: 'lock' | 'rlock';
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
	return {waiter, kind, path, holder, unknown, condition: (waiter.op as {condition?: string} | undefined)?.condition};
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

/** The catalogue's words for one lock wait: the lock's name, the holder's depth, the condition it returns from. */
function words(say: Catalogue['hang'], wait: LockWait) {
	return {
		lock: say.lockName(wait.kind, shown(wait.waiter.target)),
		depth: (holder: LockWait['holder']) => (holder?.depth === undefined ? '' : say.atDepth(holder.depth)),
		returning: wait.condition === undefined ? '' : say.returning(wait.condition),
	};
}

/** One line for a whole cycle: "a holds lock "x" and waits for lock "y", held by b (pid 2), who waits for lock "x", held by a: a deadlock". */
function describeCycle(lang: Lang, cycle: readonly LockWait[]): string {
	const {hang: say, tool} = texts(lang);
	const first = cycle[0]!;
	const last = cycle.at(-1)!;
	const {name, pid} = first.waiter.peer;
	const start = words(say, first);
	if (cycle.length === 1) return say.selfDeadlock(tool.who(name, pid), start.lock, first.waiter.call, start.returning);
	// Each next member holds the lock the one before it waits for (at the depth that lock's file records).
	const links = cycle.slice(1).map((wait, i) => {
		const next = words(say, wait);
		return say.cycleLink(tool.who(wait.waiter.peer.name, wait.waiter.peer.pid), next.depth(cycle[i]!.holder), next.lock, next.returning);
	});
	return say.cycle(say.cycleStart(tool.who(name, pid), words(say, last).lock, start.depth(last.holder), start.lock, start.returning), links, name);
}

/**
 * Say who waits on what and why nobody can wake it, in `lang`: one line per
 * waiter, one per deadlock for all its members; each case picks its line
 * from the catalogue's `hang` section.
 */
export function explainHang(run: Run, waits: Waiter[], lang: Lang = 'en'): string[] {
	const {hang: say, tool} = texts(lang);
	const blockedIn = new Map(waits.map(waiter => [waiter.peer.name, waiter.call]));
	/** A process, and what it is blocked in if it is. */
	const andBlocked = (name: string, who: string) => (blockedIn.has(name) ? say.itselfBlocked(who, blockedIn.get(name)!) : who);
	const exited = [...run.members].filter(member => !member.alive).map(member => shown(member.name));
	const locks = new Map(waits.flatMap(waiter => [lockWait(run, waiter)].filter(wait => wait !== null).map(wait => [waiter, wait] as const)));
	const cycleOf = new Map(deadlocks([...locks.values()]).flatMap(cycle => cycle.map(wait => [wait.waiter, cycle] as const)));
	const told = new Set<LockWait[]>();
	const lines: string[] = [];
	for (const waiter of waits) {
		const head = say.blockedIn(tool.who(waiter.peer.name, waiter.peer.pid), waiter.call);
		const cycle = cycleOf.get(waiter);
		if (cycle) {
			if (!told.has(cycle)) lines.push(describeCycle(lang, cycle));
			told.add(cycle);
			continue;
		}
		const lock = locks.get(waiter);
		if (lock) {
			lines.push(describeLockWait(lang, head, lock, andBlocked));
			continue;
		}
		switch (waiter.call) {
			case 'queue.get()':
				lines.push(say.queueGet(head, shown(waiter.target), exited));
				break;
			case 'queue.put()':
				lines.push(say.queuePut(head, shown(waiter.target)));
				break;
			case 'queue.join()':
				lines.push(say.queueJoin(head, shown(waiter.target), run.broker.info(waiter.id, 'queue').unfinished));
				break;
			case 'event.wait()':
				lines.push(say.eventWait(head, shown(waiter.target)));
				break;
			case 'condition.wait()':
				lines.push(say.conditionWait(head, shown(waiter.target)));
				break;
			case 'semaphore.acquire()':
				lines.push(say.semaphoreAcquire(head, shown(waiter.target)));
				break;
			case 'barrier.wait()': {
				const {waiting, parties, acting} = run.broker.info(waiter.id, 'barrier');
				if (acting.length === 0) {
					lines.push(say.barrierWait(head, shown(waiter.target), waiting, parties));
					break;
				}
				const runners = acting.map(({name, pid}) => andBlocked(name, tool.who(name, pid)));
				lines.push(say.barrierAction(head, shown(waiter.target), runners));
				break;
			}
			case 'connection.recv()':
			case 'connection.poll()':
				lines.push(pipeWait(run, waiter, head, lang, andBlocked));
				break;
			case 'connection.send()':
				lines.push(pipeSendWait(run, waiter, head, lang, andBlocked));
				break;
			case 'process.join()':
				lines.push(say.processJoin(head, andBlocked(waiter.target, shown(waiter.target))));
				break;
			default:
				lines.push(say.other(head, shown(waiter.target)));
		}
	}
	return lines;
}

/** A lock wait outside any deadlock: who holds the lock, and what that holder is blocked in, if anything. */
function describeLockWait(lang: Lang, head: string, wait: LockWait, andBlocked: (name: string, who: string) => string): string {
	const {hang: say, tool} = texts(lang);
	const {lock, depth, returning} = words(say, wait);
	if (wait.unknown !== null) return say.lockUnknown(head, lock + returning, wait.path, wait.unknown);
	const owner = wait.holder;
	const holder = owner ? andBlocked(owner.name, tool.who(owner.name, owner.pid) + depth(owner)) : say.anotherProcess;
	return say.lockHeld(head, lock + returning, holder);
}

/** A reader of a pipe's end: who else reads it first, and who holds the other end (the waiter itself, when it kept its copy). */
function pipeWait(run: Run, waiter: Waiter, head: string, lang: Lang, andBlocked: (name: string, who: string) => string): string {
	const {hang: say, tool} = texts(lang);
	const end = (waiter.op as {end?: 0 | 1} | undefined)?.end ?? 0;
	const {ends} = run.broker.info(waiter.id, 'connection');
	const reader = ends[end]!.reader;
	const readBy = reader && reader.pid !== waiter.peer.pid ? tool.who(reader.name, reader.pid) : null;
	const held = ends[end === 0 ? 1 : 0]!.holders.map(holder =>
		holder.pid === waiter.peer.pid ? say.pipeOwnEnd(tool.who(holder.name, holder.pid)) : andBlocked(holder.name, tool.who(holder.name, holder.pid)),
	);
	return say.pipeRecv(head, shown(waiter.target), end, readBy, held);
}

/** A sender far ahead of the other end: how much waits unread, and who reads (or only holds) that end. */
function pipeSendWait(run: Run, waiter: Waiter, head: string, lang: Lang, andBlocked: (name: string, who: string) => string): string {
	const {hang: say, tool} = texts(lang);
	const end = (waiter.op as {end?: 0 | 1} | undefined)?.end ?? 0;
	const target = run.broker.info(waiter.id, 'connection').ends[end === 0 ? 1 : 0]!;
	const name = (holder: {name: string; pid: number}) => andBlocked(holder.name, tool.who(holder.name, holder.pid));
	const readBy = target.reader ? name(target.reader) : null;
	return say.pipeSend(head, shown(waiter.target), end, target.queuedBytes, readBy, target.holders.map(name));
}
