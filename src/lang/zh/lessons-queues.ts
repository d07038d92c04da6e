/** 队列的课 (中文)。 */
import type {Catalogue} from '../en/index.ts';

type Lessons = Catalogue['scenarios'];

export const lessonsQueues: Pick<Lessons, 'queue-basics' | 'queue-message' | 'queue-safety'> = {
	'queue-basics': {
		summary: 'Queue 的方法: put, putNowait → Full, full(), get, getNowait → Empty, empty()',
		explain: [
			'Queue(3) 最多容纳三项。队列满时 put() 等待; putNowait() 则抛出 Full。',
			'队列空时 get() 等待; getNowait() 则抛出 Empty。full() 和 empty() 只看一眼、不等待, 但有其他进程同时使用队列时, 等你根据结果行动时它可能已经过时了。',
		],
		lines: {
			full: '队列已经满了!',
			isFull: value => (value ? 'True' : 'False'),
			empty: '队列已经空了',
			isEmpty: value => (value ? 'True' : 'False'),
		},
		verdict: {
			broken: facts => `出乎意料的行为: ${facts}`,
			fifo: got => `对满队列的 putNowait() 抛出了 Full, 取出的顺序是 ${got}, 对空队列的 getNowait() 抛出了 Empty`,
		},
	},
	'queue-message': {
		summary: '男孩和班主任通过同一个队列发消息; 女孩两条都读到',
		explain: [
			'进程之间不共享内存; Queue 在它们之间传递消息。',
			'男孩放入 "中午一起吃饭吗?"; 一秒后主进程 (班主任) 放入它的消息; 女孩 get() 两次, 两条都收到, 顺序和放入的顺序一样。',
		],
		lines: {
			boyMessage: '中午一起吃饭吗?',
			teacherMessage: '好好上课,别开小差!',
			fromBoy: '来自boy的信息>>> ',
			teacherStare: '来自班主任的凝视>>> ',
		},
		verdict: {
			lost: (sent, received) => `发出 ${sent} 条消息, 收到 ${received} 条`,
			outOfOrder: (put, read) => `放入顺序是 ${put}, 读到的却是 ${read}`,
			delivered: (order, left) => `两条消息都按放入的顺序到达了女孩 (${order}); 队列里剩 ${left} 条`,
		},
	},
	'queue-safety': {
		summary: '十个放入进程和十个取出进程共用一个 Queue(3); 每项恰好被取走一次',
		explain: [
			'队列是进程安全的: 多个进程可以同时 put() 和 get(), 加锁由队列负责。',
			'十个进程各往 Queue(3) 放入一条消息 (第四个放入者要等有空位); 十个进程各取一条。每条消息恰好被一个取出进程拿到。',
		],
		hangHint: '取出进程比放入进程多: 多出来的取出进程在等永远不会有人放入的数据',
	},
};
