/**
 * Twin of anchors/event_latency.py: ping-pong with two Events over R timed
 * rounds after 100 warm-up rounds. One round, in the main process:
 * t = now; ping.set(); pong.wait(); pong.clear(); rtt = now - t.
 */
import {Event, Process, shutdown} from '../src/index.ts';
import {intOptions, median, nowS, pct, report, round, workersUrl} from './common.ts';

const WARMUP = 100;
const {
	values: {rounds},
} = intOptions({rounds: 2000});

const ping = new Event({name: 'ping'});
const pong = new Event({name: 'pong'});
const total = WARMUP + rounds;
const child = new Process({module: workersUrl(import.meta.url), target: 'responder', name: 'responder', args: [ping, pong, total]});
await child.start();

const rtts: number[] = [];
for (let i = 0; i < total; i++) {
	const t = nowS();
	await ping.set();
	await pong.wait();
	await pong.clear();
	if (i >= WARMUP) rtts.push(nowS() - t);
}
const code = await child.join();
await shutdown();

const us = rtts.map(x => x * 1e6).sort((a, b) => a - b);
report({
	bench: 'event-latency',
	impl: 'sync-demo',
	rounds,
	median_rtt_us: round(median(us), 1),
	p90_rtt_us: round(pct(us, 0.9), 1),
	p99_rtt_us: round(pct(us, 0.99), 1),
	min_rtt_us: round(us[0]!, 1),
	mean_rtt_us: round(us.reduce((a, b) => a + b, 0) / us.length, 1),
	seconds: round(
		rtts.reduce((a, b) => a + b, 0),
		4,
	),
	correct: code === 0 && rtts.length === rounds,
});
