/**
 * This process as its run knows it: the main process until the child
 * runtime says otherwise (from the start message). `currentProcess()`,
 * `parentProcess()`, default process names and primitive ids read it.
 */

/** A process of the run as another one sees it. */
export interface ProcessRecord {
	readonly name: string;
	readonly pid: number;
	readonly daemon: boolean;
}

/** The process that started this one: its start time tells it apart from a later process with the same pid. */
export interface ParentRecord extends ProcessRecord {
	/** Field 22 of /proc/<pid>/stat ('-' where there is no /proc). */
	readonly start: string;
}

export interface SelfRecord extends ProcessRecord {
	/** This process's key at the broker: 0 for the main process, unique in the run and never reused. */
	readonly key: number;
	/** Python's `_identity`: the parent's identity and this process's number among its siblings (empty in main). */
	readonly identity: readonly number[];
	/** The process that started this one (which is not `process.ppid`: every process is forked by the main process); null in main. */
	readonly parent: ParentRecord | null;
}

let me: SelfRecord = {name: 'main', pid: process.pid, daemon: false, key: 0, identity: [], parent: null};

export function self(): SelfRecord {
	return me;
}

export function setSelf(record: SelfRecord): void {
	me = record;
}

/** What ids made in this process start with, so that they are unique in the run: '' in main, `<key>.` in a child. */
export function idScope(): string {
	return me.key === 0 ? '' : `${me.key}.`;
}

/** The key of the process that made an id (see `idScope`); 0 for one made in main or not of that form. */
export function creatorKey(id: string): number {
	const match = /#(\d+)\.\d+$/.exec(id);
	return match ? Number(match[1]) : 0;
}
