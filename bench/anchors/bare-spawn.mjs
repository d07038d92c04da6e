/**
 * Anchor for bench/spawn.ts: what a bare child_process.fork costs. One trial
 * forks N children running an empty module at once and waits for every
 * exit; the median of --trials trials follows one untimed warm-up fork.
 * Each fork boots a whole Node runtime with an IPC channel, as our Process
 * does before it adds its own start and exit handshakes.
 */
import {fork} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {parseArgs} from 'node:util';

const {values} = parseArgs({
	options: {
		procs: {type: 'string', default: '10'},
		trials: {type: 'string', default: '5'},
	},
});
const procs = Number(values.procs);
const trials = Number(values.trials);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-anchor-spawn-'));
const empty = path.join(dir, 'empty.mjs');
fs.writeFileSync(empty, '');

async function trial(n) {
	const t = process.hrtime.bigint();
	const codes = await Promise.all(Array.from({length: n}, () => new Promise(resolve => fork(empty).once('exit', resolve))));
	if (codes.some(code => code !== 0)) throw new Error(`child exit codes ${codes.join(',')}`);
	return Number(process.hrtime.bigint() - t) / 1e6;
}

const ms = [];
try {
	await trial(1);
	for (let i = 0; i < trials; i++) ms.push(await trial(procs));
} finally {
	fs.rmSync(dir, {recursive: true, force: true});
}
ms.sort((a, b) => a - b);
const mid = ms.length >> 1;
const median = ms.length % 2 ? ms[mid] : (ms[mid - 1] + ms[mid]) / 2;
console.log(
	JSON.stringify({
		bench: 'spawn',
		impl: 'node-child_process.fork',
		procs,
		trials,
		median_total_ms: Number(median.toFixed(2)),
		min_total_ms: Number(ms[0].toFixed(2)),
		median_ms_per_proc: Number((median / procs).toFixed(2)),
		correct: true,
	}),
);
