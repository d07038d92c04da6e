import type {Peer, SyncEvent} from '../../src/broker/core.ts';
import {Broker} from '../../src/broker/core.ts';
import type {Failure, Handle, OpInput, OpName, Success} from '../../src/ipc/protocol.ts';
import {now} from '../../src/ipc/protocol.ts';

type Answer = Success<OpName> | Failure;

/** A process as a broker unit sees it, without a process: it records the replies it gets. */
export interface FakePeer extends Peer {
	readonly replies: Answer[];
	/** Send one operation; returns its request number (0 for a note). */
	op(op: OpInput, note?: boolean): number;
	/** The reply to request `req`, if it came. */
	reply(req: number): Answer | undefined;
}

/** A broker with fake peers: units tested without processes. */
export function fakeBroker(options: {fastPaths?: boolean} = {}): {
	broker: Broker;
	events: SyncEvent[];
	peer(name: string, pid?: number): FakePeer;
	register(handle: Handle, initial?: number): Handle;
} {
	const broker = new Broker(now(), options.fastPaths ?? false);
	const events: SyncEvent[] = [];
	broker.on(event => {
		if (event.type === 'sync') events.push(event);
	});
	let key = 0;
	let req = 0;
	return {
		broker,
		events,
		peer(name, pid = 100_000 + key) {
			const replies: Answer[] = [];
			const peer: FakePeer = {
				key: key++,
				name,
				pid,
				replies,
				send: reply => void replies.push(reply),
				op(op, note = false) {
					const n = note ? 0 : ++req;
					broker.receive(peer, [{...op, req: n, t: now()} as never]);
					return n;
				},
				reply: n => replies.find(reply => reply.req === n),
			};
			broker.addPeer(peer);
			return peer;
		},
		register(handle, initial) {
			broker.register(handle, initial);
			return handle;
		},
	};
}
