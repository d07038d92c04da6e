/** The queue lessons, in English. */
export const lessonsQueues = {
	'queue-basics': {
		summary: 'the Queue API: put, putNowait → Full, full(), get, getNowait → Empty, empty()',
		explain: [
			'Queue(3) holds at most three items. put() waits while it is full; putNowait() fails with Full instead.',
			'get() waits while it is empty; getNowait() fails with Empty instead. full() and empty() look without waiting, but their answer may be stale by the time you act on it when other processes use the queue.',
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
			'Processes share no memory; a Queue carries messages between them.',
			'The boy puts "lunch together?"; the main process (the teacher) puts its message one second later; the girl get()s twice and receives both, in the order they were put.',
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
			'A Queue is process-safe: many processes may put and get at once, and the queue does the locking.',
			'Ten processes each put one message into a Queue(3) (the fourth putter waits for room); ten processes each get one. Every message is taken by exactly one getter.',
		],
		hangHint: 'there are more getters than putters: the extra getters wait for items nobody will put',
	},
};
