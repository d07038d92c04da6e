/**
 * Twin of anchors/pipe_pingpong.py: main sends a number on one end of a
 * Pipe, a child sends it back on the other; R timed rounds after 2000
 * untimed ones. One round: t = now; send(i); recv(); rtt = now - t.
 */
import {Pipe, Process, shutdown} from '../src/index.ts';
import {intOptions, median, nowS, pct, report, round} from './common.ts';
import {pipeWorkersUrl} from './pipe-workers.ts';

// Both sides run the same untimed rounds first; V8 has compiled the hot path by the end of them.
const WARMUP = 2000;
const {
	values: {rounds},
} = intOptions({rounds: 10_000});

const [mine, theirs] = Pipe({name: 'ping'});
const child = new Process({module: pipeWorkersUrl(import.meta.url), target: 'pipeEcho', name: 'echo', args: [theirs]});
await child.start();
await theirs.close();

const rtts: number[] = [];
let echoed = 0;
for (let i = 0; i < WARMUP + rounds; i++) {
	const t = nowS();
	await mine.send(i);
	if ((await mine.recv()) === i) echoed++;
	if (i >= WARMUP) rtts.push(nowS() - t);
}
await mine.send(null);
const code = await child.join();
await shutdown();

const us = rtts.map(x => x * 1e6).sort((a, b) => a - b);
report({
	bench: 'pipe-pingpong',
	impl: 'sync-demo',
	rounds,
	median_rtt_us: round(median(us), 1),
	p90_rtt_us: round(pct(us, 0.9), 1),
	p99_rtt_us: round(pct(us, 0.99), 1),
	min_rtt_us: round(us[0]!, 1),
	correct: code === 0 && rtts.length === rounds && echoed === WARMUP + rounds,
});
