import os from 'node:os';

/**
 * SIGINT / SIGTERM on the CLI: the first says at once on stderr that the run
 * is stopping and hands the signal to the run in progress (which forwards it
 * to its children, SIGKILLs stragglers after 1 s, removes its folder and
 * prints the partial summary; exit 130 / 143). A second one kills every child
 * at once and exits.
 */
export function installSignalHandlers(interrupter: Interrupter): void {
	let interrupts = 0;
	const onSignal = (signal: NodeJS.Signals): void => {
		interrupts++;
		const code = 128 + (os.constants.signals[signal] ?? 2);
		if (interrupts > 1) {
			process.stderr.write(`sync-demo: ${signal} again, killing every process of the run now\n`);
			// The run module is loaded whenever a run is active; help and usage errors never load it.
			void import('../run.ts').then(({Run}) => {
				Run.killActive();
				process.exit(code);
			});
			return;
		}
		process.stderr.write(`sync-demo: ${signal} received, stopping the run (${signal === 'SIGINT' ? 'Ctrl-C' : 'the signal'} again kills at once)…\n`);
		interrupter.interrupt(signal);
	};
	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);
	// The reader of stdout went away (`sync-demo all | head`): stop quietly, as a SIGPIPE would.
	process.stdout.on('error', (error: NodeJS.ErrnoException) => {
		if (error.code !== 'EPIPE') throw error;
		process.exitCode = 128 + os.constants.signals.SIGPIPE;
		interrupter.interrupt('SIGPIPE');
	});
}

/** Lets the CLI's signal handlers reach the run in progress. */
export class Interrupter {
	#listener: ((signal: NodeJS.Signals) => void) | undefined;
	signal: NodeJS.Signals | undefined;

	interrupt(signal: NodeJS.Signals): void {
		this.signal ??= signal;
		this.#listener?.(signal);
	}

	wait(): Promise<NodeJS.Signals> {
		if (this.signal) return Promise.resolve(this.signal);
		return new Promise(resolve => (this.#listener = resolve));
	}
}
