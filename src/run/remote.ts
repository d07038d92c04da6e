import path from 'node:path';
import v8 from 'node:v8';
import {TimeoutError} from '../errors.ts';
import {port} from '../ipc/port.ts';
import {self} from '../ipc/self.ts';
import {pack} from '../primitives/handles.ts';

let counter = 0;

/** What a child asks the main process to start for it. */
export interface RemoteSpec {
	module: string | URL;
	target: string;
	args: unknown[];
	name: string;
	daemon: boolean;
	identity: readonly number[];
}

/**
 * A process started by a child: the main process forks it on the child's
 * behalf and tells the child when it has exited; joins and signals go
 * through the broker too. The child is its parent in every way the program
 * sees (`parentProcess()`, `activeChildren()`, `join()`); only the OS
 * parent (`process.ppid`) is the main process.
 */
export class RemoteChild {
	/** The id the broker knows it by, unique in the run (this process's key and a number). */
	readonly id = `process#${self().key}.${++counter}`;
	#pid: number | undefined;
	#exitCode: number | null = null;
	#signalled = false;

	/** Ask for the process; resolves once it runs its target (or has ended), as `Process.start()` does. */
	async start(spec: RemoteSpec): Promise<void> {
		const module = spec.module instanceof URL || spec.module.startsWith('file:') ? String(spec.module) : path.resolve(spec.module);
		// Primitives travel as handles; an argument that cannot be copied fails here, in the starting process.
		const args = v8.serialize(pack(spec.args));
		const {pid} = await port().request({
			op: 'process.start',
			target: this.id,
			module,
			fn: spec.target,
			args,
			name: spec.name,
			daemon: spec.daemon,
			identity: [...spec.identity],
		});
		this.#pid = pid;
		// Not a wait (hang detection does not count it): the answer comes when the process has exited.
		port()
			.request({op: 'process.watch', target: this.id})
			.then(({code}) => (this.#exitCode ??= code))
			.catch(() => {});
	}

	get pid(): number | undefined {
		return this.#pid;
	}

	get exitCode(): number | null {
		return this.#exitCode;
	}

	get alive(): boolean {
		return this.#pid !== undefined && this.#exitCode === null;
	}

	get signalled(): boolean {
		return this.#signalled;
	}

	/** Its exit code, or null if `timeout` ms passed first; a parked call at the broker, so hang detection sees it. */
	async join(timeout: number | undefined): Promise<number | null> {
		if (this.#exitCode !== null) return this.#exitCode;
		try {
			const {code} = await port().request({op: 'process.join', target: this.id, ...(timeout === undefined ? {} : {timeout})});
			this.#exitCode ??= code;
			return this.#exitCode;
		} catch (error) {
			if (error instanceof TimeoutError) return null;
			throw error;
		}
	}

	kill(signal: NodeJS.Signals): void {
		if (this.#pid === undefined || this.#exitCode !== null) return;
		this.#signalled = true;
		port().post({op: 'process.kill', target: this.id, signal});
	}
}
