/**
 * The program's main code runs in the CLI's own process, as a scenario's
 * does. While it runs: what it prints through `console` becomes main's
 * lines of the run; `process.argv` is the program's; `process.exit()` ends
 * the main code (as Python's `sys.exit()` raises SystemExit), not the CLI;
 * an error it leaves uncaught ends the main code as a crash.
 */
import {Console} from 'node:console';
import {Writable} from 'node:stream';
import type {Run} from '../../run/run.ts';
import type {Interrupter} from '../signals.ts';

/** What `process.exit(code)` throws in the program's main code. */
class ProgramExit extends Error {
	readonly code: number;
	constructor(code: number) {
		super(`process.exit(${code})`);
		this.code = code;
	}
}

export interface Host {
	/** Resolves to the exit status the main code asked for with `process.exit()`; rejects with an error it left uncaught. */
	readonly ended: Promise<number>;
	/** The exit status the main code left: `process.exitCode`, or what it passed to `process.exit()`. */
	exitCode(): number;
	/** Give the process back to the CLI. */
	restore(): void;
}

/** Text written in pieces, emitted line by line. */
function lines(emit: (text: string) => void): Writable {
	let partial = '';
	return new Writable({
		decodeStrings: false,
		write(chunk: string | Buffer, _encoding, done) {
			const parts = (partial + String(chunk)).split('\n');
			partial = parts.pop()!;
			for (const part of parts) emit(part);
			done();
		},
		final(done) {
			if (partial !== '') emit(partial);
			partial = '';
			done();
		},
	});
}

/** Take over console, argv, exit and uncaught errors for the program `file` run with `args`. */
export function host(run: Run, file: string, args: readonly string[], interrupter: Interrupter): Host {
	const saved = {console: globalThis.console, argv: process.argv, exit: process.exit, exitCode: process.exitCode};
	const emit = (stream: 'stdout' | 'stderr') => (text: string) =>
		run.emit({type: 'log', t: run.elapsed(), proc: run.port.name, pid: process.pid, text, stream});
	const out = lines(emit('stdout'));
	const err = lines(emit('stderr'));
	globalThis.console = new Console({stdout: out, stderr: err});
	process.argv = [saved.argv[0]!, file, ...args];
	process.exitCode = undefined;
	let asked: number | undefined;
	let settle: {resolve: (code: number) => void; reject: (error: unknown) => void};
	const ended = new Promise<number>((resolve, reject) => (settle = {resolve, reject}));
	process.exit = ((code?: number | string | null) => {
		// Once the CLI stops (a second Ctrl-C), exit is the CLI's again.
		if (interrupter.signal || interrupter.exitCode !== undefined) return saved.exit(code as number);
		throw new ProgramExit(Number(code ?? process.exitCode ?? 0) || 0);
	}) as typeof process.exit;
	const onError = (error: unknown) => {
		if (error instanceof ProgramExit) {
			asked ??= error.code;
			settle.resolve(error.code);
		} else settle.reject(error);
	};
	process.on('uncaughtException', onError);
	process.on('unhandledRejection', onError);
	return {
		ended,
		exitCode: () => asked ?? (Number(process.exitCode ?? 0) || 0),
		restore() {
			process.off('uncaughtException', onError);
			process.off('unhandledRejection', onError);
			out.end();
			err.end();
			globalThis.console = saved.console;
			process.argv = saved.argv;
			process.exit = saved.exit;
			process.exitCode = saved.exitCode;
		},
	};
}

/** The exit status `error` asks for if it is the main code's `process.exit()`, else undefined. */
export function exitRequested(error: unknown): number | undefined {
	return error instanceof ProgramExit ? error.code : undefined;
}
