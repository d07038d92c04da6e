/** The producer/consumer lessons and JoinableQueue, in English. */
export const lessonsPc = {
	'pc-v0': {
		summary: 'producer/consumer, first version: the consumer never learns the producer is done and hangs',
		explain: [
			'The producer makes 10 items, one per second; the consumer takes one every 2 s with a blocking get().',
			'After the last item the consumer calls get() again on an empty queue that nobody will ever fill: the program hangs. Python leaves you at a silent terminal; sync-demo names the blocked process and ends the run.',
			'The next versions fix it: an exception (pc-v1) or a sentinel (pc-v2).',
		],
		lines: {
			produced: (i: number) => `produced item ${i}`,
			took: (item: string) => `consumer took item ${item}`,
		},
		hangHint: "the consumer loops on get() forever; the tutorial's next versions end it with an exception (pc-v1) or a sentinel (pc-v2)",
	},
	'pc-v1': {
		summary: 'producer/consumer, version 1: the consumer stops on the first Empty — possibly too early',
		explain: [
			"The consumer uses getNowait() (Python's get(False)) and stops at the first Empty exception.",
			'That ends the hang of pc-v0, but Empty only means "empty right now". With the tutorial\'s delays the consumer (every 2 s) is slower than the producer (every 1 s) and takes everything; make it faster than the producer, e.g. --consumer-delay 0.5, and it stops while items are still coming: they are left in the queue. Compare pc-v2.',
		],
		lines: {
			stops: 'queue empty: the consumer stops',
		},
	},
	'pc-v2': {
		summary: 'producer/consumer, version 2: a null sentinel tells the consumer to stop',
		explain: [
			"An agreed end signal (null, Python's None) is put after the last item. The consumer stops when it takes it, and not before: nothing is left behind, nothing hangs.",
			'--sentinel-from producer: the producer puts it; --sentinel-from main: the main process puts it after joining the producer.',
		],
		lines: {
			ready: (i: number) => `item ${i} is ready`,
		},
	},
	'pc-v3': {
		summary: 'several producers and consumers: main sends one sentinel per consumer after joining all producers',
		explain: [
			'With three consumers, one sentinel stops only one of them: every consumer needs its own.',
			'The main process joins every producer first (so no item can come after a sentinel), then puts one null per consumer.',
		],
		lines: {
			made: (p: number, i: number) => `producer ${p} made item ${i}`,
			took: (c: number, i: number, p: number) => `consumer ${c} took item ${i} of producer ${p}`,
			mainDone: 'main is done',
		},
	},
	joinable: {
		summary: 'JoinableQueue: the producer join()s the queue until the daemon consumer marks every task done',
		explain: [
			'A JoinableQueue counts unfinished tasks: put() adds one, taskDone() removes one, join() waits for zero.',
			'The producer puts 10 items and a sentinel, then join()s: it returns when the consumer has processed all of them.',
			"The consumer is a daemon: it is stopped when the main process's work ends, after the producer has joined.",
		],
		lines: {
			waitingHere: 'every task is done: waiting here...',
			mainEnds: 'main ends',
		},
	},
};
