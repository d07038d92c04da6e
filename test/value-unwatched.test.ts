/**
 * The `+= 1` race with nobody listening to the run (the locks' fast paths
 * may then be taken): the same outcomes as watched, lost updates without the
 * lock and an exact count under getLock().
 */
import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {Process} from '../src/index.ts';
import {SharedArray, Value} from '../src/index.ts';
import {Run} from '../src/run/run.ts';
import {endUnwatchedRun} from './support/use-run.ts';
import {RACE_TIMES, RACERS, raceItems, raceValue} from './support/value-race.ts';

test('with nobody watching: without the lock updates are lost, under getLock() the count is exact, for a Value and per item of a SharedArray', async () => {
	const run = Run.current();
	const procs: Process[] = [];
	const unlocked = new Value('i', 0, {lock: false});
	procs.push(...(await raceValue(unlocked, RACE_TIMES, false)));
	assert.ok(unlocked.value < RACERS * RACE_TIMES, `updates lost: counter is ${unlocked.value} of ${RACERS * RACE_TIMES}`);
	assert.ok(unlocked.value > 0, `the counter moved: ${unlocked.value}`);

	const locked = new Value('i', 0);
	procs.push(...(await raceValue(locked, 2000, true)));
	assert.equal(locked.value, RACERS * 2000);

	const items = new SharedArray('i', 3);
	procs.push(...(await raceItems(items, 500, true)));
	assert.deepEqual(items.toArray(), [RACERS * 500, RACERS * 500, RACERS * 500]);

	await endUnwatchedRun(run, procs);
});
