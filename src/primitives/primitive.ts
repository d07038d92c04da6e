import type {Port} from '../ipc/port.ts';
import {port} from '../ipc/port.ts';
import type {Handle, Kind} from '../ipc/protocol.ts';
import {inspectCustom} from '../ipc/protocol.ts';
import {idScope} from '../ipc/self.ts';

let counter = 0;

/** The primitives this process holds, by id: a handle that arrives again (an argument, a queue item) becomes the same object. */
const known = new Map<string, WeakRef<Primitive>>();
const forget = new FinalizationRegistry<string>(id => {
	if (known.get(id)?.deref() === undefined) known.delete(id);
});

/** The object this process already has for the primitive with this id, if any. */
export function knownPrimitive(id: string): Primitive | undefined {
	return known.get(id)?.deref();
}

/** The object this process has for `handle` already (a condition's lock passed beside it too), or a new one from `make`. */
export function sameObject<P extends Primitive>(handle: Handle, make: () => P): P {
	return (knownPrimitive(handle.id) as P | undefined) ?? make();
}

/** What every primitive shares: a handle that travels to children, and a readable form for logs and failing tests. */
export abstract class Primitive {
	readonly handle: Handle;

	protected constructor(kind: Kind, name: string | undefined, extra: Partial<Handle> = {}, handle?: Handle, initial?: number) {
		if (handle) {
			this.handle = handle;
		} else {
			// Made in a child, the id carries the child's key: ids stay unique in the run.
			const id = `${kind}#${idScope()}${++counter}`;
			this.handle = port().register({__sync: kind, id, name: name ?? id, ...extra}, initial);
		}
		known.set(this.handle.id, new WeakRef(this));
		forget.register(this, this.handle.id);
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
