/**
 * Twin of anchors/barrier.py: P processes pass one Barrier(P) C times.
 * Every cycle hands out each index 0..P-1 once, so over the run each index
 * must come back exactly C times in all; the broker must count C cycles.
 * The clock runs from "go" to the last "done".
 */
import {Barrier, shutdown} from '../src/index.ts';
import {intOptions, report, round} from './common.ts';
import {goDone} from './crew.ts';

const {
	values: {parties, cycles},
} = intOptions({parties: 4, cycles: 2000});

const module = new URL(import.meta.url.endsWith('.ts') ? './barrier-worker.ts' : './barrier-worker.js', import.meta.url);
const barrier = new Barrier(parties, {name: 'bench'});
const {seconds, done: counts, codes} = await goDone<number[]>(module, 'barrierWorker', parties, [barrier, cycles], 'party');
const info = await barrier.info();
await shutdown();

const perIndex = Array.from({length: parties}, (_, index) => counts.reduce((sum, got) => sum + (got[index] ?? 0), 0));
report({
	bench: 'barrier',
	impl: 'sync-demo',
	parties,
	cycles,
	seconds: round(seconds, 4),
	cycles_per_s: round(cycles / seconds, 1),
	correct: perIndex.every(n => n === cycles) && info.cycles === cycles && !info.broken && codes.every(code => code === 0),
});
