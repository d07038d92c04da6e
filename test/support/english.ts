/**
 * Finds English left in output meant to be Chinese: every ASCII word of two
 * letters or more must be a name — of a scenario, option, process,
 * primitive, API call, signal or verdict — or a proper noun the tool uses.
 * Lines of a code listing (`explain --code`) are code, not sentences.
 */

/** The gutter of a line of a code listing. */
export const CODE_GUTTER = /^\s*\d*\s*│/;

/** Processes the scenarios start, by the names they give them. */
const PROCESS =
	/^(?:main|light|boy|girl|producer|consumer|worker|(?:client|worker|customer|car|putter|getter|producer|consumer|philosopher|runner)-[\d.]+|pinger|ponger|reader|writer)$/;

/** Numbered primitives the scenarios make, by the names they give them. */
const INSTANCE = /^fork-\d+$/;

/** Names that are not English prose: primitives (classes and instances), Python's values and errors, verdict codes, proper nouns. */
const NAMES = new Set([
	// primitives and their instances in the scenarios
	'Lock',
	'RLock',
	'Semaphore',
	'Event',
	'Queue',
	'JoinableQueue',
	'RLock',
	'multiprocessing.RLock',
	'BoundedSemaphore',
	'Condition',
	'Barrier',
	'Value',
	'v.value',
	'Pipe',
	'BrokenBarrierError',
	'EOFError',
	'Process',
	'db-lock',
	'start-line',
	'start-barrier',
	'buffer',
	'buffer-lock',
	'print-lock',
	'machines',
	'receipts',
	'light',
	// API names written without their parentheses (the tutorial's own 我在wait之前!), parameters
	'wait',
	'maxsize',
	// Python's values and exceptions
	'Empty',
	'Full',
	'None',
	'True',
	'False',
	'null',
	'ValueError',
	'OSError',
	'NotImplementedError',
	'Abandoned',
	// verdict codes
	'safe',
	'oversold',
	'interleaved',
	'serialized',
	'within-limit',
	'over-limit',
	'obeyed',
	'ran-red',
	'fifo',
	'delivered',
	'out-of-order',
	'api-broken',
	'complete',
	'left-in-queue',
	'lost-items',
	'duplicated',
	'hang',
	'no-hang',
	'deadlock',
	'fed',
	'hungry',
	'fork-shared',
	'self-deadlock',
	'reentered',
	'stuck',
	'lost-updates',
	'exact',
	'together',
	'broken',
	'early-start',
	'underflow',
	'overflow',
	'incomplete',
	'exchanged',
	'lost',
	'no-eof',
	'ends-not-one-way',
	// option values shown in a run's header
	'ordered',
	'butler',
	'if',
	'interrupted',
	'timeout',
	// verdict codes of `sync-demo run`
	'clean',
	'deadlock',
	'crashed',
	'leaked',
	// proper nouns
	'sync-demo',
	'Python',
	'TypeScript',
	'Node',
	'Dijkstra',
	'JSON',
	'commander',
	'Ctrl-C',
	'Windows',
	'macOS',
	'IPC',
	'nzb', // the tutorial's author
	'JoinableQuene', // a heading of the tutorial, as it spells it
	// commands
	'explain',
	'run',
	'list',
	'multiprocessing',
]);

/** Python's time.asctime() in the tutorial's queue-safety lines: "Sat Nov 28 15:38:07 2026". */
const ASCTIME = /\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b/g;

/** The lines of `output` that hold an English word; `names` adds the scenarios' names and aliases. */
export function englishLines(output: string, names: Iterable<string> = []): string[] {
	const known = new Set([...NAMES, ...names]);
	// Code quoted in a sentence (`with lock:`), even when the sentence was wrapped inside it.
	const prose = output.replace(/`[^`]*`/g, quoted => quoted.replace(/[^\n]/g, ' '));
	return prose.split('\n').filter(line => {
		if (CODE_GUTTER.test(line)) return false;
		const rest = line
			.replace(ASCTIME, ' ')
			.replace(/[\w.]+\([^()]*\)/g, ' ') // calls: get(), queue.get(), get(False)
			.replace(/--[\w-]+/g, ' ') // options
			.replace(/\{[^}]*\}/g, ' ') // literals: {"count": 1}
			.replace(/[\w.-]*\/[\w./-]+/g, ' '); // paths: scenarios/pc-v0.ts
		const words = rest.match(/[A-Za-z][\w.'-]*/g) ?? [];
		return words.some(raw => {
			const word = raw.replace(/[.'-]+$/, '');
			return /[A-Za-z].*[A-Za-z]/.test(word) && !known.has(word) && !PROCESS.test(word) && !INSTANCE.test(word) && !/^SIG[A-Z]+$/.test(word);
		});
	});
}
