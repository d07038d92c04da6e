/** A program's verdict, from how its run ended and what it recorded. */
import type {Verdict} from '../../../scenarios/kit/scenario.ts';
import type {Catalogue} from '../../lang/index.ts';
import type {RunEvent} from '../../run/run.ts';
import type {Ending} from '../policy.ts';
import {finalVerdict} from '../policy.ts';
import type {Ended} from '../session.ts';
import type {BlockedCall} from './deadlock.ts';
import {findDeadlock} from './deadlock.ts';

export interface VerdictInput {
	ending: Ending;
	events: readonly RunEvent[];
	/** Who waited on what when the run hung, and the explanation. */
	waits?: readonly BlockedCall[];
	hang?: readonly string[];
	crashed: NonNullable<Ended['crashed']>;
	killed: NonNullable<Ended['killed']>;
	/** Children that still ran when the main code returned. */
	leaked: readonly string[];
	/** Children the program started. */
	children: number;
	/** The exit status the main code left. */
	status: number;
}

/**
 * `interrupted` or `timeout` as for a scenario; else `deadlock` or `hang`
 * (broken), `crashed` (broken), `leaked` (a defect: exit 1 under --strict),
 * `clean`.
 */
export function programVerdict(catalogue: Catalogue, input: VerdictInput): Verdict {
	const {ending} = input;
	const verdicts = catalogue.program.verdicts;
	if (ending.kind === 'hang') {
		const cycle = findDeadlock(input.waits ?? [], input.events);
		return cycle
			? {code: 'deadlock', sentence: verdicts.deadlock(cycle), broken: true, defect: true}
			: {code: 'hang', sentence: (input.hang ?? ending.lines).join('; '), broken: true, defect: true};
	}
	return finalVerdict(ending, ownVerdict(catalogue, input), catalogue.tool.verdicts);
}

function ownVerdict(catalogue: Catalogue, {crashed, killed, leaked, children, status}: VerdictInput): Verdict {
	const verdicts = catalogue.program.verdicts;
	const {who: named} = catalogue.tool;
	if (crashed.length > 0 || killed.length > 0) {
		const who = [
			...crashed.map(crash =>
				crash.error !== undefined
					? verdicts.crashedMain(crash.proc, crash.stack?.[0] ?? crash.error)
					: verdicts.crashedChild(named(crash.proc, crash.pid), crash.code, crash.stack?.[0]),
			),
			...killed.map(kill => verdicts.killedChild(named(kill.proc, kill.pid), kill.signal)),
		];
		return {code: 'crashed', sentence: verdicts.crashed(who), broken: true, defect: true};
	}
	if (leaked.length > 0) return {code: 'leaked', sentence: verdicts.leaked(leaked), broken: false, defect: true};
	return {code: 'clean', sentence: verdicts.clean(children, status), broken: false, defect: false};
}
