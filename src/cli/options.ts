import type {Command} from 'commander';
import {Option} from 'commander';
import type {OptionSpec, Options, Scenario} from '../../scenarios/kit/scenario.ts';
import type {Lang} from '../lang/index.ts';
import {defaultLang} from '../lang/index.ts';
import type {GlobalOptions} from './session.ts';
import {terminalWidth} from './text.ts';
import {integer, positiveNumber} from './validate.ts';

// The command line's options, turned into what a run is given.

/** Most processes a single run may start. */
const MAX_PROCESSES = 1000;
export const FAST_SPEED = 20;

/** Bad usage found after commander parsed the line: exit 2. */
export class UsageError extends Error {}

/** The run's language: --lang, else SYNC_DEMO_LANG or the locale (a bad SYNC_DEMO_LANG is bad usage). */
export function langOf(raw: Record<string, unknown>): Lang {
	if (raw.lang !== undefined) return raw.lang as Lang;
	try {
		return defaultLang();
	} catch (error) {
		throw new UsageError((error as Error).message);
	}
}

export function addSpec(command: Command, spec: OptionSpec): void {
	const option = new Option(spec.flag, spec.description);
	switch (spec.kind) {
		case 'flag':
			break;
		case 'count':
			option.argParser(integer(spec.flag.split(' ')[0]!, spec.min ?? 1, spec.max)).default(spec.default);
			break;
		case 'number':
			option.argParser(positiveNumber(spec.flag.split(' ')[0]!, spec.max)).default(spec.default);
			break;
		case 'choice':
			option.choices(spec.choices).default(spec.default);
			break;
	}
	command.addOption(option);
}

export function scenarioOptions(scenario: Scenario, raw: Record<string, unknown>): Options {
	const options: Options = {};
	for (const spec of scenario.options) {
		// Where commander keeps it: `--no-show <n>` under `show`, not `noShow`.
		const value = raw[new Option(spec.flag).attributeName()];
		options[spec.key] = spec.kind === 'flag' ? Boolean(value) : (value as number | string);
	}
	const problem = scenario.check?.(options);
	if (problem) throw new UsageError(problem);
	const processes = scenario.processes(options);
	if (processes > MAX_PROCESSES) throw new UsageError(`${scenario.name} with these options would start ${processes} processes; the limit is ${MAX_PROCESSES}`);
	return options;
}

export async function globals(raw: Record<string, unknown>): Promise<GlobalOptions> {
	if (raw.fast && raw.speed !== undefined) throw new UsageError(`--fast and --speed cannot be combined: --fast means --speed ${FAST_SPEED}`);
	const speed = raw.fast ? FAST_SPEED : ((raw.speed as number | undefined) ?? 1);
	const seed = (raw.seed as number | undefined) ?? Math.floor(Math.random() * 2 ** 31);
	return {
		env: {speed, seed, lang: langOf(raw)},
		json: Boolean(raw.json),
		quiet: Boolean(raw.quiet),
		strict: Boolean(raw.strict),
		color: (await import('./output.ts')).colorLevel(raw.color === false),
		...(raw.timeout === undefined ? {} : {timeout: raw.timeout as number}),
		...(raw.trace === undefined ? {} : {trace: raw.trace as string}),
		timeline: Boolean(raw.timeline),
		width: terminalWidth(),
	};
}

/** A trace that cannot be written is bad input, found before the run starts rather than after it. */
export async function checkTraceTarget(file: string | undefined): Promise<void> {
	if (file === undefined) return;
	const problem = (await import('./trace.ts')).traceTargetProblem(file);
	if (problem) throw new UsageError(`--trace: ${problem}`);
}
