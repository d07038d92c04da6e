import os from 'node:os';
import type {Verdict} from '../../scenarios/kit/scenario.ts';
import type {Catalogue} from '../lang/index.ts';
import {texts} from '../lang/index.ts';

/** How a run ended, as far as the verdict and the exit status care. */
export type Ending =
	| {kind: 'done'}
	| {kind: 'error'}
	| {kind: 'hang'; lines: readonly string[]}
	| {kind: 'timeout'; seconds: number}
	| {kind: 'interrupt'; signal: NodeJS.Signals};

/** The run's verdict: the scenario's own, unless the run hung, hit --timeout or was interrupted (in rising order of precedence). */
export function finalVerdict(ending: Ending, scenario: Verdict, say: Catalogue['tool']['verdicts'] = texts('en').tool.verdicts): Verdict {
	switch (ending.kind) {
		case 'interrupt':
			return {code: 'interrupted', sentence: say.interrupted(ending.signal), broken: true, defect: false};
		case 'timeout':
			return {code: 'timeout', sentence: say.timeout(ending.seconds), broken: true, defect: true};
		case 'hang':
			return scenario.code === 'hang' || scenario.ofHang ? scenario : {code: 'hang', sentence: ending.lines.join('; '), broken: true, defect: true};
		default:
			return scenario;
	}
}

/**
 * The exit status: 128 + the signal of an interrupt; else 1 when the verdict
 * breaks the mode's promise, when --strict meets a demonstrated defect, when
 * a process crashed or was killed from outside, or the trace could not be
 * written; else 0.
 */
export function exitStatus(input: {ending: Ending; verdict: Verdict; strict: boolean; failedProcesses: number; traceFailed: boolean}): number {
	if (input.ending.kind === 'interrupt') return 128 + (os.constants.signals[input.ending.signal] ?? 2);
	const {verdict} = input;
	return verdict.broken || (input.strict && verdict.defect) || input.failedProcesses > 0 || input.traceFailed ? 1 : 0;
}
