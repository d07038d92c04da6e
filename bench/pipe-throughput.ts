/**
 * Twin of anchors/pipe_throughput.py: main sends 0..N-1 on one end of a
 * Pipe, then null; a child receives them all and sends back how many came
 * and their sum. The clock runs from the first send to that answer.
 */
import {Pipe, Process, shutdown} from '../src/index.ts';
import {intOptions, nowS, report, round} from './common.ts';
import {pipeWorkersUrl} from './pipe-workers.ts';

const {
	values: {messages},
} = intOptions({messages: 200_000});

const [mine, theirs] = Pipe({name: 'stream'});
const child = new Process({module: pipeWorkersUrl(import.meta.url), target: 'pipeSink', name: 'sink', args: [theirs]});
await child.start();
await theirs.close();
// A hello and its answer first, so the clock starts with both sides set up, as in the anchor.
await mine.send('hello');
const hello = await mine.recv();
const t = nowS();
for (let i = 0; i < messages; i++) await mine.send(i);
await mine.send(null);
const answer = await mine.recv<{n: number; sum: number}>();
const seconds = nowS() - t;
const code = await child.join();
await shutdown();

report({
	bench: 'pipe-throughput',
	impl: 'sync-demo',
	messages,
	msgs_per_s: round(messages / seconds, 0),
	seconds: round(seconds, 4),
	correct: code === 0 && hello === 'hello' && answer.n === messages && answer.sum === (messages * (messages - 1)) / 2,
});
