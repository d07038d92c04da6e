import type {EventInfo, Handle} from '../ipc/protocol.ts';
import {Primitive} from './primitive.ts';
import type {WaitOptions} from './timeout.ts';
import {checkTimeout, orFalse} from './timeout.ts';

/** A flag that processes can wait for, like Python's `multiprocessing.Event`; kept by the broker. */
export class Event extends Primitive {
	constructor(options: {name?: string} = {}, handle?: Handle) {
		super('event', options.name, {}, handle);
	}

	static fromHandle(handle: Handle): Event {
		return new Event({}, handle);
	}

	/**
	 * Set the flag and wake every waiter. Like every call of a process, it
	 * reaches the broker in order, so this process's next call already sees it.
	 */
	async set(): Promise<void> {
		this.port.post({op: 'event.set', target: this.handle.id});
	}

	async clear(): Promise<void> {
		this.port.post({op: 'event.clear', target: this.handle.id});
	}

	async isSet(): Promise<boolean> {
		return (await this.info()).set;
	}

	/** The flag and how many processes wait for it, as the broker sees them now. */
	async info(): Promise<EventInfo> {
		return (await this.port.request({op: 'event.info', target: this.handle.id})).info;
	}

	/** Wait until the flag is set; true if it is, false if `timeout` ms passed first. */
	async wait(options?: WaitOptions): Promise<boolean> {
		const timeout = checkTimeout(options);
		return orFalse(this.port.request({op: 'event.wait', target: this.handle.id, ...(timeout === undefined ? {} : {timeout})}));
	}

	protected describe(): string {
		return `name=${this.name}`;
	}
}
