import fs from 'node:fs';
import type {Server} from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type {LogEvent, Peer, SyncEvent} from '../broker/core.ts';
import {Broker} from '../broker/core.ts';
import {fsReason, RunFolderError} from '../errors.ts';
import {formatOwner, startTimeOf} from '../ipc/owner.ts';
import {hasPort, setPort, setPortFactory} from '../ipc/port.ts';
import {now} from '../ipc/protocol.ts';
import {self, setSelf} from '../ipc/self.ts';
import {cleanUpOnSignals} from './exit-signals.ts';
import {LocalPort} from './local-port.ts';
import {ProcessHost} from './process-host.ts';
import {listenAlive, PREFIX, sweepStale} from './sweep.ts';

/** A child of the run started or ended. */
export interface ProcessEvent {
	type: 'spawn' | 'exit';
	t: number;
	proc: string;
	pid: number;
	code?: number | null;
	signal?: string | null;
	daemon?: boolean;
	/** On `spawn` of a process a child started: that child (its logical parent; the OS parent is the main process). */
	parent?: string;
	parentPid?: number;
}

export type RunEvent = SyncEvent | LogEvent | ProcessEvent;

/** What the run needs to know of a child it started. */
export interface Member {
	readonly name: string;
	readonly pid: number | undefined;
	readonly daemon: boolean;
	readonly exitCode: number | null;
	readonly alive: boolean;
	/** True once the run (or the program) sent the child a signal. */
	readonly signalled?: boolean;
	/** The broker key of the process that started it: 0 for the main process. */
	readonly parentKey?: number;
	join(options?: {timeout?: number}): Promise<number | null>;
	kill(signal?: NodeJS.Signals): void;
}

export interface RunOptions {
	/** Pipe the children's stdout and stderr and report their lines as `log` events (default: inherit). */
	capture?: boolean;
	/** Name of the main process in events (default `main`). */
	name?: string;
	/**
	 * Let processes keep released semaphore permits and take them again
	 * without a round trip (default: only while nobody watches the run's
	 * events, whose re-takes would go unseen; `SYNC_DEMO_FAST_PATHS=1|0`
	 * sets the default, so the tests run every suite both ways).
	 */
	fastPaths?: boolean;
}

let active: Run | undefined;
/** Once a runner starts runs explicitly, a primitive made after its run ended must not start a new one behind its back. */
let explicit = false;

/**
 * One run: a private folder (mkdtemp, mode 0700) for lock files, a broker,
 * the children started in it. Made on first use in the main process;
 * `shutdown()` ends it and removes the folder.
 */
export class Run {
	readonly dir: string;
	readonly broker: Broker;
	readonly port: LocalPort;
	readonly options: RunOptions;
	/** Settles once the sweep of dead runs' folders this run started in the background is done (never rejects). */
	readonly swept: Promise<void>;
	/** Every process of the run's tree: the main process forks them all, whichever process started them. */
	readonly members = new Set<Member>();
	/** Starts, joins and stops processes on behalf of children. */
	readonly host: ProcessHost;
	readonly #listeners = new Set<(event: RunEvent) => void>();
	#unforward: (() => void) | undefined;
	#ended = false;
	readonly #alive: Server | undefined;
	#stopping: Promise<void> | undefined;
	#nextKey = 1;

	constructor(options: RunOptions = {}) {
		if (process.env.SYNC_DEMO_CHILD) throw new Error('sync-demo: a child process belongs to the run that started it and cannot start or end a run of its own');
		this.options = options;
		this.dir = makeRunFolder();
		fs.writeFileSync(path.join(this.dir, 'run.owner'), formatOwner({pid: process.pid, start: startTimeOf(process.pid) ?? '-', name: 'run'}));
		this.#alive = listenAlive(this.dir);
		this.swept = sweepStale();
		this.broker = new Broker(now(), options.fastPaths ?? fastPathsFromEnv());
		this.port = new LocalPort(this.broker, this.dir, options.name ?? 'main');
		this.host = new ProcessHost(this);
		this.broker.processes = this.host;
		setSelf({...self(), name: this.port.name});
		process.on('exit', this.#onExit);
		cleanUpOnSignals(this);
	}

	/** The active run; started on first use. */
	static current(): Run {
		if (!active || active.#ended) {
			if (explicit) throw new Error('sync-demo: the run has ended');
			active = new Run();
			setPort(active.port);
		}
		return active;
	}

	/** Start a run with options (the CLI's runner); it becomes the current run. */
	static start(options: RunOptions): Run {
		if (active && !active.#ended) throw new Error('sync-demo: a run is already active; shut it down first');
		active = new Run(options);
		explicit = true;
		setPort(active.port);
		return active;
	}

	/** SIGKILL every child of the active run at once (a second Ctrl-C). */
	static killActive(): void {
		if (!active) return;
		for (const member of active.members) if (member.alive) member.kill('SIGKILL');
		active.#onExit();
	}

	get ended(): boolean {
		return this.#ended;
	}

	/** True from the moment `stop()` began: no new child may start. */
	get stopping(): boolean {
		return this.#stopping !== undefined || this.#ended;
	}

	get mainPeer(): Peer {
		return this.port.peer;
	}

	nextKey(): number {
		return this.#nextKey++;
	}

	/** Listen to the run's events. The broker builds sync events only while someone listens. */
	on(listener: (event: RunEvent) => void): () => void {
		if (this.#listeners.size === 0) this.#unforward = this.broker.on(event => this.emit(event));
		this.#listeners.add(listener);
		return () => {
			this.#listeners.delete(listener);
			if (this.#listeners.size === 0) this.#unforward?.();
		};
	}

	emit(event: RunEvent): void {
		for (const listener of this.#listeners) listener(event);
	}

	/** Milliseconds since the run started. */
	elapsed(): number {
		return Math.round((now() - this.broker.epoch) * 1000) / 1000;
	}

	/**
	 * End the run: wait for the main process's children that are not daemons
	 * (as Python does at exit; each of them waits for its own), terminate
	 * the daemons and whatever else is left of the tree, then remove the
	 * run's folder. `graceMs` bounds the wait; stragglers get SIGTERM, then SIGKILL.
	 */
	async shutdown({graceMs = Infinity}: {graceMs?: number} = {}): Promise<void> {
		if (this.#ended) return;
		const deadline = Date.now() + graceMs;
		for (const member of this.members) {
			if (member.daemon || !member.alive || (member.parentKey ?? 0) !== 0) continue;
			const left = deadline - Date.now();
			await member.join(Number.isFinite(left) ? {timeout: Math.max(0, left)} : {});
		}
		await this.stop();
	}

	/**
	 * Stop every child now: send `signal` (default SIGTERM; the CLI forwards
	 * the SIGINT or SIGTERM it received), SIGKILL the stragglers after
	 * `graceMs`, close the broker, remove the folder. Calling it again while
	 * it stops sends the new signal and waits for the same end.
	 */
	async stop({graceMs = 1000, signal = 'SIGTERM'}: {graceMs?: number; signal?: NodeJS.Signals} = {}): Promise<void> {
		if (this.#ended) return;
		if (this.#stopping) {
			for (const member of this.members) if (member.alive) member.kill(signal);
			return this.#stopping;
		}
		this.#stopping = (async () => {
			const alive = [...this.members].filter(member => member.alive);
			for (const member of alive) member.kill(signal);
			await Promise.all(
				alive.map(async member => {
					if ((await member.join({timeout: graceMs})) === null && member.alive) {
						member.kill('SIGKILL');
						await member.join({timeout: 5000});
					}
				}),
			);
			// Last resort for anything still alive (it ignored every signal or started meanwhile).
			for (const member of this.members) if (member.alive) member.kill('SIGKILL');
			this.#end();
		})();
		return this.#stopping;
	}

	#end(): void {
		if (this.#ended) return;
		this.#ended = true;
		this.broker.close();
		this.#alive?.close();
		fs.rmSync(this.dir, {recursive: true, force: true});
		process.off('exit', this.#onExit);
		if (active === this) {
			active = undefined;
			if (hasPort()) setPort(undefined);
		}
	}

	/** Last resort when the main process exits with the run still open: nothing may outlive it. */
	readonly #onExit = (): void => {
		for (const member of this.members) if (member.alive) member.kill('SIGKILL');
		this.#alive?.close();
		try {
			fs.rmSync(this.dir, {recursive: true, force: true});
		} catch {}
	};
}

function fastPathsFromEnv(): boolean | undefined {
	const value = process.env.SYNC_DEMO_FAST_PATHS;
	return value === '1' ? true : value === '0' ? false : undefined;
}

/** The run's private folder, or a RunFolderError naming what is wrong with the temp folder. */
function makeRunFolder(): string {
	const tmp = os.tmpdir();
	try {
		return fs.mkdtempSync(path.join(tmp, PREFIX));
	} catch (error) {
		const where = process.env.TMPDIR ? `TMPDIR=${process.env.TMPDIR}` : `the temp folder ${tmp}`;
		throw new RunFolderError(`cannot create the run's folder in ${where}: ${folderProblem(tmp, error as NodeJS.ErrnoException)}`, {cause: error});
	}
}

function folderProblem(dir: string, error: NodeJS.ErrnoException): string {
	let stat: fs.Stats;
	try {
		stat = fs.statSync(dir);
	} catch (statError) {
		return (statError as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such directory' : fsReason(statError);
	}
	return stat.isDirectory() ? fsReason(error) : 'not a directory';
}

setPortFactory(() => Run.current().port);
