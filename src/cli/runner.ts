import type {Env, Facts, Options, Scenario, ScenarioContext} from '../../scenarios/kit/scenario.ts';
import {realDelay} from '../../scenarios/kit/scenario.ts';
import {Abandoned} from '../errors.ts';
import {now} from '../ipc/protocol.ts';
import type {Catalogue} from '../lang/index.ts';
import {texts} from '../lang/index.ts';
import {blockedWaits, explainHang} from '../run/hang.ts';
import type {RunEvent} from '../run/run.ts';
import {Run} from '../run/run.ts';
import {Printer} from './output.ts';
import type {Ending} from './policy.ts';
import {exitStatus, finalVerdict} from './policy.ts';
import type {Interrupter} from './signals.ts';
import {printSummary} from './summary.ts';
import {renderTimeline} from './timeline.ts';
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

export interface Summary {
	type: 'summary';
	scenario: string;
	options: Options;
	facts: Facts;
	/** `defect`: the run shows a defect (oversold, a hang, items left…) — the lesson when the run still exits 0. */
	verdict: {code: string; sentence: string; defect: boolean};
	ok: boolean;
	exitCode: number;
	durationMs: number;
	interrupted?: string;
	hang?: string[];
	/** Children that exited with a code > 0 (a thrown error, process.exit(n)); `held` is what the broker took back from them; `error` what main threw. */
	crashed?: Array<{proc: string; pid: number; code: number; held?: string[]; error?: string}>;
	/** Children ended by a signal the run did not send (e.g. SIGKILL from outside), with what they held when they died. */
	killed?: Array<{proc: string; pid: number; signal: string; held?: string[]}>;
	/** Why the --trace file could not be written after the run (exit 1). */
	traceError?: string;
}

/** How long every live process must stay blocked, with nothing happening, before the run counts as hung. */
const QUIET_MS = 600;

type Outcome =
	| {kind: 'done'}
	| {kind: 'error'; error: unknown}
	| {kind: 'hang'; lines: string[]}
	| {kind: 'timeout'}
	| {kind: 'interrupt'; signal: NodeJS.Signals};

/** Run one scenario to its end (or its hang, watchdog or interrupt), print it, and return its summary. */
export async function runScenario(
	scenario: Scenario,
	options: Options,
	global: GlobalOptions,
	out: (line: string) => void,
	interrupter: Interrupter,
): Promise<Summary> {
	// The CLI watches every step: no fast path may skip the events it shows (whatever SYNC_DEMO_FAST_PATHS says).
	const run = Run.start({capture: true, fastPaths: false});
	const events: RunEvent[] = [];
	const catalogue = texts(global.env.lang);
	const say = catalogue.tool;
	const printer = new Printer({level: global.color, write: out, say, width: global.width, startLine: scenario.startLine, unprinted: scenario.unprinted});
	const json = (value: object) => out(JSON.stringify(value));
	if (global.json) json({type: 'run', scenario: scenario.name, options, env: global.env, pid: process.pid, startedAt: new Date().toISOString()});
	else if (!global.quiet)
		printer.paragraph(say.header(scenario.name, describeOptions(scenario, options), global.env.speed, global.env.seed), 2, printer.chalk.bold);
	// Once the run stops its children (Ctrl-C, a hang, the watchdog, daemons at the end), the sync
	// traffic that follows (permits taken back from the stopped, waiters served on the way out) is the
	// stop's doing, not the lesson's: the text output, the timeline and the trace leave it out.
	// --json keeps everything.
	const duringStop = new WeakSet<RunEvent>();
	run.on(event => {
		events.push(event);
		if (run.stopping && event.type === 'sync') duringStop.add(event);
		if (global.json) json(event);
		else if (!global.quiet && !duringStop.has(event)) printer.event(event);
	});

	const ctx: ScenarioContext = {
		run,
		env: global.env,
		options,
		facts: {},
		events,
		log: text => run.emit({type: 'log', t: run.elapsed(), proc: 'main', pid: process.pid, text}),
		note: text => run.emit({type: 'log', t: run.elapsed(), proc: 'main', pid: process.pid, text, data: {note: true}}),
		sleep: ms =>
			new Promise((resolve, reject) => setTimeout(() => (run.ended ? reject(new Error('the run has ended')) : resolve()), realDelay(global.env, ms))),
	};

	const timers: NodeJS.Timeout[] = [];
	let outcome = await Promise.race<Outcome>([
		scenario.main(ctx).then(
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
						resolve({kind: 'hang', lines: explainHang(run, waits, global.env.lang)});
				}, 100),
			);
		}),
		...(global.timeout === undefined
			? []
			: [new Promise<Outcome>(resolve => timers.push(setTimeout(() => resolve({kind: 'timeout'}), global.timeout! * 1000)))]),
		interrupter.wait().then(signal => ({kind: 'interrupt', signal}) as const),
	]);
	for (const timer of timers) clearTimeout(timer);
	// A scenario outside the catalogue (a test's) has no hint.
	const hangHint = (catalogue.scenarios as Record<string, {hangHint?: string} | undefined>)[scenario.name]?.hangHint;
	if (outcome.kind === 'hang' && !global.json && !global.quiet) {
		printer.paragraph(`⏸ ${say.hangHeader}`, 2, printer.chalk.yellow.bold);
		for (const line of outcome.lines) printer.paragraph(`  ${line}`, 4, printer.chalk.yellow);
		if (hangHint) printer.paragraph(`  → ${hangHint}`, 4, printer.chalk.yellow);
	}
	if (outcome.kind === 'done') {
		// A signal while the children finish still stops the run.
		const late = await Promise.race([run.shutdown({graceMs: 2000}).then(() => null), interrupter.wait()]);
		if (late) {
			outcome = {kind: 'interrupt', signal: late};
			await run.stop({graceMs: 1000, signal: late});
		}
	} else {
		// Node children ignore SIGPIPE: a closed stdout stops them with SIGTERM.
		await run.stop({graceMs: 1000, ...(outcome.kind === 'interrupt' ? {signal: outcome.signal === 'SIGPIPE' ? 'SIGTERM' : outcome.signal} : {})});
	}
	// A signal that came while a hung or timed-out run was being stopped still makes it an interrupted run (exit 130 / 143).
	if (interrupter.signal && outcome.kind !== 'interrupt') outcome = {kind: 'interrupt', signal: interrupter.signal};
	const durationMs = Math.round(run.elapsed());

	scenario.collect?.(ctx);
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
	const verdict = finalVerdict(
		ending,
		scenario.verdict(ctx.facts, options, hang ? [...hang, ...(hangHint ? [hangHint] : [])].join('; ') : null, global.env),
		say.verdicts,
	);

	const held = heldByDead(events, say);
	const withHeld = (pid: number) => (held.get(pid)?.length ? {held: held.get(pid)!} : {});
	const crashed: NonNullable<Summary['crashed']> = events.flatMap(event =>
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
	const killed: NonNullable<Summary['killed']> = events.flatMap(event =>
		event.type === 'exit' && event.signal && !signalledByRun.has(event.pid) && !(outcome.kind === 'interrupt' && event.signal === outcome.signal)
			? [{proc: event.proc, pid: event.pid, signal: event.signal, ...withHeld(event.pid)}]
			: [],
	);
	// The target was checked before the run started; should writing still fail, the summary is printed all the same.
	const drawn = events.filter(event => !duringStop.has(event));
	let traceError: string | undefined;
	if (global.trace) {
		try {
			writeTrace(global.trace, drawn, durationMs, scenario.name);
		} catch (error) {
			traceError = `--trace: ${(error as Error).message}`;
		}
	}
	const exitCode = exitStatus({ending, verdict, strict: global.strict, failedProcesses: crashed.length + killed.length, traceFailed: traceError !== undefined});

	const summary: Summary = {
		type: 'summary',
		scenario: scenario.name,
		options,
		facts: ctx.facts,
		verdict: {code: verdict.code, sentence: verdict.sentence, defect: verdict.defect},
		ok: exitCode === 0,
		exitCode,
		durationMs,
		...(outcome.kind === 'interrupt' ? {interrupted: outcome.signal} : {}),
		...(hang ? {hang} : {}),
		...(crashed.length > 0 ? {crashed} : {}),
		...(killed.length > 0 ? {killed} : {}),
		...(traceError ? {traceError} : {}),
	};
	const reportTrace = () => {
		if (traceError) process.stderr.write(`error: ${traceError}\n`);
	};
	if (global.json) {
		json(summary);
		reportTrace();
		return summary;
	}
	// An abandoned join() says all in its message; its stack would only show the library's reply path.
	const shown = mainError instanceof Abandoned ? `${mainError.name}: ${mainError.message}` : mainError instanceof Error ? mainError.stack : String(mainError);
	if (mainError) printer.paragraph(say.mainFailed(shown ?? ''), 4, printer.chalk.red);
	if (global.timeline && !global.quiet) {
		printer.say('');
		const chalk = printer.chalk;
		const paint = {run: chalk.gray, wait: chalk.yellow, hold: chalk.green, both: chalk.red, start: chalk.gray, none: (text: string) => text};
		const style = {unicode: global.color > 0, paint: (kind: keyof typeof paint, text: string) => paint[kind](text), say: say.timeline};
		for (const line of renderTimeline(drawn, durationMs, style, global.width, scenario.startLine)) printer.say(line);
	}
	printSummary(printer, summary, global.quiet, catalogue);
	reportTrace();
	return summary;
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

function describeOptions(scenario: Scenario, options: Options): string {
	const parts = scenario.options.flatMap(spec => {
		const value = options[spec.key];
		if (spec.kind === 'flag') return value ? [spec.flag] : [];
		return value === spec.default ? [] : [`${spec.flag.split(' ')[0]} ${String(value)}`];
	});
	return parts.length > 0 ? ` ${parts.join(' ')}` : '';
}
