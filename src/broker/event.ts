import type {EventInfo, Handle, Op} from '../ipc/protocol.ts';
import {now} from '../ipc/protocol.ts';
import type {Broker, Peer, Waiter} from './core.ts';
import {Line} from './line.ts';
import type {OpOf, Unit} from './unit.ts';
import {unhandled} from './unit.ts';

/** A flag and the processes waiting for it to be set. */
export class EventUnit implements Unit<'event'> {
	readonly kind = 'event';
	readonly #broker: Broker;
	readonly #name: string;
	#flag = false;
	readonly #waiters = new Line<Waiter<Op<'event.wait'>>>();

	constructor(handle: Handle, broker: Broker) {
		this.#broker = broker;
		this.#name = handle.name;
	}

	info(): EventInfo {
		return {set: this.#flag, waiting: this.#waiters.length};
	}

	handle(peer: Peer, op: OpOf<'event'>): void {
		const broker = this.#broker;
		switch (op.op) {
			case 'event.set':
				this.#flag = true;
				broker.emit(peer, op.t, 'event', this.#name, 'set', {woken: this.#waiters.length});
				for (let waiter = this.#waiters.shift(); waiter; waiter = this.#waiters.shift()) {
					broker.emit(waiter.peer, now(), 'event', this.#name, 'woke');
					broker.resolve(waiter, {});
				}
				return;
			case 'event.clear':
				this.#flag = false;
				broker.emit(peer, op.t, 'event', this.#name, 'clear');
				return;
			case 'event.wait':
				if (this.#flag) return broker.reply(peer, op, {});
				if (op.timeout === 0) return broker.fail(peer, op, 'TIMEOUT', `event ${this.#name} is not set`);
				broker.emit(peer, op.t, 'event', this.#name, 'wait');
				broker.park(peer, op, 'event', this.#name, {line: this.#waiters, call: 'event.wait()', timeoutMessage: `event ${this.#name} stayed clear`});
				return;
			case 'event.info':
				return broker.reply(peer, op, {info: this.info()});
			default:
				return unhandled(op);
		}
	}
}
