/**
 * Whether a hung run is a deadlock: a cycle of blocked processes, each
 * waiting for something the next one holds (or for the next one to exit).
 * Who holds what comes from the recorded `acquired` / `release` events, so
 * any primitive that is acquired and released counts, whatever its kind.
 */
import type {RunEvent} from '../../run/run.ts';

/** A blocked call, as hang detection saw it (a broker `Waiter`). */
export interface BlockedCall {
	readonly peer: {readonly name: string};
	/** The broker's label, e.g. `lock.acquire()` or `process.join()`. */
	readonly call: string;
	/** The primitive's or the process's name. */
	readonly target: string;
}

/** What each process held when the run stopped: `kind name` → processes holding it. */
function holders(events: readonly RunEvent[]): Map<string, Set<string>> {
	const counts = new Map<string, Map<string, number>>();
	const add = (label: string, proc: string, delta: number) => {
		const byProc = counts.get(label) ?? new Map<string, number>();
		counts.set(label, byProc);
		byProc.set(proc, delta === 0 ? 0 : (byProc.get(proc) ?? 0) + delta);
	};
	for (const event of events) {
		if (event.type !== 'sync') continue;
		const label = `${event.kind} ${event.target}`;
		if (event.op === 'acquired') add(label, event.proc, 1);
		else if (event.op === 'release') add(label, event.proc, -1);
		else if (event.op === 'recovered' && typeof event.deadProc === 'string') add(label, event.deadProc, 0);
	}
	const held = new Map<string, Set<string>>();
	for (const [label, byProc] of counts) held.set(label, new Set([...byProc].filter(([, n]) => n > 0).map(([proc]) => proc)));
	return held;
}

/** The processes of a wait cycle, in order (`first`, `second` for first → second → first; `first` alone for first → first), or null when there is none. */
export function findDeadlock(waits: readonly BlockedCall[], events: readonly RunEvent[]): string[] | null {
	const held = holders(events);
	const next = new Map<string, string[]>();
	for (const waiter of waits) {
		const kind = waiter.call.slice(0, waiter.call.indexOf('.'));
		const on = kind === 'process' ? [waiter.target] : [...(held.get(`${kind} ${waiter.target}`) ?? [])];
		// A process waiting for what it holds itself (a Lock taken twice) is a cycle of one: nobody else is left to release it.
		const from = waiter.peer.name;
		next.set(from, [...(next.get(from) ?? []), ...on]);
	}
	// Depth-first from each blocked process; a path that comes back to a process on it is the cycle.
	const done = new Set<string>();
	const walk = (proc: string, path: string[]): string[] | null => {
		const at = path.indexOf(proc);
		if (at >= 0) return path.slice(at);
		if (done.has(proc) || !next.has(proc)) return null;
		for (const other of next.get(proc)!) {
			const cycle = walk(other, [...path, proc]);
			if (cycle) return cycle;
		}
		done.add(proc);
		return null;
	};
	for (const proc of next.keys()) {
		const cycle = walk(proc, []);
		if (cycle) return cycle;
	}
	return null;
}
