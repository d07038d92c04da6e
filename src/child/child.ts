/**
 * Entry of every child process: wait for the start message, turn handles
 * back into primitives, run the target function, then flush what is still
 * to send and leave. A child whose parent dies (IPC channel closed) exits.
 */
import {pathToFileURL} from 'node:url';
import v8 from 'node:v8';
import {Disconnected} from '../errors.ts';
import {Event} from '../primitives/event.ts';
import {JoinableQueue} from '../primitives/joinable-queue.ts';
import {Lock, removeOwnerFile} from '../primitives/lock.ts';
import {ChildPort, exitHooks, setPort} from '../ipc/port.ts';
import type {Handle, ReadyMessage, StartMessage} from '../ipc/protocol.ts';
import {Queue, openQueues} from '../primitives/queue.ts';
import {Semaphore} from '../primitives/semaphore.ts';

/** Exit status of a child whose run ended under it. */
const ORPHANED = 70;
let finishing = false;

process.once('disconnect', () => {
	if (finishing) return;
	removeOwnerFile();
	process.exit(ORPHANED);
});

/** One object per primitive in this process, however often it appears in the arguments. */
const revived = new Map<string, unknown>();

function primitive(handle: Handle): unknown {
	switch (handle.__sync) {
		case 'lock': return Lock.fromHandle(handle);
		case 'semaphore': return Semaphore.fromHandle(handle);
		case 'event': return Event.fromHandle(handle);
		case 'queue': return handle.joinable ? JoinableQueue.fromHandle(handle) : Queue.fromHandle(handle);
	}
}

function revive(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(revive);
	if (value && typeof value === 'object') {
		const handle = value as Partial<Handle>;
		if (handle.__sync && handle.id) {
			if (!revived.has(handle.id)) revived.set(handle.id, primitive(handle as Handle));
			return revived.get(handle.id);
		}
		if (Object.getPrototypeOf(value) === Object.prototype) {
			return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, revive(item)]));
		}
	}
	return value;
}

let finishStarted = false;

async function finish(port: ChildPort, code: number): Promise<void> {
	if (finishStarted) return;
	finishStarted = true;
	// Code of the target may still run (a crash outside it, timers it left): from here its calls fail,
	// and once every reply is in, what this process kept or fetched ahead goes back.
	port.seal();
	await port.settled();
	const handBacks = port.asRuntime(() => {
		for (const hook of exitHooks) hook();
		return [...openQueues].map(queue => queue.returnBuffered().catch(() => {}));
	});
	await Promise.all(handBacks);
	await port.flush();
	removeOwnerFile();
	finishing = true;
	process.exitCode = code;
	if (process.connected) process.disconnect();
	// Timers or sockets the target left open must not keep the child alive.
	setImmediate(() => process.exit(code)).unref();
}

/** `process.exit()` from the target must not drop what was queued to send: hand it to the channel first. */
function guardExit(port: ChildPort): void {
	const exit = process.exit.bind(process);
	process.exit = ((code?: number | string | null) => {
		if (!finishing) {
			for (const hook of exitHooks) hook();
			for (const queue of openQueues) void queue.returnBuffered().catch(() => {});
			port.sendNow();
		}
		return exit(code as number);
	}) as typeof process.exit;
}

process.once('message', async (message: StartMessage) => {
	const {module, fn, args, name, dir} = message.start;
	process.title = `sync-demo ${name}`;
	const port = new ChildPort(name, dir);
	setPort(port);
	guardExit(port);
	// An error thrown outside the target's promise (a timer, a rejected promise nobody awaited) ends the
	// child like one thrown by the target: its stack is printed, and nothing it fetched or queued is lost.
	const crash = (error: unknown) => {
		if (finishStarted && error instanceof Disconnected) return;
		process.stderr.write(`${error instanceof Error && error.stack ? error.stack : String(error)}\n`);
		void finish(port, 1);
	};
	process.on('uncaughtException', crash);
	process.on('unhandledRejection', crash);
	let code = 0;
	try {
		const exports = await import(pathToFileURL(module).href) as Record<string, unknown>;
		const target = exports[fn];
		if (typeof target !== 'function') throw new TypeError(`${module} does not export a function named ${fn}`);
		process.send?.({ready: true} satisfies ReadyMessage);
		await target(...(revive(v8.deserialize(args)) as unknown[]));
		// A target may set process.exitCode, as a script would.
		code = Number(process.exitCode ?? 0) || 0;
	} catch (error) {
		// A call refused because the child is already on its way out (after a crash) is no news.
		if (!(finishStarted && error instanceof Disconnected)) process.stderr.write(`${error instanceof Error && error.stack ? error.stack : String(error)}\n`);
		code = 1;
	}
	await finish(port, code);
});
