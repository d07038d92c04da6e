import {Deque} from '../deque.ts';
import {framePid, frameSeq} from './frames.ts';

/**
 * What one end's reader got, in each sender's order. Every frame carries
 * its sender's pid and number; one that arrives ahead of an earlier one
 * (still at the broker, or on its way there) waits for it.
 */
export class Inbox {
	readonly #ready = new Deque<Uint8Array>();
	readonly #order = new Map<number, {next: number; held: Map<number, Uint8Array>}>();
	#held = 0;
	/** Where each sender's messages start (readers before took the earlier ones), by pid. */
	#from: Record<string, number> = {};
	/** The reader before died with messages: each sender starts at the first message seen. */
	#resync = false;

	get length(): number {
		return this.#ready.length;
	}

	/** Frames that wait for an earlier one. */
	get held(): number {
		return this.#held;
	}

	shift(): Uint8Array | undefined {
		return this.#ready.shift();
	}

	/** What the broker says of the readers before this one. */
	startAt(from: Record<string, number> | undefined, resync: boolean | undefined): void {
		if (from) this.#from = from;
		if (resync) this.#resync = true;
	}

	/** Take a frame in; false if it must wait for an earlier one. */
	add(frame: Uint8Array): boolean {
		const pid = framePid(frame);
		const seq = frameSeq(frame);
		let order = this.#order.get(pid);
		if (!order) {
			order = {next: this.#from[pid] ?? (this.#resync ? seq : 0), held: new Map()};
			this.#order.set(pid, order);
		}
		if (seq < order.next) return true;
		if (seq > order.next) {
			order.held.set(seq, frame);
			this.#held++;
			return false;
		}
		this.#ready.push(frame);
		order.next++;
		for (let next = order.held.get(order.next); next; next = order.held.get(order.next)) {
			order.held.delete(order.next);
			this.#held--;
			this.#ready.push(next);
			order.next++;
		}
		return true;
	}

	/** Nothing more can come: frames still out of order are let through as they are. */
	release(): void {
		if (this.#held === 0) return;
		for (const {held} of this.#order.values()) for (const seq of [...held.keys()].sort((a, b) => a - b)) this.#ready.push(held.get(seq)!);
		this.#order.clear();
		this.#held = 0;
	}

	/** Empty it for the next reader: every frame not taken, and how far each sender's were taken. */
	handBack(): {items: Uint8Array[]; consumed: Record<string, number>} {
		const items = [...this.#ready];
		const consumed: Record<string, number> = {};
		for (const [pid, order] of this.#order) {
			consumed[pid] = order.next;
			for (const frame of order.held.values()) items.push(frame);
		}
		for (const frame of this.#ready) {
			const pid = framePid(frame);
			consumed[pid] = Math.min(consumed[pid]!, frameSeq(frame));
		}
		while (this.#ready.shift() !== undefined);
		this.#order.clear();
		this.#held = 0;
		return {items, consumed};
	}
}
