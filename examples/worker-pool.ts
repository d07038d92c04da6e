/**
 * A pool of workers over one Queue: main puts the tasks, then one `null`
 * per worker — the sentinel that tells a worker there is nothing more —
 * and collects the results from a second queue.
 *
 *   npx sync-demo run examples/worker-pool.ts
 */
import {isMain, Process, Queue} from 'sync-demo';

const WORKERS = 3;
const TASKS = 9;

export async function worker(tasks: Queue<number | null>, results: Queue<string>): Promise<void> {
	for (;;) {
		const n = await tasks.get();
		if (n === null) break; // the sentinel: no more tasks
		await new Promise(resolve => setTimeout(resolve, 20 + n * 10)); // the work
		await results.put(`${n}² = ${n * n}`);
	}
	console.log('no more tasks, leaving');
}

if (isMain) {
	const tasks = new Queue<number | null>({name: 'tasks'});
	const results = new Queue<string>({name: 'results'});
	const workers = Array.from(
		{length: WORKERS},
		(_, i) => new Process({module: import.meta.url, target: 'worker', args: [tasks, results], name: `worker-${i}`}),
	);
	for (const w of workers) await w.start();
	for (let n = 1; n <= TASKS; n++) await tasks.put(n);
	for (let i = 0; i < WORKERS; i++) await tasks.put(null); // one sentinel per worker
	for (let i = 0; i < TASKS; i++) console.log(await results.get());
	for (const w of workers) await w.join();
}
