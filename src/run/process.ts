import type {ChildProcess} from 'node:child_process';
import {fork} from 'node:child_process';
import {once} from 'node:events';
import os from 'node:os';
import v8 from 'node:v8';
import type {Peer} from '../broker/core.ts';
import {expected} from '../errors.ts';
import {BATCH_BYTES, replyBytes} from '../ipc/limits.ts';
import type {Op, ReadyMessage, Reply, StartMessage} from '../ipc/protocol.ts';
import {inspectCustom, now} from '../ipc/protocol.ts';
import type {WaitOptions} from '../primitives/timeout.ts';
import {checkTimeout} from '../primitives/timeout.ts';
import {childModule, compiled} from './resolve.ts';
import type {Member} from './run.ts';
import {Run} from './run.ts';

export interface ProcessOptions {
	/** The module that exports `target`: pass `import.meta.url`. */
	module: string | URL;
	/** Name of the exported function to run in the child; it may be async. */
	target: string;
	/** Arguments: anything structured clone can copy, and primitives (Lock, Queue, …), which arrive usable. */
	args?: unknown[];
	/** Shown in output and events (default `Process-<n>`). */
	name?: string;
	/** Killed when the main process's work ends instead of being waited for (Python's `daemon = True`). */
	daemon?: boolean;
}

/**
 * fork() blocks the main process for tens of milliseconds. Forks take turns,
 * each in its own turn of the event loop, so that between two of them a
 * signal (Ctrl-C during a mass start) is seen, and the stop it begins keeps
 * every later fork from happening.
 */
let forkQueue: Promise<void> = Promise.resolve();
function forkTurn(): Promise<void> {
	forkQueue = forkQueue.then(() => new Promise<void>(resolve => setImmediate(resolve)));
	return forkQueue;
}

const childEntry = compiled(new URL(import.meta.url.endsWith('.ts') ? '../child/child.ts' : '../child/child.js', import.meta.url));
let counter = 0;

/** A real OS child process running an exported function, like Python's `multiprocessing.Process`. */
export class Process implements Member {
	readonly name: string;
	readonly daemon: boolean;
	readonly #options: ProcessOptions;
	#child: ChildProcess | undefined;
	#exitCode: number | null = null;
	#closed: Promise<void> | undefined;
	#run: Run | undefined;
	#signalled = false;

	constructor(options: ProcessOptions) {
		if (typeof options.target !== 'string' || options.target === '') throw expected('the name of an exported function', 'target', options.target);
		this.#options = options;
		this.name = options.name ?? `Process-${++counter}`;
		this.daemon = options.daemon ?? false;
	}

	get pid(): number | undefined {
		return this.#child?.pid;
	}

	/** The child's exit status; `-signal` if a signal ended it (as in Python); null while it runs. */
	get exitCode(): number | null {
		return this.#exitCode;
	}

	get alive(): boolean {
		return this.#child !== undefined && this.#closed !== undefined && this.#exitCode === null;
	}

	/**
	 * Fork the child; resolves once it has loaded the module and calls the
	 * target (or has ended). Start many at once with `Promise.all`.
	 */
	async start(): Promise<void> {
		const run = Run.current();
		// Only a main process that captures output needs readline; children never load it.
		const lineReader = run.options.capture ? (await import('node:readline')).default : undefined;
		if (this.#child) throw new Error(`process ${this.name} was already started`);
		const {file, execArgv} = await childModule(this.#options.module);
		await forkTurn();
		// Meanwhile another start() of this process may have forked it, or a signal may have begun the stop.
		if (this.#child) throw new Error(`process ${this.name} was already started`);
		if (run.stopping) throw new Error(`sync-demo: the run is stopping; process ${this.name} was not started`);
		this.#run = run;
		const capture = lineReader !== undefined;
		const child = fork(childEntry.file, [], {
			execArgv: [...(childEntry.execArgv.length > 0 ? childEntry.execArgv : execArgv)],
			serialization: 'advanced',
			stdio: capture ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['inherit', 'inherit', 'inherit', 'ipc'],
			env: {...process.env, SYNC_DEMO_CHILD: '1'},
		});
		this.#child = child;
		const key = run.nextKey();
		const peer: Peer = {
			key,
			name: this.name,
			pid: child.pid ?? -1,
			send: reply => sendBatched(child, reply),
		};

		const exited = once(child, 'exit').then(([code, signal]) => {
			this.#exitCode = code ?? -(os.constants.signals[signal as NodeJS.Signals] ?? 0);
			return [code, signal] as const;
		});
		const streams: Promise<unknown>[] = [exited];
		if (child.connected) streams.push(once(child, 'disconnect'));
		if (capture) {
			for (const stream of ['stdout', 'stderr'] as const) {
				const lines = lineReader!.createInterface({input: child[stream]!, crlfDelay: Infinity});
				lines.on('line', text => run.emit({type: 'log', t: run.elapsed(), proc: this.name, pid: peer.pid, text, stream}));
				streams.push(once(lines, 'close'));
			}
		}
		this.#closed = Promise.all(streams).then(async () => {
			const [code, signal] = await exited;
			run.broker.peerExited(peer);
			run.emit({type: 'exit', t: run.elapsed(), proc: this.name, pid: peer.pid, code, signal});
		});

		// A member from the moment it is forked, so that a run stopping meanwhile stops it too.
		run.members.add(this);
		try {
			await once(child, 'spawn');
		} catch (error) {
			run.members.delete(this);
			throw new Error(`could not start process ${this.name}`, {cause: error});
		}
		run.broker.addPeer(peer);
		run.emit({type: 'spawn', t: run.elapsed(), proc: this.name, pid: peer.pid, daemon: this.daemon});
		const ready = new Promise<void>(resolve => {
			child.on('message', (message: unknown) => {
				if (Array.isArray(message)) run.broker.receive(peer, message as Op[]);
				else if ((message as Partial<ReadyMessage> | null)?.ready) resolve();
			});
			void exited.then(() => resolve());
		});
		const start: StartMessage = {
			start: {
				module: file,
				fn: this.#options.target,
				name: this.name,
				args: v8.serialize(toHandles(this.#options.args ?? [])),
				dir: run.dir,
			},
		};
		// A child stopped meanwhile (the run stopping under a mass start) cannot take it: its exit ends the wait below.
		child.send(start, error => void error);
		// Like a forked Python child, the child is running once start() returns.
		await ready;
	}

	/**
	 * Wait for the child to end. Resolves to its exit code, or null if
	 * `timeout` (ms) passed first. A blocked join is visible to hang detection.
	 */
	async join(options?: WaitOptions): Promise<number | null> {
		const timeout = checkTimeout(options);
		if (!this.#closed || !this.#run) throw new Error(`process ${this.name} was not started`);
		if (this.#exitCode !== null) {
			await this.#closed;
			return this.#exitCode;
		}
		const run = this.#run;
		const unblock = run.ended ? () => {} : run.broker.blockOn(run.mainPeer, 'process.join()', this.name, timeout !== undefined);
		// Shown like any other wait (the timeline, a program's profile): main waits for this process.
		if (!run.ended) run.broker.emit(run.mainPeer, now(), 'process', this.name, 'join-wait');
		try {
			if (timeout === undefined) {
				await this.#closed;
			} else {
				let timer: NodeJS.Timeout | undefined;
				await Promise.race([this.#closed, new Promise(resolve => (timer = setTimeout(resolve, timeout)))]);
				clearTimeout(timer);
			}
		} finally {
			unblock();
			if (!run.ended) run.broker.emit(run.mainPeer, now(), 'process', this.name, this.alive ? 'timeout' : 'joined');
		}
		return this.alive ? null : this.#exitCode;
	}

	/** Send SIGTERM (Python's `terminate()`). */
	terminate(): void {
		this.kill('SIGTERM');
	}

	kill(signal: NodeJS.Signals = 'SIGKILL'): void {
		if (!this.#child || this.#exitCode !== null) return;
		this.#signalled = true;
		this.#child.kill(signal);
	}

	/** Whether this program (the run or its code) sent the child a signal: a signal death it did not send came from outside. */
	get signalled(): boolean {
		return this.#signalled;
	}

	[inspectCustom](): string {
		const state = this.#child ? (this.alive ? 'started' : `stopped exitcode=${this.#exitCode}`) : 'initial';
		return `<Process name='${this.name}' pid=${this.pid ?? '-'} ${state}${this.daemon ? ' daemon' : ''}>`;
	}
}

/**
 * Replies to one child in one turn of the event loop go as one IPC message,
 * or as several when their items pass the batch size: a message the channel
 * cannot carry (2 GiB) would crash the child.
 */
interface Outbox {
	replies: Reply[];
	bytes: number;
}
const outboxes = new WeakMap<ChildProcess, Outbox>();
function sendBatched(child: ChildProcess, reply: Reply): void {
	const bytes = replyBytes(reply);
	let outbox = outboxes.get(child);
	if (outbox && outbox.bytes + bytes > BATCH_BYTES) {
		outboxes.delete(child);
		if (child.connected) child.send(outbox.replies, error => void error);
		outbox = undefined;
	}
	if (outbox) {
		outbox.replies.push(reply);
		outbox.bytes += bytes;
		return;
	}
	const fresh: Outbox = {replies: [reply], bytes};
	outboxes.set(child, fresh);
	queueMicrotask(() => {
		// Gone already if it left early, full.
		if (outboxes.get(child) !== fresh) return;
		outboxes.delete(child);
		if (child.connected) child.send(fresh.replies, error => void error);
	});
}

/** Primitives travel as their handles; the child turns them back into objects. */
function toHandles(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(toHandles);
	if (value && typeof value === 'object') {
		const handle = (value as {handle?: {__sync?: unknown}}).handle;
		if (handle && typeof handle === 'object' && handle.__sync) return handle;
		if (Object.getPrototypeOf(value) === Object.prototype) {
			return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toHandles(item)]));
		}
	}
	return value;
}
