/** The producer/consumer lessons and JoinableQueue, in English. */
export const lessonsPc = {
	'pc-v0': {
		summary: 'producer/consumer, first version: the consumer never learns the producer is done and hangs',
		explain: [
			"The producer/consumer pattern solves most concurrency problems: it balances how fast data is made and how fast it is used, which raises the whole program's throughput.",
			'Why: with a fast producer and a slow consumer, the producer must wait for the consumer before making more; with a fast consumer, the consumer waits for the producer.',
			'How: producer and consumer do not talk to each other. They talk through a blocking queue: the producer hands its data to the queue and goes on, the consumer takes from the queue instead of asking the producer. The queue is a buffer that evens out the two speeds — and decouples them: you can choose how many producers feed how many consumers.',
			'The first version: the producer makes 10 items, one a second, into Queue(20) (the buffer); the consumer loops for ever, taking one every 2 s with a blocking get().',
			'After the last item the consumer calls get() again on a queue nobody will ever fill: the program hangs. Python leaves you at a silent terminal; sync-demo names the blocked process and ends the run. The next versions end the consumer with an exception (pc-v1) or a sentinel (pc-v2).',
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
			"The consumer calls get(False) (the same as get_nowait()) and leaves its loop at the exception. Here getNowait(), catching Empty — the tutorial's bare except: would also end the loop, silently, on any other error.",
			'That ends the hang of pc-v0, but Empty only means "empty right now", not "the producer is done". With the tutorial\'s delays the consumer (every 2 s) is slower than the producer (every 1 s) and takes everything.',
			'Make it faster, e.g. --consumer-delay 0.5: it stops while items are still coming, and they stay in the queue (left-in-queue). With more items than the queue holds (20), the producer then waits for good on a full queue (hang). Both are the lesson (exit 0); pc-v2 fixes it.',
		],
		lines: {
			stops: 'getNowait() raised Empty: the consumer stops',
		},
		hangHint: 'the consumer stopped at its first Empty; the producer filled the queue (maxsize 20) and no live process will ever get from it',
	},
	'pc-v2': {
		summary: 'producer/consumer, version 2: a null sentinel tells the consumer to stop',
		explain: [
			"A sentinel: an agreed end signal (Python's None, here null) put after the last item. The consumer stops when it takes it, and not before: nothing is left behind, nothing hangs.",
			'The first way: the producer puts it as its last act (--sentinel-from producer). The second: main join()s the producer, then puts it (--sentinel-from main).',
			'The output names the sentinel where it travels: "put the sentinel null" and "got the sentinel null".',
		],
		lines: {
			ready: (i: number) => `item ${i} is ready`,
			putSentinel: 'put the sentinel null: no more items',
			gotSentinel: 'got the sentinel null: the consumer stops',
		},
	},
	'pc-v3': {
		summary: 'several producers and consumers: main sends one sentinel per consumer after joining all producers',
		explain: [
			'With several consumers one sentinel stops only one of them: put as many sentinels as there are consumers (as many as there will be get()s waiting for one).',
			'Main must join() every producer first, so that no item comes after a sentinel; then it puts one null per consumer, and prints that it is done.',
			'Here three producers make 10 items each into Queue(50); three consumers take without delay.',
		],
		lines: {
			made: (p: number, i: number) => `producer ${p} made item ${i}`,
			took: (c: number, i: number, p: number) => `consumer ${c} took item ${i} of producer ${p}`,
			mainDone: 'main is done',
			putSentinel: (k: number, n: number) => `put sentinel null ${k} of ${n}`,
			gotSentinel: (c: number) => `consumer ${c} got a sentinel null: it stops`,
		},
	},
	joinable: {
		summary: 'JoinableQueue: the producer join()s the queue until the daemon consumer marks every task done',
		explain: [
			"JoinableQueue([maxsize]) is a Queue whose consumers tell the producers that an item has been processed. Python does it with a shared semaphore and a condition variable; here the main process's broker counts.",
			'task_done(): the consumer says that an item it got is processed; called more often than items were taken, it raises ValueError. join(): blocks the producer until every item put has had its task_done(). Here taskDone() and join().',
			'The program: the producer puts 10 items and a None, then join()s, and prints "waiting here..." once everything is processed. The consumer takes, prints and task_done()s each item (and the None). It is a daemon; main joins the producer and ends.',
			'So main starts, the producer works, the consumer follows; when the producer is done, main ends — and the daemon consumer with it.',
			'But the consumer has already left at the None, so its being a daemon never shows (in the tutorial either). --without-sentinel: no None is put; the consumer is still in its loop (sleeping, or blocked in get()) when main ends, and is stopped with main — that is what daemon = True does. A non-daemon consumer would hang there, as in pc-v0.',
		],
		lines: {
			waitingHere: 'every task is done: waiting here...',
			mainEnds: 'main ends',
			daemonStops: 'the consumer, a daemon, never leaves its loop on its own: it is stopped with main',
		},
		verdict: {
			daemonStopped: (sentence: string) => `${sentence}; the daemon consumer, still in its loop, was stopped when main ended`,
		},
	},
};
