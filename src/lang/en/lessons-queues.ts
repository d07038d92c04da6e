/** The queue lessons, in English. */
export const lessonsQueues = {
	'queue-basics': {
		summary: 'the Queue API: put, putNowait → Full, full(), get, getNowait → Empty, empty()',
		explain: [
			'Processes are isolated from each other. For them to talk (IPC), multiprocessing offers queues and pipes, both passing messages. A queue is like a list that may have a fixed length: first in, first out.',
			"Queue([maxsize]): maxsize is the most items it holds; without it, no limit. Python builds it from a pipe and locks, plus a feeder thread that moves items into the pipe. Here new Queue({maxsize}): the main process's broker holds the items and each child reaches it through its IPC channel; there is no feeder thread.",
			'put(item[, block[, timeout]]) waits while the queue is full; with block False, or when the timeout runs out, it raises Full. put_nowait() is put(False). Here put(x, {timeout}) and putNowait(x).',
			'get([block[, timeout]]) waits while the queue is empty; with block False, or when the timeout runs out, it raises Empty. get_nowait() is get(False). Here get({timeout}) and getNowait().',
			'qsize(), empty() and full() answer for the moment they are asked: with other processes at the queue, the answer may be stale by the time you act on it. qsize() even raises NotImplementedError on some systems (macOS). Here await qsize() always answers — and is just as stale.',
			'close(): this process will put nothing more; what it already put still goes out. Closing tells the consumers nothing: a consumer blocked in get() stays blocked. Here await close(), and a get() blocked elsewhere stays blocked too (hang detection names it).',
			"join_thread() waits, after close(), until the feeder thread has flushed everything into the pipe; cancel_join_thread() keeps a process from waiting for it at exit (and may lose items). Neither exists here: with no feeder thread, once put() has resolved the item leaves with the process's next message, even if it exits at once.",
			'The program: put 1, 2, 3 into Queue(3); put_nowait(4) raises Full and that message is dropped (so look at full() before putting); get() three times; get_nowait() raises Empty; empty() is True.',
		],
		lines: {
			full: 'the queue is full!',
			isFull: (value: boolean) => `full(): ${value}`,
			empty: 'the queue is empty',
			isEmpty: (value: boolean) => `empty(): ${value}`,
		},
		verdict: {
			broken: (facts: string) => `unexpected behaviour: ${facts}`,
			fifo: (got: string) => `putNowait() on a full queue raised Full, items came back in order ${got}, getNowait() on an empty queue raised Empty`,
		},
	},
	'queue-message': {
		summary: 'a boy and the teacher send messages through one queue; the girl reads both',
		explain: [
			'Processes share no memory: a Queue carries messages between them.',
			'The boy puts "lunch together?"; the main process, the teacher, waits a second and puts its own message; the girl get()s twice — each get() waits until a message is there — and prints both, in the order they were put.',
			"At a high --speed the teacher's second can be shorter than the boy's start-up, and the order swaps: the verdict compares the order they were put with the order they were read.",
		],
		lines: {
			boyMessage: 'lunch together?',
			teacherMessage: 'pay attention in class, no daydreaming!',
			fromBoy: 'message from the boy >>> ',
			teacherStare: "the teacher's stare >>> ",
		},
		verdict: {
			lost: (sent: number, received: number) => `${sent} messages sent, ${received} received`,
			outOfOrder: (put: string, read: string) => `put by ${put} but read from ${read}`,
			delivered: (order: string, left: number) => `both messages reached the girl in the order they were put (${order}); ${left} left in the queue`,
		},
	},
	'queue-safety': {
		summary: 'ten putters and ten getters share a Queue(3); every item is taken exactly once',
		explain: [
			'A queue is process-safe: each item goes to one process, and once one has it, no other can get it. The queue does the locking.',
			'Ten processes each put one message ("pid(put):time") into Queue(3) — the fourth putter waits for room; ten processes each get one and print it. Main joins them all. (The tutorial calls freeze_support() for Windows; not needed here.)',
			"Every message is taken exactly once. With uneven --putters and --getters the run ends as Python's would: more putters leave items in the queue (left-in-queue), or — more than the queue holds — wait for good on a full one (hang); more getters wait for good on an empty one (hang). Both show what the counts do: the lesson, exit 0.",
		],
		hangHint: 'the counts are uneven: extra getters wait for items nobody will put, extra putters for room in a full queue nobody will empty',
	},
};
