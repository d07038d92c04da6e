import type {Env} from '../../scenarios/kit/scenario.ts';
import type {Waiter} from '../broker/core.ts';
import {now} from '../ipc/protocol.ts';
import type {Catalogue} from '../lang/index.ts';
import {texts} from '../lang/index.ts';
import {blockedWaits, explainHang} from '../run/hang.ts';
import type {RunEvent} from '../run/run.ts';
import {Run} from '../run/run.ts';
import {Printer} from './output.ts';
import type {Ending} from './policy.ts';
import type {Interrupter} from './signals.ts';
import {writeTrace} from './trace.ts';

export interface GlobalOptions {
	env: Env;
	json: boolean;
	quiet: boolean;
	strict: boolean;
	color: 0 | 1 | 2 | 3;
	/** Watchdog for the whole run, in seconds. */
	timeout?: number;
	trace?: string;
	timeline: boolean;
	/** Columns the text output is wrapped to. */
	width: number;
}

/** What every run's summary says, whatever ran (a scenario, a program). */
export interface Ended {
	/** `defect`: the run shows a defect (oversold, a hang, items left…) — the lesson when the run still exits 0. */
	verdict: {code: string; sentence: string; defect: boolean};
	ok: boolean;
	exitCode: number;
	durationMs: number;
	interrupted?: string;
	hang?: string[];
	/** Children that exited with a code > 0 (a thrown error, process.exit(n)); `held` is what the broker took back from them; `error` what main threw. */
	crashed?: Array<{proc: string; pid: number; code: number; held?: string[]; error?: string; stack?: string[]}>;
	/** Children ended by a signal the run did not send (e.g. SIGKILL from outside), with what they held when they died. */
	killed?: Array<{proc: string; pid: number; signal: string; held?: string[]}>;
	/** Why the --trace file could not be written after the run (exit 1). */
	traceError?: string;
}

/** What runs in a session: how it introduces itself, and the main process's work. */
export interface Plan {
	/** The `run` JSON line's own fields: what runs (`{scenario, options}` or `{file, args}`). */
	readonly subject: Record<string, unknown>;
	/** The first line of the text output. */
	readonly title: string;
	/** What the trace and the last line call the run. */
	readonly name: string;
	/** Said after the hang's explanation. */
	readonly hangHint?: string;
	/** A scenario's start-line event, told apart from the lesson's waits. */
	readonly startLine?: string;
	/** Primitives (`kind name`) whose steps the text output does not print one a line (see `Scenario.unprinted`). */
	readonly unprinted?: readonly string[];
	/** An event as it is recorded and shown (a program's children's stack lines point at its own files). */
	translate?(event: RunEvent): RunEvent;
	/** The main process's work; the session races it against hang detection, the watchdog and signals. */
	main(run: Run, events: readonly RunEvent[], printer: Printer): Promise<void>;
}

/** How long every live process must stay blocked, with nothing happening, before the run counts as hung. */
const QUIET_MS = 600;

type Outcome =
	| {kind: 'done'}
	| {kind: 'error'; error: unknown}
	| {kind: 'hang'; lines: string[]; waits: Waiter[]}
	| {kind: 'timeout'}
	| {kind: 'interrupt'; signal: NodeJS.Signals};

/** A session that has ended: the run stopped, its folder gone; what it recorded, ready for a verdict. */
export interface Session {
	readonly run: Run;
	readonly events: readonly RunEvent[];
	/** The events the timeline and the trace show: without the stop's own traffic. */
	readonly drawn: readonly RunEvent[];
	readonly printer: Printer;
	readonly ending: Ending;
	readonly durationMs: number;
	/** Who waited on what when the run hung (and the explanation, with abandoned tasks). */
	readonly waits?: Waiter[];
	readonly hang?: string[];
	readonly mainError?: unknown;
	readonly crashed: NonNullable<Ended['crashed']>;
	readonly killed: NonNullable<Ended['killed']>;
	readonly traceError?: string;
	/** The plan's start-line event (the timeline draws waits on it apart). */
	readonly startLine?: string;
	/** What `Ended` takes from the session whatever ran. */
	readonly ended: Pick<Ended, 'durationMs' | 'interrupted' | 'hang' | 'crashed' | 'killed' | 'traceError'>;
}

/** Run `plan` to its end (or its hang, watchdog or interrupt), printing its events as they come. */
export async function runSession(plan: Plan, global: GlobalOptions, out: (line: string) => void, interrupter: Interrupter): Promise<Session> {
	// The CLI watches every step: no fast path may skip the events it shows (whatever SYNC_DEMO_FAST_PATHS says).
	const run = Run.start({capture: true, fastPaths: false});
	const events: RunEvent[] = [];
	const say = texts(global.env.lang).tool;
	const printer = new Printer({level: global.color, write: out, say, width: global.width, startLine: plan.startLine, unprinted: plan.unprinted});
	const json = (value: object) => out(JSON.stringify(value));
	if (global.json) json({type: 'run', ...plan.subject, env: global.env, pid: process.pid, startedAt: new Date().toISOString()});
	else if (!global.quiet) printer.paragraph(plan.title, 2, printer.chalk.bold);
	// Once the run stops its children (Ctrl-C, a hang, the watchdog, daemons at the end), the sync
	// traffic that follows (permits taken back from the stopped, waiters served on the way out) is the
	// stop's doing, not the lesson's: the text output, the timeline and the trace leave it out.
	// --json keeps everything.
	const duringStop = new WeakSet<RunEvent>();
	// Set just before the session stops the run: what stop() does before it counts as stopping is the stop's too.
	let stopping = false;
	run.on(raw => {
		const event = plan.translate ? plan.translate(raw) : raw;
		events.push(event);
		if ((stopping || run.stopping) && event.type === 'sync') duringStop.add(event);
		if (global.json) json(event);
		else if (!global.quiet && !duringStop.has(event)) printer.event(event);
	});

	const timers: NodeJS.Timeout[] = [];
	let outcome = await Promise.race<Outcome>([
		plan.main(run, events, printer).then(
			() => ({kind: 'done'}) as const,
			(error: unknown) => ({kind: 'error', error}) as const,
		),
		new Promise<Outcome>(resolve => {
			let since: number | null = null;
			timers.push(
				setInterval(() => {
					const waits = blockedWaits(run);
					if (!waits) {
						since = null;
						return;
					}
					since ??= now();
					if (now() - since >= QUIET_MS && now() - run.broker.lastActivity >= QUIET_MS)
						resolve({kind: 'hang', lines: explainHang(run, waits, global.env.lang), waits});
				}, 100),
			);
		}),
		...(global.timeout === undefined
			? []
			: [new Promise<Outcome>(resolve => timers.push(setTimeout(() => resolve({kind: 'timeout'}), global.timeout! * 1000)))]),
		interrupter.wait().then(signal => ({kind: 'interrupt', signal}) as const),
	]);
	for (const timer of timers) clearTimeout(timer);
	if (outcome.kind === 'hang' && !global.json && !global.quiet) {
		printer.paragraph(`⏸ ${say.hangHeader}`, 2, printer.chalk.yellow.bold);
		for (const line of outcome.lines) printer.paragraph(`  ${line}`, 4, printer.chalk.yellow);
		if (plan.hangHint) printer.paragraph(`  → ${plan.hangHint}`, 4, printer.chalk.yellow);
	}
	if (outcome.kind === 'done') {
		// A signal while the children finish still stops the run.
		const late = await Promise.race([run.shutdown({graceMs: 2000}).then(() => null), interrupter.wait()]);
		if (late) {
			outcome = {kind: 'interrupt', signal: late};
			stopping = true;
			await run.stop({graceMs: 1000, signal: late});
		}
	} else {
		// Node children ignore SIGPIPE: a closed stdout stops them with SIGTERM.
		stopping = true;
		await run.stop({graceMs: 1000, ...(outcome.kind === 'interrupt' ? {signal: outcome.signal === 'SIGPIPE' ? 'SIGTERM' : outcome.signal} : {})});
	}
	// A signal that came while a hung or timed-out run was being stopped still makes it an interrupted run (exit 130 / 143).
	if (interrupter.signal && outcome.kind !== 'interrupt') outcome = {kind: 'interrupt', signal: interrupter.signal};
	const durationMs = Math.round(run.elapsed());

	// Tasks of a JoinableQueue abandoned by a dead process can never be marked done: say so with the hang.
	const abandoned = events.flatMap(event =>
		event.type === 'sync' && event.op === 'abandoned'
			? [say.abandoned(say.who(String(event.deadProc), Number(event.deadPid)), Number(event.tasks), event.target)]
			: [],
	);
	const hang = outcome.kind === 'hang' ? [...outcome.lines, ...abandoned] : undefined;
	const ending: Ending =
		outcome.kind === 'hang'
			? {kind: 'hang', lines: hang!}
			: outcome.kind === 'timeout'
				? {kind: 'timeout', seconds: global.timeout ?? 0}
				: outcome.kind === 'error'
					? {kind: 'error'}
					: outcome;

	const held = heldByDead(events, say);
	const withHeld = (pid: number) => (held.get(pid)?.length ? {held: held.get(pid)!} : {});
	const crashed: NonNullable<Ended['crashed']> = events.flatMap(event =>
		event.type === 'exit' && typeof event.code === 'number' && event.code > 0
			? [{proc: event.proc, pid: event.pid, code: event.code, ...withHeld(event.pid)}]
			: [],
	);
	const mainError = outcome.kind === 'error' ? outcome.error : undefined;
	if (mainError) crashed.push({proc: 'main', pid: process.pid, code: 1, error: mainError instanceof Error ? mainError.message : String(mainError)});
	// A child ended by a signal the run did not send was killed from outside: a crash
	// of that process (exit 1), not a broken promise of the lesson; the verdict still
	// comes from the facts. On an interrupt, children that got the same signal (a
	// terminal's Ctrl-C reaches the whole process group) were stopped, not killed.
	const signalledByRun = new Set([...run.members].filter(member => member.signalled).map(member => member.pid));
	const killed: NonNullable<Ended['killed']> = events.flatMap(event =>
		event.type === 'exit' && event.signal && !signalledByRun.has(event.pid) && !(outcome.kind === 'interrupt' && event.signal === outcome.signal)
			? [{proc: event.proc, pid: event.pid, signal: event.signal, ...withHeld(event.pid)}]
			: [],
	);
	// The target was checked before the run started; should writing still fail, the summary is printed all the same.
	const drawn = events.filter(event => !duringStop.has(event));
	let traceError: string | undefined;
	if (global.trace) {
		try {
			writeTrace(global.trace, drawn, durationMs, plan.name);
		} catch (error) {
			traceError = `--trace: ${(error as Error).message}`;
		}
	}
	return {
		run,
		events,
		drawn,
		printer,
		ending,
		durationMs,
		...(outcome.kind === 'hang' ? {waits: outcome.waits} : {}),
		...(hang ? {hang} : {}),
		...(mainError ? {mainError} : {}),
		crashed,
		killed,
		...(traceError ? {traceError} : {}),
		...(plan.startLine === undefined ? {} : {startLine: plan.startLine}),
		ended: {
			durationMs,
			...(outcome.kind === 'interrupt' ? {interrupted: outcome.signal} : {}),
			...(hang ? {hang} : {}),
			...(crashed.length > 0 ? {crashed} : {}),
			...(killed.length > 0 ? {killed} : {}),
			...(traceError ? {traceError} : {}),
		},
	};
}

/** What each dead process held when it died, from the broker's 'recovered' and 'abandoned' events, by pid. */
function heldByDead(events: readonly RunEvent[], say: Catalogue['tool']): Map<number, string[]> {
	const held = new Map<number, string[]>();
	for (const event of events) {
		if (event.type !== 'sync' || (event.op !== 'recovered' && event.op !== 'abandoned')) continue;
		const pid = Number(event.deadPid);
		const what =
			event.kind === 'lock' || event.kind === 'rlock'
				? say.heldLock(event.kind, event.target)
				: event.kind === 'semaphore'
					? say.heldPermits(Number(event.permits ?? 1), event.target)
					: say.heldTasks(Number(event.tasks), event.target);
		held.set(pid, [...(held.get(pid) ?? []), what]);
	}
	return held;
}
