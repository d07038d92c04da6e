import os from 'node:os';
import type {Peer, ProcessOp, Waiter} from '../broker/core.ts';
import {Line} from '../broker/line.ts';
import {unhandled} from '../broker/unit.ts';
import {startTimeOf} from '../ipc/owner.ts';
import type {Op} from '../ipc/protocol.ts';
import {now} from '../ipc/protocol.ts';
import {prepareModule} from './resolve.ts';
import type {Run} from './run.ts';
import {forkTurn, lineReaderFor, Spawned} from './spawn.ts';

/** A process a child started (or is starting), by the id the child gave it. */
interface Entry {
	readonly parentKey: number;
	spawned?: Spawned;
	/** Its exit code, once the run has taken note of its exit. */
	code?: number;
	readonly watches: Array<{peer: Peer; req: number}>;
	readonly joins: Line<Waiter<Op<'process.join'>>>;
}

/**
 * Starts, joins and stops processes on behalf of the run's children. A
 * child's `Process` asks; the main process forks the new process itself (as
 * Python's forkserver does), so every OS process of the run is a direct
 * child of the main process, observed, stopped and swept in one place,
 * while the asking child is its parent as far as the program can tell.
 */
export class ProcessHost {
	readonly #run: Run;
	readonly #entries = new Map<string, Entry>();
	readonly #ids = new WeakMap<Spawned, string>();

	constructor(run: Run) {
		this.#run = run;
	}

	handle(peer: Peer, op: ProcessOp): void {
		switch (op.op) {
			case 'process.start':
				void this.#start(peer, op);
				return;
			case 'process.watch': {
				const entry = this.#entry(peer, op);
				if (entry.code !== undefined) this.#run.broker.reply(peer, op, {code: entry.code});
				else if (op.req) entry.watches.push({peer, req: op.req});
				return;
			}
			case 'process.join': {
				const entry = this.#entry(peer, op);
				if (entry.code !== undefined) this.#run.broker.reply(peer, op, {code: entry.code});
				else {
					this.#run.broker.park(peer, op, 'process', entry.spawned!.name, {
						line: entry.joins,
						call: 'process.join()',
						timeoutMessage: `process ${entry.spawned!.name} is still running`,
					});
					// Shown like main's join() (the timeline, a program's profile).
					this.#run.broker.emit(peer, op.t, 'process', entry.spawned!.name, 'join-wait');
				}
				return;
			}
			case 'process.kill':
				if (typeof op.signal !== 'string' || !(op.signal in os.constants.signals)) throw new TypeError(`no such signal: ${String(op.signal)}`);
				this.#entry(peer, op).spawned!.kill(op.signal);
				return;
			default:
				unhandled(op);
		}
	}

	/** The started process `op` names; only its parent may ask. */
	#entry(peer: Peer, op: ProcessOp): Entry {
		const entry = this.#entries.get(op.target);
		if (!entry?.spawned || entry.parentKey !== peer.key)
			throw Object.assign(new Error(`${op.op}: ${op.target} is no started child of ${peer.name}`), {code: 'VALUE'});
		return entry;
	}

	async #start(peer: Peer, op: Op<'process.start'>): Promise<void> {
		const run = this.#run;
		const {target: id, module, fn, args, name, daemon, identity} = op;
		try {
			if (!id.startsWith(`process#${peer.key}.`) || this.#entries.has(id)) throw new Error(`process id ${id} is not ${peer.name}'s to give`);
			if (typeof module !== 'string' || typeof fn !== 'string' || typeof name !== 'string' || !(args instanceof Uint8Array))
				throw new TypeError('a process start needs a module, a function name, a name and serialized arguments');
			const entry: Entry = {parentKey: peer.key, watches: [], joins: new Line()};
			this.#entries.set(id, entry);
			const lineReader = await lineReaderFor(run);
			await prepareModule(module);
			await forkTurn();
			if (run.stopping) throw new Error(`sync-demo: the run is stopping; process ${name} was not started`);
			const parent = this.#member(peer.key);
			// Its parent may have exited meanwhile: nobody is left to join it.
			if (!run.broker.peers().includes(peer)) throw new Error(`${peer.name} has exited; process ${name} was not started`);
			const spawned = new Spawned(
				run,
				{
					module,
					target: fn,
					args,
					name,
					daemon: daemon === true,
					identity: Array.isArray(identity) ? identity : [],
					parentKey: peer.key,
					parent: {name: peer.name, pid: peer.pid, daemon: parent?.daemon ?? false, start: startTimeOf(peer.pid) ?? '-'},
				},
				lineReader,
			);
			entry.spawned = spawned;
			this.#ids.set(spawned, id);
			await spawned.started;
			run.broker.reply(peer, op, {pid: spawned.pid!});
		} catch (error) {
			if (!this.#entries.get(id)?.spawned) this.#entries.delete(id);
			run.broker.fail(peer, op, 'ERROR', (error as Error).message);
		}
	}

	#member(key: number): Spawned | undefined {
		for (const member of this.#run.members) if (member instanceof Spawned && member.key === key) return member;
		return undefined;
	}

	/**
	 * A process of the run has exited and the broker took back what it
	 * held: its parent's watch and joins are answered, and its daemon
	 * children still alive are terminated (as its own exit would have done,
	 * had it ended normally).
	 */
	exited(spawned: Spawned): void {
		const id = this.#ids.get(spawned);
		const entry = id === undefined ? undefined : this.#entries.get(id);
		if (entry) {
			const code = spawned.exitCode ?? 0;
			entry.code = code;
			for (const {peer, req} of entry.watches.splice(0)) peer.send({req, ok: true, code});
			for (let waiter = entry.joins.shift(); waiter; waiter = entry.joins.shift()) {
				this.#run.broker.resolve(waiter, {code});
				this.#run.broker.emit(waiter.peer, now(), 'process', spawned.name, 'joined');
			}
		}
		for (const member of this.#run.members)
			if (member instanceof Spawned && member.parentKey === spawned.key && member.daemon && member.alive) member.kill('SIGTERM');
		// Nobody can ask about the children of a process that has gone.
		for (const [childId, child] of this.#entries) if (child.parentKey === spawned.key) this.#entries.delete(childId);
	}
}
