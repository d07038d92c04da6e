import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import type {Verdict} from '../../scenarios/kit/scenario.ts';
import type {Ending} from '../../src/cli/policy.ts';
import {exitStatus, finalVerdict} from '../../src/cli/policy.ts';

const safe: Verdict = {code: 'safe', sentence: 'no ticket sold twice', broken: false, defect: false};
const oversold: Verdict = {code: 'oversold', sentence: 'sold twice', broken: false, defect: true};
const lost: Verdict = {code: 'lost-items', sentence: 'items lost', broken: true, defect: true};
const hung: Verdict = {code: 'hang', sentence: 'the lesson: it hangs', broken: false, defect: true};

describe('verdict and exit status', () => {
	test("a run that ended by itself keeps the scenario's verdict", () => {
		for (const verdict of [safe, oversold, lost]) assert.equal(finalVerdict({kind: 'done'}, verdict), verdict);
		assert.equal(finalVerdict({kind: 'error'}, safe), safe);
	});

	test('a hang overrides a verdict that did not expect it; a scenario whose lesson is the hang keeps its own', () => {
		const ending: Ending = {kind: 'hang', lines: ['a is blocked', 'b is blocked']};
		assert.deepEqual(finalVerdict(ending, safe), {code: 'hang', sentence: 'a is blocked; b is blocked', broken: true, defect: true});
		assert.equal(finalVerdict(ending, hung), hung);
	});

	test('--timeout and an interrupt override everything, the interrupt most', () => {
		assert.equal(finalVerdict({kind: 'timeout', seconds: 3}, hung).code, 'timeout');
		assert.match(finalVerdict({kind: 'timeout', seconds: 3}, safe).sentence, /--timeout 3 s/);
		const interrupted = finalVerdict({kind: 'interrupt', signal: 'SIGINT'}, lost);
		assert.deepEqual(interrupted, {code: 'interrupted', sentence: 'stopped by SIGINT; facts are partial', broken: true, defect: false});
	});

	test('exit 0 for a lesson shown, 1 for a broken promise, a defect under --strict, a failed process or trace', () => {
		const base = {ending: {kind: 'done'} as Ending, strict: false, failedProcesses: 0, traceFailed: false};
		assert.equal(exitStatus({...base, verdict: safe}), 0);
		assert.equal(exitStatus({...base, verdict: oversold}), 0, 'the defect is the lesson');
		assert.equal(exitStatus({...base, verdict: oversold, strict: true}), 1);
		assert.equal(exitStatus({...base, verdict: lost}), 1);
		assert.equal(exitStatus({...base, verdict: safe, failedProcesses: 1}), 1);
		assert.equal(exitStatus({...base, verdict: safe, traceFailed: true}), 1);
	});

	test('an interrupt exits 128 + its signal, whatever else happened', () => {
		const base = {verdict: lost, strict: true, failedProcesses: 2, traceFailed: true};
		assert.equal(exitStatus({...base, ending: {kind: 'interrupt', signal: 'SIGINT'}}), 130);
		assert.equal(exitStatus({...base, ending: {kind: 'interrupt', signal: 'SIGTERM'}}), 143);
		assert.equal(exitStatus({...base, ending: {kind: 'interrupt', signal: 'SIGHUP'}}), 129);
		assert.equal(exitStatus({...base, ending: {kind: 'interrupt', signal: 'SIGPIPE'}}), 141);
	});
});
