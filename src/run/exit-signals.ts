import fs from 'node:fs';

/** What a signal must not leave behind of a run. */
interface Guarded {
	readonly dir: string;
	readonly ended: boolean;
	readonly members: Iterable<{readonly alive: boolean; kill(signal?: NodeJS.Signals): void}>;
}

/** Signals that end a program whose code does not handle them: Ctrl-C, `kill`, the terminal closing. */
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const runs = new Set<Guarded>();
let listening = false;

/**
 * A program killed by a signal runs no 'exit' hook, so a run's children and
 * folder would outlive it. While a run is open, SIGINT, SIGTERM and SIGHUP
 * that the program does not handle itself stop the children (they get the
 * same signal; they would also go when their IPC channel closes), remove the
 * folder, and then end the program by that very signal, as it would have
 * ended without us. A program with its own handler decides for itself; the
 * run's exit hook cleans up when it exits.
 */
export function cleanUpOnSignals(run: Guarded): void {
	for (const old of runs) if (old.ended) runs.delete(old);
	runs.add(run);
	if (listening) return;
	listening = true;
	// First in line: a program's `process.once()` handler is gone by the time later listeners run.
	for (const signal of SIGNALS) process.prependListener(signal, onSignal);
}

function onSignal(signal: NodeJS.Signals): void {
	// Our own listener counts once: any other is the program's.
	if (process.listenerCount(signal) > 1) return;
	for (const run of runs) {
		if (run.ended) continue;
		for (const member of run.members) if (member.alive) member.kill(signal);
		try {
			fs.rmSync(run.dir, {recursive: true, force: true, maxRetries: 3});
		} catch {}
	}
	runs.clear();
	// Without a listener the signal has its default disposition again: raised anew, it ends the program.
	for (const other of SIGNALS) process.off(other, onSignal);
	listening = false;
	process.kill(process.pid, signal);
}
