import os from 'node:os';
import v8 from 'node:v8';
import {expected, ValueError} from '../errors.ts';
import {startTimeOf} from '../ipc/owner.ts';
import {finishHooks} from '../ipc/port.ts';
import {inspectCustom, now} from '../ipc/protocol.ts';
import {self} from '../ipc/self.ts';
import {pack} from '../primitives/handles.ts';
import type {WaitOptions} from '../primitives/timeout.ts';
import {checkTimeout} from '../primitives/timeout.ts';
import {RemoteChild} from './remote.ts';
import {prepareModule} from './resolve.ts';
import type {Member} from './run.ts';
import {Run} from './run.ts';
import {forkTurn, lineReaderFor, Spawned} from './spawn.ts';

export interface ProcessOptions {
	/** The module that exports `target`: pass `import.meta.url`. */
	module: string | URL;
	/** Name of the exported function to run in the child; it may be async. */
	target: string;
	/** Arguments: anything structured clone can copy, and primitives (Lock, Queue, …), which arrive usable. */
	args?: unknown[];
	/** Shown in output and events (default `Process-<n>`, and `Process-<n>:<m>` for the m-th child of Process-<n>, as in Python). */
	name?: string;
	/** Stopped when its parent's work ends instead of being waited for (Python's `daemon = True`). */
	daemon?: boolean;
}

let counter = 0;

/** The processes this process started, until `activeChildren()` finds them ended. */
const children = new Set<Process>();

/**
 * A real OS process running an exported function, like Python's
 * `multiprocessing.Process`. Any process of a run may start one: the main
 * process forks it itself; a child asks the main process to fork it on its
 * behalf (as Python's forkserver does) and is its parent all the same.
 */
export class Process {
	readonly name: string;
	readonly daemon: boolean;
	readonly #options: ProcessOptions;
	readonly #identity: readonly number[];
	/** Set once start() began: a second start() fails. */
	#starting: Promise<void> | undefined;
	/** Started by the main process: the OS child itself. */
	#spawned: Spawned | undefined;
	/** Started by a child: the process the main process forked for it. */
	#remote: RemoteChild | undefined;
	#run: Run | undefined;

	constructor(options: ProcessOptions) {
		if (typeof options.target !== 'string' || options.target === '') throw expected('the name of an exported function', 'target', options.target);
		if (options.daemon !== undefined && typeof options.daemon !== 'boolean') throw expected('a boolean', 'daemon', options.daemon);
		this.#options = options;
		this.#identity = [...self().identity, ++counter];
		this.name = options.name ?? `Process-${this.#identity.join(':')}`;
		this.daemon = options.daemon ?? false;
	}

	get pid(): number | undefined {
		return this.#spawned?.pid ?? this.#remote?.pid;
	}

	/** The child's exit status; `-signal` if a signal ended it (as in Python); null while it runs. */
	get exitCode(): number | null {
		return this.#spawned?.exitCode ?? this.#remote?.exitCode ?? null;
	}

	get alive(): boolean {
		return this.#spawned?.alive ?? this.#remote?.alive ?? false;
	}

	/** Python's `is_alive()`: started and not yet ended. */
	isAlive(): boolean {
		return this.alive;
	}

	/**
	 * Start the process; resolves once it has loaded the module and calls the
	 * target (or has ended). Start many at once with `Promise.all`.
	 */
	start(): Promise<void> {
		if (this.#starting) return Promise.reject(new Error(`process ${this.name} was already started`));
		if (self().daemon) {
			return Promise.reject(
				new ValueError(`process ${this.name} was not started: ${self().name} is a daemon, and a daemon may not have children (as in Python)`),
			);
		}
		this.#starting = self().key === 0 ? this.#startHere() : this.#startFromChild();
		// As Python's start(): children found ended are forgotten, so a long program's set stays small.
		activeChildren();
		children.add(this);
		if (self().key !== 0) finishHooks.add(joinChildren);
		return this.#starting;
	}

	async #startHere(): Promise<void> {
		const run = Run.current();
		const lineReader = await lineReaderFor(run);
		// Serialized now: an argument that cannot be copied fails start(), in this process.
		const args = v8.serialize(pack(this.#options.args ?? []));
		await prepareModule(this.#options.module);
		await forkTurn();
		// Meanwhile a signal may have begun the stop.
		if (run.stopping) throw new Error(`sync-demo: the run is stopping; process ${this.name} was not started`);
		this.#run = run;
		const parent = {name: run.port.name, pid: process.pid, daemon: false, start: startTimeOf(process.pid) ?? '-'};
		this.#spawned = new Spawned(
			run,
			{module: this.#options.module, target: this.#options.target, args, name: this.name, daemon: this.daemon, identity: this.#identity, parentKey: 0, parent},
			lineReader,
		);
		await this.#spawned.started;
	}

	async #startFromChild(): Promise<void> {
		const remote = new RemoteChild();
		this.#remote = remote;
		const {module, target, args = []} = this.#options;
		await remote.start({module, target, args, name: this.name, daemon: this.daemon, identity: this.#identity});
	}

	/**
	 * Wait for the child to end. Resolves to its exit code, or null if
	 * `timeout` (ms) passed first. A blocked join is visible to hang detection.
	 */
	async join(options?: WaitOptions): Promise<number | null> {
		const timeout = checkTimeout(options);
		if (!this.#starting) throw new Error(`process ${this.name} was not started`);
		// A start still under way is waited for; one that failed leaves nothing to join.
		await this.#starting.catch((error: unknown) => {
			throw new Error(`process ${this.name} was not started`, {cause: error});
		});
		if (this.#remote) return this.#remote.join(timeout);
		const spawned = this.#spawned;
		const run = this.#run;
		if (!spawned || !run) throw new Error(`process ${this.name} was not started`);
		if (spawned.exitCode !== null) return spawned.join();
		return joinFromMain(run, spawned, timeout);
	}

	/** Send SIGTERM (Python's `terminate()`). */
	terminate(): void {
		this.kill('SIGTERM');
	}

	kill(signal: NodeJS.Signals = 'SIGKILL'): void {
		if (typeof signal !== 'string' || !(signal in os.constants.signals)) throw expected('a signal name such as SIGTERM', 'signal', signal);
		this.#spawned?.kill(signal);
		this.#remote?.kill(signal);
	}

	/** Whether this program (the run or its code) sent the child a signal: a signal death it did not send came from outside. */
	get signalled(): boolean {
		return this.#spawned?.signalled ?? this.#remote?.signalled ?? false;
	}

	/** Resolves once start() has settled, however it went (for the exit of the process that started it). */
	settledStart(): Promise<void> {
		return (this.#starting ?? Promise.resolve()).catch(() => {});
	}

	[inspectCustom](): string {
		const state = this.#starting ? (this.alive ? 'started' : `stopped exitcode=${this.exitCode}`) : 'initial';
		return `<Process name='${this.name}' pid=${this.pid ?? '-'} ${state}${this.daemon ? ' daemon' : ''}>`;
	}
}

/** This process's started children still alive, as Python's `active_children()`; those found ended are forgotten. */
export function activeChildren(): Process[] {
	const alive: Process[] = [];
	for (const child of children) {
		if (child.alive) alive.push(child);
		else if (child.exitCode !== null) children.delete(child);
	}
	return alive;
}

/**
 * The main process waits for `member` to end (or `timeout` ms): visible to
 * hang detection, and as a wait in the run's events (`join-wait`, then
 * `joined` or `timeout`, kind `process`), so the timeline and a program's
 * profile show main blocked on it.
 */
export async function joinFromMain(run: Run, member: Member, timeout?: number): Promise<number | null> {
	if (run.ended) return member.join(timeout === undefined ? {} : {timeout});
	const unblock = run.broker.blockOn(run.mainPeer, 'process.join()', member.name, timeout !== undefined);
	run.broker.emit(run.mainPeer, now(), 'process', member.name, 'join-wait');
	try {
		return await member.join(timeout === undefined ? {} : {timeout});
	} finally {
		unblock();
		if (!run.ended) run.broker.emit(run.mainPeer, now(), 'process', member.name, member.alive ? 'timeout' : 'joined', member.alive ? {call: 'join'} : {});
	}
}

/** A child on its way out, as Python's exit function: daemon children are terminated, then every child is joined. */
async function joinChildren(): Promise<void> {
	await Promise.all([...children].map(child => child.settledStart()));
	const running = [...children].filter(child => child.alive);
	for (const child of running) if (child.daemon) child.terminate();
	for (const child of running) await child.join().catch(() => {});
}
