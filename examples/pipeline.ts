/**
 * A pipeline of stages, each its own process, joined by queues: a reader
 * makes words, a shouter upper-cases them, a printer prints them. Each
 * stage passes the `null` sentinel on when its input ends, so the whole
 * line shuts down in order.
 *
 *   npx sync-demo run examples/pipeline.ts -- the quick brown fox
 */
import {isMain, Process, Queue} from 'sync-demo';

export async function read(words: string[], out: Queue<string | null>): Promise<void> {
	for (const word of words) await out.put(word);
	await out.put(null);
}

export async function shout(input: Queue<string | null>, out: Queue<string | null>): Promise<void> {
	for (let word = await input.get(); word !== null; word = await input.get()) await out.put(`${word.toUpperCase()}!`);
	await out.put(null);
}

export async function print(input: Queue<string | null>): Promise<void> {
	let count = 0;
	for (let word = await input.get(); word !== null; word = await input.get()) {
		console.log(word);
		count++;
	}
	console.log(`${count} word(s) through the pipeline`);
}

if (isMain) {
	const words = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['processes', 'share', 'nothing', 'but', 'queues'];
	const raw = new Queue<string | null>({name: 'raw', maxsize: 2});
	const loud = new Queue<string | null>({name: 'loud', maxsize: 2});
	const stages = [
		new Process({module: import.meta.url, target: 'read', args: [words, raw], name: 'reader'}),
		new Process({module: import.meta.url, target: 'shout', args: [raw, loud], name: 'shouter'}),
		new Process({module: import.meta.url, target: 'print', args: [loud], name: 'printer'}),
	];
	for (const stage of stages) await stage.start();
	for (const stage of stages) await stage.join();
}
