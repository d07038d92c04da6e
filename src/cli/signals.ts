import fs from 'node:fs';
import os from 'node:os';
import tty from 'node:tty';
import type {Catalogue} from '../lang/index.ts';
import {texts} from '../lang/index.ts';

/** The signals that stop a run: Ctrl-C, `kill`, and the terminal closing. */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
/** Which of stdin, stdout and stderr were a terminal when the CLI started. */
let terminal: number[] = [];
/** The terminal closed (SIGHUP, or a write to it failed with EIO). */
let hungUp = false;

/**
 * SIGINT / SIGTERM / SIGHUP on the CLI: the first says at once on stderr that
 * the run is stopping and hands the signal to the run in progress (which
 * forwards it to its children, SIGKILLs stragglers after 1 s, removes its
 * folder and prints the partial summary; exit 130 / 143 / 129). A second one
 * kills every child at once and exits.
 */
export function installSignalHandlers(interrupter: Interrupter, say: Catalogue['tool']['signals'] = texts('en').tool.signals): void {
	let interrupts = 0;
	terminal = [0, 1, 2].filter(fd => tty.isatty(fd));
	const onSignal = (signal: NodeJS.Signals): void => {
		interrupts++;
		if (signal === 'SIGHUP') hungUp = true;
		const code = 128 + (os.constants.signals[signal] ?? 2);
		if (interrupts > 1) {
			process.stderr.write(`${say.killing(signal)}\n`);
			// The run module is loaded whenever a run is active; help and usage errors never load it.
			void import('../run/run.ts').then(({Run}) => {
				Run.killActive();
				releaseTerminal();
				process.exit(code);
			});
			return;
		}
		process.stderr.write(`${say.stopping(signal)}\n`);
		interrupter.interrupt(signal);
	};
	for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
	// EIO from a terminal: it closed (the SIGHUP that says so may not have been seen yet).
	const noteHangUp = (fd: number, error: NodeJS.ErrnoException): void => {
		if (error.code === 'EIO' && terminal.includes(fd)) hungUp = true;
	};
	// Nobody is left to tell about a failing stderr: the run just goes on stopping.
	process.stderr.on('error', (error: NodeJS.ErrnoException) => noteHangUp(2, error));
	process.stdout.on('error', (error: NodeJS.ErrnoException) => {
		noteHangUp(1, error);
		// Once the run is stopping anyway, output that fails is no news.
		if (interrupter.exitCode !== undefined || interrupter.signal) return;
		if (hungUp) {
			interrupter.interrupt('SIGHUP');
			return;
		}
		if (error.code === 'EPIPE') {
			// The reader of stdout went away (`sync-demo all | head`): stop quietly, as a SIGPIPE would.
			interrupter.exitCode = 128 + os.constants.signals.SIGPIPE;
			interrupter.interrupt('SIGPIPE');
			return;
		}
		// stdout cannot take the output (a full disk, /dev/full): one line, stop the run, exit 1.
		process.stderr.write(`${say.cannotWrite(`${error.code ?? 'error'}${describe(error)}`)}\n`);
		interrupter.exitCode = 1;
		interrupter.interrupt('SIGTERM');
	});
}

/**
 * After a hang-up, let go of the dead terminal before exiting: Node restores
 * a terminal's modes at exit and aborts when that fails (EIO), but it skips
 * descriptors that were closed. The output was flushed before.
 */
export function releaseTerminal(): void {
	if (!hungUp) return;
	for (const fd of terminal) {
		try {
			fs.closeSync(fd);
		} catch {}
	}
}

/** " (no space left on device)" from "ENOSPC: no space left on device, write"; nothing when the error has no text. */
function describe(error: Error): string {
	// libuv's stream errors say only "write EIO"; fs errors "ENOSPC: no space left on device, write".
	const text = /^[A-Z]+: (.+), \w+$/.exec(error.message)?.[1];
	return text ? ` (${text})` : '';
}

/** Lets the CLI's signal handlers reach the run in progress. */
export class Interrupter {
	#listener: ((signal: NodeJS.Signals) => void) | undefined;
	signal: NodeJS.Signals | undefined;
	/** Set when stdout failed: the process exits with this status, whatever the run's summary says. */
	exitCode: number | undefined;

	interrupt(signal: NodeJS.Signals): void {
		this.signal ??= signal;
		this.#listener?.(signal);
	}

	wait(): Promise<NodeJS.Signals> {
		if (this.signal) return Promise.resolve(this.signal);
		return new Promise(resolve => (this.#listener = resolve));
	}
}
