import type {Facts, Options, Scenario, ScenarioContext} from '../../scenarios/kit/scenario.ts';
import {realDelay} from '../../scenarios/kit/scenario.ts';
import {texts} from '../lang/index.ts';
import {exitStatus, finalVerdict} from './policy.ts';
import type {Ended, GlobalOptions} from './session.ts';
import {runSession} from './session.ts';
import type {Interrupter} from './signals.ts';
import {printFacts, report} from './summary.ts';

export type {GlobalOptions};

export interface Summary extends Ended {
	type: 'summary';
	scenario: string;
	options: Options;
	facts: Facts;
}

/** Run one scenario to its end (or its hang, watchdog or interrupt), print it, and return its summary. */
export async function runScenario(
	scenario: Scenario,
	options: Options,
	global: GlobalOptions,
	out: (line: string) => void,
	interrupter: Interrupter,
): Promise<Summary> {
	const catalogue = texts(global.env.lang);
	const say = catalogue.tool;
	// A scenario outside the catalogue (a test's) has no hint.
	const hangHint = (catalogue.scenarios as Record<string, {hangHint?: string} | undefined>)[scenario.name]?.hangHint;
	let ctx: ScenarioContext | undefined;
	const session = await runSession(
		{
			subject: {scenario: scenario.name, options},
			title: say.header(scenario.name, describeOptions(scenario, options), global.env.speed, global.env.seed),
			name: scenario.name,
			...(hangHint ? {hangHint} : {}),
			...(scenario.startLine === undefined ? {} : {startLine: scenario.startLine}),
			...(scenario.unprinted === undefined ? {} : {unprinted: scenario.unprinted}),
			main: (run, events) => {
				ctx = {
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
				return scenario.main(ctx);
			},
		},
		global,
		out,
		interrupter,
	);
	scenario.collect?.(ctx!);
	const facts = ctx!.facts;
	const {hang, ending} = session;
	const verdict = finalVerdict(
		ending,
		scenario.verdict(facts, options, hang ? [...hang, ...(hangHint ? [hangHint] : [])].join('; ') : null, global.env),
		say.verdicts,
	);
	const exitCode = exitStatus({
		ending,
		verdict,
		strict: global.strict,
		failedProcesses: session.crashed.length + session.killed.length,
		traceFailed: session.traceError !== undefined,
	});
	const summary: Summary = {
		type: 'summary',
		scenario: scenario.name,
		options,
		facts,
		verdict: {code: verdict.code, sentence: verdict.sentence, defect: verdict.defect},
		ok: exitCode === 0,
		exitCode,
		...session.ended,
	};
	report(session, summary, global, scenario.name, printer => printFacts(printer, facts, catalogue));
	return summary;
}

function describeOptions(scenario: Scenario, options: Options): string {
	const parts = scenario.options.flatMap(spec => {
		const value = options[spec.key];
		if (spec.kind === 'flag') return value ? [spec.flag] : [];
		return value === spec.default ? [] : [`${spec.flag.split(' ')[0]} ${String(value)}`];
	});
	return parts.length > 0 ? ` ${parts.join(' ')}` : '';
}
