import Table from 'cli-table3';
import type {Facts, Options, Scenario, ScenarioContext} from '../../scenarios/kit/scenario.ts';
import {realDelay} from '../../scenarios/kit/scenario.ts';
import type {Printer} from './output.ts';
import {exitStatus, finalVerdict} from './policy.ts';
import type {Ended, GlobalOptions} from './session.ts';
import {report, runSession} from './session.ts';
import type {Interrupter} from './signals.ts';

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
	let ctx: ScenarioContext | undefined;
	const session = await runSession(
		{
			subject: {scenario: scenario.name, options},
			title: `▶ ${scenario.name}${describeOptions(scenario, options)}  (speed ${global.env.speed}, seed ${global.env.seed})`,
			name: scenario.name,
			...(scenario.hangHint ? {hangHint: scenario.hangHint} : {}),
			main: (run, events) => {
				ctx = {
					run,
					env: global.env,
					options,
					facts: {},
					events,
					log: text => run.emit({type: 'log', t: run.elapsed(), proc: 'main', pid: process.pid, text}),
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
	const verdict = finalVerdict(ending, scenario.verdict(facts, options, hang ? [...hang, ...(scenario.hangHint ? [scenario.hangHint] : [])].join('; ') : null));
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
		verdict: {code: verdict.code, sentence: verdict.sentence},
		ok: exitCode === 0,
		exitCode,
		...session.ended,
	};
	report(session, summary, global, scenario.name, printer => printFacts(printer, facts));
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

function printFacts(printer: Printer, facts: Facts): void {
	const table = new Table({style: {head: [], border: []}, chars: {mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': ''}});
	for (const [key, value] of Object.entries(facts)) table.push([key, Array.isArray(value) ? value.join(', ') : String(value)]);
	if (Object.keys(facts).length > 0) printer.say(table.toString());
}
