import type {Broker, Peer} from '../broker/core.ts';
import type {Port} from '../ipc/port.ts';
import {placed, requestHooks, settle, stamp} from '../ipc/port.ts';
import type {Handle, OpInput, Reply, RequestName, Success, Wire} from '../ipc/protocol.ts';
import {childModule} from './resolve.ts';

/** The main process calls the broker directly. */
export class LocalPort implements Port {
	readonly name: string;
	readonly pid = process.pid;
	readonly dir: string;
	readonly peer: Peer;
	readonly #broker: Broker;
	readonly #pending = new Map<number, (reply: Reply<RequestName>) => void>();
	#next = 1;

	constructor(broker: Broker, dir: string, name = 'main') {
		this.#broker = broker;
		this.dir = dir;
		this.name = name;
		this.peer = {
			key: 0,
			name,
			pid: process.pid,
			send: reply => {
				const resolve = this.#pending.get(reply.req);
				this.#pending.delete(reply.req);
				resolve?.(reply as Reply<RequestName>);
			},
		};
		broker.addPeer(this.peer);
	}

	request<K extends RequestName>(op: OpInput<K>): Promise<Success<K>> {
		for (const hook of requestHooks) hook();
		const req = this.#next++;
		return new Promise<Reply<K>>(resolve => {
			this.#pending.set(req, resolve as (reply: Reply<RequestName>) => void);
			this.#broker.receive(this.peer, [stamp(op, req)]);
		}).then(settle);
	}

	notify(op: OpInput): Promise<void> {
		this.post(op);
		return Promise.resolve();
	}

	post(op: OpInput): void {
		this.#broker.receive(this.peer, [stamp(op, 0)]);
	}

	postItem(op: 'queue.put' | 'queue.putCredited', target: string, item: Wire): void {
		this.post({op, target, items: [item]});
	}

	flush(): Promise<void> {
		return Promise.resolve();
	}

	/** A file kind's handle carries its path in the run's folder; a barrier's action, the compiled module every process loads. */
	register(base: Handle, initial?: number): Handle {
		let handle = placed(base, this.dir);
		if (handle.action) handle = {...handle, action: {...handle.action, module: childModule(handle.action.module).file}};
		this.#broker.register(handle, initial);
		return handle;
	}
}
