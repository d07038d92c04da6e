import type {ChildProcess} from 'node:child_process';
import {fork} from 'node:child_process';
import {once} from 'node:events';
import os from 'node:os';
import type {Peer} from '../broker/core.ts';
import {BATCH_BYTES, replyBytes} from '../ipc/limits.ts';
import type {Op, ReadyMessage, Reply, StartMessage} from '../ipc/protocol.ts';
import type {ParentRecord} from '../ipc/self.ts';
import {childModule, compiled} from './resolve.ts';
import type {Member, Run} from './run.ts';

/**
 * fork() blocks the main process for tens of milliseconds. Forks take turns,
 * each in its own turn of the event loop, so that between two of them a
 * signal (Ctrl-C during a mass start) is seen, and the stop it begins keeps
 * every later fork from happening.
 */
let forkQueue: Promise<void> = Promise.resolve();
export function forkTurn(): Promise<void> {
	forkQueue = forkQueue.then(() => new Promise<void>(resolve => setImmediate(resolve)));
	return forkQueue;
}

type LineReader = typeof import('node:readline');

/** node:readline when the run captures its children's output: only such a main process loads it, children never do. */
export async function lineReaderFor(run: Run): Promise<LineReader | undefined> {
	return run.options.capture ? (await import('node:readline')).default : undefined;
}

const childEntry = compiled(new URL(import.meta.url.endsWith('.ts') ? '../child/child.ts' : '../child/child.js', import.meta.url));

/** What to run in a new process, and where it stands in the tree. */
export interface SpawnSpec {
	/** The module that exports the target, as given (a path or file URL; `.ts` maps to its build). */
	module: string | URL;
	target: string;
	/** The arguments as `pack` made them (primitives as handles, and where), v8-serialized. */
	args: Uint8Array;
	name: string;
	daemon: boolean;
	identity: readonly number[];
	/** The broker key of the process that started it (0: main). */
	parentKey: number;
	parent: ParentRecord;
}

/**
 * One OS child of the main process, whichever process of the run asked for
 * it: the run observes it (its output, its messages, its exit), stops it on
 * interrupt and at the run's end, and counts it in hang detection. Every
 * process of the tree is one of these: the main process forks them all, as
 * Python's forkserver does.
 */
export class Spawned implements Member {
	readonly name: string;
	readonly daemon: boolean;
	readonly parentKey: number;
	readonly peer: Peer;
	readonly child: ChildProcess;
	/** Resolves once the child runs its target, or has ended; rejects if it could not be spawned. */
	readonly started: Promise<void>;
	/** Resolves once it has exited and the run has taken note (the broker took back what it held). */
	readonly closed: Promise<void>;
	#exitCode: number | null = null;
	#signalled = false;
	#failed = false;

	/** Forks at once: call it in a fork turn, with the run not stopping; `lineReader` comes from `lineReaderFor(run)`. */
	constructor(run: Run, spec: SpawnSpec, lineReader: LineReader | undefined) {
		this.name = spec.name;
		this.daemon = spec.daemon;
		this.parentKey = spec.parentKey;
		const {file, execArgv} = childModule(spec.module);
		const capture = lineReader !== undefined;
		const child = fork(childEntry.file, [], {
			execArgv: [...(childEntry.execArgv.length > 0 ? childEntry.execArgv : execArgv)],
			serialization: 'advanced',
			stdio: capture ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['inherit', 'inherit', 'inherit', 'ipc'],
			env: {...process.env, SYNC_DEMO_CHILD: '1'},
		});
		this.child = child;
		const key = run.nextKey();
		const peer: Peer = {key, name: this.name, pid: child.pid ?? -1, send: reply => sendBatched(child, reply)};
		this.peer = peer;

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
		this.closed = Promise.all(streams).then(async () => {
			const [code, signal] = await exited;
			run.broker.peerExited(peer);
			run.emit({type: 'exit', t: run.elapsed(), proc: this.name, pid: peer.pid, code, signal});
			run.host.exited(this);
		});

		// A member from the moment it is forked, so that a run stopping meanwhile stops it too.
		run.members.add(this);
		this.started = this.#start(run, spec, file, exited);
	}

	async #start(run: Run, spec: SpawnSpec, file: string, exited: Promise<unknown>): Promise<void> {
		const {child, peer} = this;
		try {
			await once(child, 'spawn');
		} catch (error) {
			this.#failed = true;
			run.members.delete(this);
			throw new Error(`could not start process ${this.name}`, {cause: error});
		}
		run.broker.addPeer(peer);
		const parent = spec.parentKey === 0 ? {} : {parent: spec.parent.name, parentPid: spec.parent.pid};
		run.emit({type: 'spawn', t: run.elapsed(), proc: this.name, pid: peer.pid, daemon: this.daemon, ...parent});
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
				fn: spec.target,
				name: this.name,
				args: spec.args,
				dir: run.dir,
				self: {name: this.name, pid: peer.pid, daemon: this.daemon, key: peer.key, identity: [...spec.identity], parent: spec.parent},
			},
		};
		// A child stopped meanwhile (the run stopping under a mass start) cannot take it: its exit ends the wait below.
		child.send(start, error => void error);
		// Like a forked Python child, the child is running once start() returns.
		await ready;
	}

	get pid(): number | undefined {
		return this.child.pid;
	}

	get key(): number {
		return this.peer.key;
	}

	/** Its exit status; `-signal` if a signal ended it (as in Python); null while it runs. */
	get exitCode(): number | null {
		return this.#exitCode;
	}

	get alive(): boolean {
		return !this.#failed && this.#exitCode === null;
	}

	/** Whether the run (or the program) sent it a signal: a signal death nobody here sent came from outside. */
	get signalled(): boolean {
		return this.#signalled;
	}

	/** Its exit code once it has ended and the run has taken note; null if `timeout` ms passed first. */
	async join(options: {timeout?: number} = {}): Promise<number | null> {
		if (options.timeout === undefined) {
			await this.closed;
		} else {
			let timer: NodeJS.Timeout | undefined;
			await Promise.race([this.closed, new Promise(resolve => (timer = setTimeout(resolve, options.timeout)))]);
			clearTimeout(timer);
		}
		return this.alive ? null : this.#exitCode;
	}

	kill(signal: NodeJS.Signals = 'SIGKILL'): void {
		if (this.#exitCode !== null || this.#failed) return;
		this.#signalled = true;
		this.child.kill(signal);
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
