import {Deque} from '../deque.ts';
import {BATCH_BYTES, wireBytes} from '../ipc/limits.ts';
import type {Handle, Op, QueueInfo, Wire} from '../ipc/protocol.ts';
import {now} from '../ipc/protocol.ts';
import type {Broker, Peer, Waiter} from './core.ts';
import {Line} from './line.ts';
import type {OpOf, Unit} from './unit.ts';
import {unhandled} from './unit.ts';

type PutOp = Op<'queue.put'>;

/**
 * A queue's items and lines. A bounded queue counts as used: items in it,
 * slots granted ahead to busy producers, and items handed ahead to busy
 * consumers (they keep their slots until the consumer's next fetch, when it
 * has taken them all, or until it hands them back), so the bound holds.
 */
export class QueueUnit implements Unit<'queue'> {
	readonly kind = 'queue';
	readonly #broker: Broker;
	readonly #name: string;
	readonly #maxsize: number;
	readonly #joinable: boolean;
	readonly #items = new Deque<Wire>();
	readonly #getters = new Line<Waiter<Op<'queue.get'>>>();
	readonly #putters = new Line<Waiter<PutOp>>();
	readonly #joiners = new Line<Waiter<Op<'queue.join'>>>();
	#unfinished = 0;
	/** Unfinished tasks taken by processes that ended without marking them done, and who they were: no join() can end. */
	#abandoned = 0;
	#abandonedBy: string[] = [];
	/** Per process: items taken minus tasks it marked done (joinable queues); any process may mark any task done, this only says whose tasks a death leaves. */
	readonly #taken = new Map<number, number>();
	/** Per process: slots granted ahead and not yet filled. */
	readonly #credits = new Map<number, number>();
	#creditTotal = 0;
	/** Per process: items handed ahead of its get()s. */
	readonly #ahead = new Map<number, number>();
	#aheadTotal = 0;

	constructor(handle: Handle, broker: Broker) {
		this.#broker = broker;
		this.#name = handle.name;
		this.#maxsize = handle.maxsize ?? 0;
		this.#joinable = handle.joinable ?? false;
	}

	info(): QueueInfo {
		return {size: this.#items.length, unfinished: this.#unfinished, maxsize: this.#maxsize};
	}

	handle(peer: Peer, op: OpOf<'queue'>): void {
		const broker = this.#broker;
		switch (op.op) {
			case 'queue.put':
				if (this.#maxsize > 0 && (this.#putters.length > 0 || this.#used() + op.items.length > this.#maxsize)) {
					if (op.nowait) return broker.fail(peer, op, 'FULL', `queue ${this.#name} is full`);
					this.#emit(peer, op.t, 'put-wait', {size: this.#items.length});
					broker.park(peer, op, 'queue', this.#name, {line: this.#putters, call: 'queue.put()', timeoutMessage: `queue ${this.#name} stayed full`});
					return;
				}
				this.#admit(peer, op);
				return broker.reply(peer, op, {granted: this.#grantCredits(peer, op.n ?? 0)});
			case 'queue.putCredited':
				// Items sent on slots granted earlier: their room is already reserved.
				this.#changeCredits(peer, -op.items.length);
				return this.#admit(peer, op);
			case 'queue.returnCredits':
				this.#changeCredits(peer, -op.n);
				return this.#admitPutters();
			case 'queue.get':
				// A process fetches only once it has taken everything it had: its slots held ahead are free.
				if (this.#setAhead(peer, 0)) this.#admitPutters();
				if (this.#items.length === 0 || this.#getters.length > 0) {
					if (op.nowait) return broker.fail(peer, op, 'EMPTY', `queue ${this.#name} is empty`);
					this.#emit(peer, op.t, 'get-wait', {size: this.#items.length});
					broker.park(peer, op, 'queue', this.#name, {line: this.#getters, call: 'queue.get()', timeoutMessage: `queue ${this.#name} stayed empty`});
					return;
				}
				this.#deliver(peer, op);
				return this.#admitPutters();
			case 'queue.unget':
				// Items a process had fetched ahead and did not use go back to the front, in order.
				for (let i = op.items.length - 1; i >= 0; i--) this.#items.unshift(op.items[i]!);
				this.#setAhead(peer, (this.#ahead.get(peer.key) ?? 0) - op.items.length);
				this.#changeTaken(peer, -op.items.length);
				return this.#serveGetters();
			case 'queue.taskDone':
				return this.#taskDone(peer, op);
			case 'queue.join':
				if (this.#unfinished === 0) {
					this.#emit(peer, op.t, 'joined');
					return broker.reply(peer, op, {});
				}
				if (this.#abandoned > 0) return broker.fail(peer, op, 'ABANDONED', this.#cannotJoin());
				this.#emit(peer, op.t, 'join-wait', {unfinished: this.#unfinished});
				broker.park(peer, op, 'queue', this.#name, {line: this.#joiners, call: 'queue.join()', timeoutMessage: this.#stillUnfinished()});
				return;
			case 'queue.info':
				return broker.reply(peer, op, {info: this.info()});
			default:
				return unhandled(op);
		}
	}

	#cannotJoin(): string {
		return `join() on queue ${this.#name} cannot finish: ${this.#abandonedBy.join(', ')}`;
	}

	#stillUnfinished(): string {
		return `queue ${this.#name} still has ${this.#unfinished} unfinished task(s)`;
	}

	#emit(peer: Peer, t: number, op: string, detail?: Record<string, unknown>): void {
		this.#broker.emit(peer, t, 'queue', this.#name, op, detail);
	}

	#taskDone(peer: Peer, op: Op<'queue.taskDone'>): void {
		if (op.n > this.#unfinished) {
			this.#emit(peer, op.t, 'error', {message: 'taskDone() called too many times'});
			return this.#broker.fail(peer, op, 'VALUE', 'taskDone() called too many times');
		}
		this.#unfinished -= op.n;
		this.#abandoned = Math.min(this.#abandoned, this.#unfinished);
		if (this.#abandoned === 0) this.#abandonedBy = [];
		this.#changeTaken(peer, -op.n);
		this.#emit(peer, op.t, 'task-done', {n: op.n, unfinished: this.#unfinished});
		this.#broker.reply(peer, op, {});
		if (this.#unfinished === 0) {
			for (let waiter = this.#joiners.shift(); waiter; waiter = this.#joiners.shift()) {
				this.#emit(waiter.peer, now(), 'joined');
				this.#broker.resolve(waiter, {});
			}
		}
	}

	/** Take a put's items in; `t` is when it went through (later than `op.t` for a put that waited). */
	#admit(peer: Peer, op: Op<'queue.put' | 'queue.putCredited'>, t = op.t): void {
		for (const item of op.items) this.#items.push(item);
		if (this.#joinable) this.#unfinished += op.items.length;
		this.#emit(peer, t, 'put', {n: op.items.length, size: this.#items.length});
		this.#serveGetters();
	}

	/** Hand items to a getter: up to what it asked for, leaving one for each getter still waiting behind it. */
	#deliver(peer: Peer, op: Op<'queue.get'>, waiter?: Waiter<Op<'queue.get'>>): void {
		const want = Math.max(1, Math.min(op.n ?? 1, this.#items.length - this.#getters.length));
		const items: Wire[] = [this.#items.shift()];
		// Items fetched ahead stop short of the batch size: the reply must fit in one IPC message.
		let bytes = wireBytes(items[0]);
		while (items.length < want) {
			const next = wireBytes(this.#items.peek());
			if (bytes + next > BATCH_BYTES) break;
			bytes += next;
			items.push(this.#items.shift());
		}
		if (this.#maxsize) this.#setAhead(peer, items.length - 1);
		this.#changeTaken(peer, items.length);
		this.#emit(peer, now(), 'get', {n: items.length, size: this.#items.length});
		if (waiter) this.#broker.resolve(waiter, {items});
		else this.#broker.reply(peer, op, {items});
	}

	#changeTaken(peer: Peer, delta: number): void {
		if (!this.#joinable) return;
		const taken = Math.max(0, (this.#taken.get(peer.key) ?? 0) + delta);
		if (taken === 0) this.#taken.delete(peer.key);
		else this.#taken.set(peer.key, taken);
	}

	#serveGetters(): void {
		while (this.#items.length > 0 && this.#getters.length > 0) {
			const waiter = this.#getters.shift()!;
			this.#deliver(waiter.peer, waiter.op, waiter);
		}
		this.#admitPutters();
	}

	#admitPutters(): void {
		for (let waiter = this.#putters.peek(); waiter; waiter = this.#putters.peek()) {
			const used = this.#used();
			if (this.#maxsize > 0 && used + waiter.op.items.length > this.#maxsize && used > 0) return;
			this.#putters.shift();
			this.#admit(waiter.peer, waiter.op, now());
			this.#broker.resolve(waiter, {granted: this.#grantCredits(waiter.peer, waiter.op.n ?? 0)});
		}
	}

	/** A busy producer on a bounded queue asks for slots ahead, so its next puts need no round trip. */
	#grantCredits(peer: Peer, wanted: number): number {
		if (this.#maxsize === 0 || wanted <= 0 || this.#putters.length > 0) return 0;
		const granted = Math.min(wanted, this.#maxsize - this.#used());
		if (granted > 0) this.#changeCredits(peer, granted);
		return Math.max(0, granted);
	}

	#used(): number {
		return this.#items.length + this.#creditTotal + this.#aheadTotal;
	}

	/** Set how many items `peer` holds ahead; true if that freed slots. */
	#setAhead(peer: Peer, n: number): boolean {
		const held = this.#ahead.get(peer.key) ?? 0;
		const next = Math.max(0, n);
		if (next === held) return false;
		this.#aheadTotal += next - held;
		if (next === 0) this.#ahead.delete(peer.key);
		else this.#ahead.set(peer.key, next);
		return next < held;
	}

	#changeCredits(peer: Peer, delta: number): void {
		const held = this.#credits.get(peer.key) ?? 0;
		const next = Math.max(0, held + delta);
		this.#creditTotal += next - held;
		if (next === 0) this.#credits.delete(peer.key);
		else this.#credits.set(peer.key, next);
	}

	/** What an exited process held ahead goes back; tasks it took and never finished are reported. */
	peerExited(peer: Peer): void {
		this.#setAhead(peer, 0);
		this.#changeCredits(peer, -(this.#credits.get(peer.key) ?? 0));
		this.#admitPutters();
		// Tasks it took and never marked done, unless other processes' taskDone() calls already made up for them.
		const taken = Math.min(this.#taken.get(peer.key) ?? 0, this.#unfinished - this.#abandoned);
		this.#taken.delete(peer.key);
		if (taken <= 0) return;
		this.#abandoned += taken;
		this.#abandonedBy.push(`${peer.name} (pid ${peer.pid}) died holding ${taken} unfinished task(s)`);
		this.#emit(peer, now(), 'abandoned', {deadPid: peer.pid, deadProc: peer.name, tasks: taken, unfinished: this.#unfinished});
		// Nobody is likely to mark a dead process's tasks done: join() fails now rather than wait forever (another
		// process's taskDone() calls that bring the count down far enough let later joins through again).
		for (let waiter = this.#joiners.shift(); waiter; waiter = this.#joiners.shift()) {
			this.#broker.unpark(waiter);
			this.#emit(waiter.peer, now(), 'join-failed', {reason: 'abandoned'});
			this.#broker.fail(waiter.peer, waiter.op, 'ABANDONED', this.#cannotJoin());
		}
	}
}
