/**
 * Entry of every child process: wait for the start message, turn handles
 * back into primitives, run the target function, then flush what is still
 * to send and leave. A child whose parent dies (IPC channel closed) exits.
 */
import {pathToFileURL} from 'node:url';
import v8 from 'node:v8';
import {Disconnected} from '../errors.ts';
import {ChildPort, cleanupHooks, exitHooks, finishHooks, setPort} from '../ipc/port.ts';
import type {ReadyMessage, StartMessage} from '../ipc/protocol.ts';
import {setSelf} from '../ipc/self.ts';
import type {Packed} from '../primitives/handles.ts';
import {revive} from '../primitives/handles.ts';

/** Exit status of a child whose run ended under it. */
const ORPHANED = 70;
let finishing = false;

function cleanUp(): void {
	for (const hook of cleanupHooks) hook();
}

process.once('disconnect', () => {
	if (finishing) return;
	cleanUp();
	process.exit(ORPHANED);
});

let finishStarted = false;

async function finish(port: ChildPort, code: number): Promise<void> {
	if (finishStarted) return;
	finishStarted = true;
	// As Python's exit function: daemon children are terminated, and every child is waited for.
	await Promise.all([...finishHooks].map(hook => hook().catch(() => {})));
	// Code of the target may still run (a crash outside it, timers it left): from here its calls fail,
	// and once every reply is in, what this process kept or fetched ahead goes back.
	port.seal();
	await port.settled();
	await Promise.all(port.asRuntime(() => [...exitHooks].map(hook => hook())));
	await port.flush();
	cleanUp();
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
			// Each hook sends what it hands back before it returns; nothing here can wait.
			for (const hook of exitHooks) void hook();
			port.sendNow();
		}
		return exit(code as number);
	}) as typeof process.exit;
}

process.once('message', async (message: StartMessage) => {
	const {module, fn, args, name, dir, self} = message.start;
	process.title = `sync-demo ${name}`;
	setSelf({...self, pid: process.pid});
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
		const exports = (await import(pathToFileURL(module).href)) as Record<string, unknown>;
		const target = exports[fn];
		if (typeof target !== 'function') throw new TypeError(`${module} does not export a function named ${fn}`);
		// Only the places the parent listed hold primitives: plain data shaped like a handle stays data.
		const {value, places} = v8.deserialize(args) as Packed;
		const argv = (await revive(value, places)) as unknown[];
		process.send?.({ready: true} satisfies ReadyMessage);
		await target(...argv);
		// A target may set process.exitCode, as a script would.
		code = Number(process.exitCode ?? 0) || 0;
	} catch (error) {
		// A call refused because the child is already on its way out (after a crash) is no news.
		if (!(finishStarted && error instanceof Disconnected)) process.stderr.write(`${error instanceof Error && error.stack ? error.stack : String(error)}\n`);
		code = 1;
	}
	await finish(port, code);
});
