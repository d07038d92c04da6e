import type {Port} from '../ipc/port.ts';
import {port} from '../ipc/port.ts';
import type {Handle, Kind} from '../ipc/protocol.ts';
import {inspectCustom} from '../ipc/protocol.ts';

let counter = 0;

/** The primitives this process has turned back from handles, by id. */
const revived = new Map<string, Primitive>();

/**
 * One object per primitive in a process: a handle that arrives twice — a
 * lock passed on its own and inside a condition — gives the same object, so
 * both see whether this process holds it.
 */
export function revive<P extends Primitive>(handle: Handle, make: () => P): P {
	let primitive = revived.get(handle.id);
	if (!primitive) {
		primitive = make();
		revived.set(handle.id, primitive);
	}
	return primitive as P;
}

/** What every primitive shares: a handle that travels to children, and a readable form for logs and failing tests. */
export abstract class Primitive {
	readonly handle: Handle;

	protected constructor(kind: Kind, name: string | undefined, extra: Partial<Handle> = {}, handle?: Handle, initial?: number) {
		if (handle) {
			this.handle = handle;
			return;
		}
		const id = `${kind}#${++counter}`;
		this.handle = port().register({__sync: kind, id, name: name ?? id, ...extra}, initial);
	}

	get name(): string {
		return this.handle.name;
	}

	protected get port(): Port {
		return port();
	}

	protected abstract describe(): string;

	[inspectCustom](): string {
		return `<${this.constructor.name}(${this.describe()})>`;
	}

	/** Primitives cross to a child as their handle (see `Process`). */
	toJSON(): Handle {
		return this.handle;
	}
}
