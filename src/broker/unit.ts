import type {InfoByKind, Kind, Op, OpName} from '../ipc/protocol.ts';
import type {Peer} from './core.ts';

/** The operations of one kind of primitive: `queue.put`, `queue.get`, … for 'queue'. */
export type OpOf<K extends Kind> = Op<Extract<OpName, `${K}.${string}`>>;

/**
 * The broker-side half of one primitive: its state, its operations, its
 * lines of waiters (the core parks them and times them out), and what
 * happens when one of the run's processes leaves.
 */
export interface Unit<K extends Kind = Kind> {
	readonly kind: K;
	handle(peer: Peer, op: OpOf<K>): void;
	/** Facts for summaries, hang reports and the client's `info()`. */
	info(): InfoByKind[K];
	/** A child on its way out: its parked calls are already answered. */
	peerClosing?(peer: Peer): void;
	/** A process has exited: take back what it held, report what it left. */
	peerExited?(peer: Peer): void;
	/** The run is over. */
	close?(): void;
}

/** The `default` of every unit's switch: an operation of the protocol with no handler does not compile. */
export function unhandled(op: never): never {
	throw new Error(`unknown operation ${(op as {op: string}).op}`);
}
