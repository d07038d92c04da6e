/**
 * Twin of anchors/bare-spawn.mjs: start N of our Process (an empty exported
 * function) at once and join them all; median of --trials trials after one
 * untimed warm-up. Includes what our Process adds over a bare fork: the
 * child runtime, the start message, importing the target module, the exit
 * handshake.
 */
import {Process, shutdown} from '../src/index.ts';
import {intOptions, median, report, round, workersUrl} from './common.ts';

const {
	values: {procs, trials},
} = intOptions({procs: 10, trials: 5});
const module = workersUrl(import.meta.url);

async function trial(n: number): Promise<number> {
	const t = process.hrtime.bigint();
	const children = Array.from({length: n}, () => new Process({module, target: 'noop'}));
	await Promise.all(children.map(child => child.start()));
	const codes = await Promise.all(children.map(child => child.join()));
	if (codes.some(code => code !== 0)) throw new Error(`child exit codes ${codes.join(',')}`);
	return Number(process.hrtime.bigint() - t) / 1e6;
}

await trial(1);
const ms: number[] = [];
for (let i = 0; i < trials; i++) ms.push(await trial(procs));
await shutdown();
const med = median(ms);
report({
	bench: 'spawn',
	impl: 'sync-demo',
	procs,
	trials,
	median_total_ms: round(med, 2),
	min_total_ms: round(Math.min(...ms), 2),
	median_ms_per_proc: round(med / procs, 2),
	correct: true,
});
