import {pathToFileURL} from 'node:url';
import {BrokenBarrierError, expected, TimeoutError} from '../errors.ts';
import type {ActionRef, BarrierInfo, Handle} from '../ipc/protocol.ts';
import {Primitive} from './primitive.ts';
import type {WaitOptions} from './timeout.ts';
import {checkTimeout} from './timeout.ts';

/**
 * A barrier's action: an exported function, named the way a `Process`
 * target is, since the process that completes a cycle — any of them —
 * loads and runs it.
 */
export interface BarrierAction {
	/** The module that exports `target`: pass `import.meta.url`. */
	module: string | URL;
	/** Name of the exported function; it may be async. */
	target: string;
	/** Its arguments: plain data (copied with structured clone), not primitives. */
	args?: unknown[];
}

export interface BarrierOptions {
	/** Run once per cycle, by the process that completes it, before any party passes. */
	action?: BarrierAction;
	/** Default timeout of `wait()` in ms (Python's `timeout`). */
	timeout?: number;
	name?: string;
}

/**
 * Processes that wait for each other, `parties` at a time, like Python's
 * `multiprocessing.Barrier`; kept by the broker. A wait that cannot pass
 * (aborted, reset, timed out, a waiting party died, the action failed)
 * throws `BrokenBarrierError`.
 */
export class Barrier extends Primitive {
	readonly parties: number;
	#action: Promise<(...args: unknown[]) => unknown> | undefined;

	constructor(parties: number, options: BarrierOptions = {}, handle?: Handle) {
		let extra: Partial<Handle> = {};
		if (!handle) {
			if (!Number.isInteger(parties) || parties < 1) throw expected('an integer ≥ 1', 'parties', parties);
			const timeout = checkTimeout(options);
			extra = {parties, ...(timeout === undefined ? {} : {timeout}), ...(options.action === undefined ? {} : {action: actionRef(options.action)})};
		}
		super('barrier', options.name, extra, handle);
		this.parties = this.handle.parties ?? parties;
	}

	static fromHandle(handle: Handle): Barrier {
		return new Barrier(handle.parties ?? 1, {}, handle);
	}

	/**
	 * Wait until `parties` processes wait; resolves to this party's index,
	 * 0 to `parties - 1` in order of arrival, each cycle. `timeout` (ms;
	 * default: the barrier's) runs out → the barrier breaks for everyone.
	 */
	async wait(options?: WaitOptions): Promise<number> {
		const timeout = checkTimeout(options) ?? this.handle.timeout;
		let reply: {index: number; act?: boolean};
		try {
			reply = await this.port.request({op: 'barrier.wait', target: this.handle.id, ...(timeout === undefined ? {} : {timeout})});
		} catch (error) {
			// A wait that ran out broke the barrier, this party's own wait included, as in Python.
			if (error instanceof TimeoutError) throw new BrokenBarrierError(error.message);
			throw error;
		}
		if (reply.act) await this.#runAction();
		return reply.index;
	}

	/** This process completed the cycle: run the action; nobody passes until it has. If it throws, the barrier breaks and the error goes to the caller. */
	async #runAction(): Promise<void> {
		const action = this.handle.action!;
		try {
			this.#action ??= load(action);
			await (await this.#action)(...action.args);
		} catch (error) {
			try {
				this.port.post({op: 'barrier.acted', target: this.handle.id, error: error instanceof Error ? error.message : String(error)});
			} catch {
				// This process is on its way out: the broker breaks the barrier when it leaves.
			}
			throw error;
		}
		await this.port.request({op: 'barrier.acted', target: this.handle.id});
	}

	/** Back to its initial state: parties waiting now get `BrokenBarrierError`; a broken barrier is usable again. */
	async reset(): Promise<void> {
		this.port.post({op: 'barrier.reset', target: this.handle.id});
	}

	/** Break the barrier: parties waiting now and every later `wait()` get `BrokenBarrierError`, until `reset()`. */
	async abort(): Promise<void> {
		this.port.post({op: 'barrier.abort', target: this.handle.id});
	}

	/** Parties waiting in the current cycle (Python's `n_waiting`). */
	async nWaiting(): Promise<number> {
		return (await this.info()).waiting;
	}

	async broken(): Promise<boolean> {
		return (await this.info()).broken;
	}

	/** Parties, those waiting, whether it is broken, cycles passed and who runs an action now, as the broker sees them. */
	async info(): Promise<BarrierInfo> {
		return (await this.port.request({op: 'barrier.info', target: this.handle.id})).info;
	}

	protected describe(): string {
		return `parties=${this.parties}`;
	}
}

/** The action as it travels: checked here, where the mistake is made, rather than in whichever process completes a cycle. */
function actionRef(action: BarrierAction): ActionRef {
	if (typeof action === 'function') {
		throw new TypeError('Expected `action` to be {module, target} naming an exported function, got a function (it cannot reach other processes)');
	}
	if (typeof action !== 'object' || action === null) throw expected('{module, target} naming an exported function', 'action', action);
	const {module, target, args = []} = action;
	if (!(module instanceof URL) && (typeof module !== 'string' || module === ''))
		throw expected('a module URL or path (import.meta.url)', 'action.module', module);
	if (typeof target !== 'string' || target === '') throw expected('the name of an exported function', 'action.target', target);
	if (!Array.isArray(args)) throw expected('an array', 'action.args', args);
	if (args.some(arg => arg instanceof Primitive))
		throw new TypeError('Expected `action.args` to be plain data, got a primitive (pass it to the processes instead)');
	let copy: unknown[];
	try {
		copy = structuredClone(args);
	} catch (error) {
		throw new TypeError(`Expected \`action.args\` to be plain data (structured clone), got something that cannot be copied: ${(error as Error).message}`);
	}
	return {module: module instanceof URL ? module.href : module, target, args: copy};
}

async function load(action: ActionRef): Promise<(...args: unknown[]) => unknown> {
	const module = action.module.startsWith('file:') ? action.module : pathToFileURL(action.module).href;
	const fn = ((await import(module)) as Record<string, unknown>)[action.target];
	if (typeof fn !== 'function') throw new TypeError(`${action.module} does not export a function named ${action.target}`);
	return fn as (...args: unknown[]) => unknown;
}
