/** The `+= 1` race on a shared Value or SharedArray: N processes released together by one Event, then joined. */
import assert from 'node:assert/strict';
import type {SharedArray, Value} from '../../src/index.ts';
import {Event, Process} from '../../src/index.ts';
import {fixtures} from './fixtures.ts';

export const RACERS = 4;

/**
 * Increments per process in the unlocked race: a few hundred ms of
 * back-to-back pread/pwrite per process, so that the four overlap on any
 * machine (released together, they share 2 cores for far longer than a
 * time slice) and the lost updates are certain in practice.
 */
export const RACE_TIMES = 100_000;

/** `RACERS` processes do `value.value += 1` `times` times each (under its lock when `locked`); returns the processes, joined. */
export async function raceValue(value: Value<'i'>, times: number, locked: boolean): Promise<Process[]> {
	return race('incrementValue', value, times, locked);
}

/** `RACERS` processes add 1 to every item of `array`, `times` rounds each. */
export async function raceItems(array: SharedArray<'i'>, times: number, locked: boolean): Promise<Process[]> {
	return race('incrementItems', array, times, locked);
}

async function race(target: string, shared: Value<'i'> | SharedArray<'i'>, times: number, locked: boolean): Promise<Process[]> {
	const gate = new Event();
	const processes = Array.from(
		{length: RACERS},
		(_, i) => new Process({module: fixtures.value, target, args: [gate, shared, times, locked], name: `${locked ? 'locked' : 'racer'}-${i}`}),
	);
	for (const p of processes) await p.start();
	await gate.set();
	for (const p of processes) assert.equal(await p.join(), 0, `${p.name} exit code`);
	return processes;
}
