/**
 * Python's `current_process()`, `parent_process()` and `active_children()`.
 * Every process of a run is forked by its main process, so `process.ppid`
 * is the main process's pid everywhere; `parentProcess()` is the process
 * that started this one, as the program sees it (as with Python's
 * forkserver, where `os.getppid()` is the server).
 */
import {isAlive} from '../ipc/owner.ts';
import {inspectCustom} from '../ipc/protocol.ts';
import type {ParentRecord, ProcessRecord} from '../ipc/self.ts';
import {self} from '../ipc/self.ts';

export {activeChildren} from './process.ts';

/** A process of the run as this process sees it: its name, pid and daemon flag, and whether it still runs. */
export interface ProcessInfo extends ProcessRecord {
	/** Python's `is_alive()`. */
	readonly alive: boolean;
}

class Current implements ProcessInfo {
	readonly name: string;
	readonly pid: number;
	readonly daemon: boolean;

	constructor(record: ProcessRecord) {
		this.name = record.name;
		this.pid = record.pid;
		this.daemon = record.daemon;
	}

	get alive(): boolean {
		return true;
	}

	[inspectCustom](): string {
		return `<CurrentProcess name='${this.name}' pid=${this.pid}${this.daemon ? ' daemon' : ''}>`;
	}
}

class Parent implements ProcessInfo {
	readonly name: string;
	readonly pid: number;
	readonly daemon: boolean;
	readonly #start: string;

	constructor(record: ParentRecord) {
		this.name = record.name;
		this.pid = record.pid;
		this.daemon = record.daemon;
		this.#start = record.start;
	}

	/** Whether the parent still runs: its pid and start time, so a reused pid is not taken for it. */
	get alive(): boolean {
		return isAlive({pid: this.pid, start: this.#start, name: this.name});
	}

	[inspectCustom](): string {
		return `<ParentProcess name='${this.name}' pid=${this.pid} ${this.alive ? 'started' : 'stopped'}>`;
	}
}

/** This process: in a child, the name, pid and daemon flag it was started with; in the main process, the run's name for it (`main`). */
export function currentProcess(): ProcessInfo {
	return new Current(self());
}

/** The process that started this one (for a grandchild, the child that started it); null in the main process, as in Python. */
export function parentProcess(): ProcessInfo | null {
	const parent = self().parent;
	return parent ? new Parent(parent) : null;
}
