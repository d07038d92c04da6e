/** 队列的课 (中文)。 */
import type {Catalogue} from '../en/index.ts';

type Lessons = Catalogue['scenarios'];

export const lessonsQueues: Pick<Lessons, 'queue-basics' | 'queue-message' | 'queue-safety'> = {
	'queue-basics': {
		summary: 'Queue 的方法: put, putNowait → Full, full(), get, getNowait → Empty, empty()',
		explain: [
			'进程彼此隔离, 要实现进程间通信 (IPC), multiprocessing 模块支持两种形式: 队列和管道, 都使用消息传递。队列就像一个特殊的列表, 可以设置固定长度, 先进先出。',
			'Queue([maxsize]): maxsize 是队列中允许的最大项数, 省略则无大小限制。Python 的队列底层用管道和锁实现, 还要一个后台线程把数据送进管道。这里是 `new Queue({maxsize})`: 数据由主进程保管, 每个子进程通过自己的 IPC 通道访问它, 没有后台线程。',
			'put(item[, block[, timeout]]) 在队列满时等待; `block` 为 False 或超时, 抛出 Full。put_nowait() 等同于 put(False)。这里是 put(x, {timeout}) 和 putNowait(x)。',
			'get([block[, timeout]]) 在队列空时等待; `block` 为 False 或超时, 抛出 Empty。get_nowait() 等同于 get(False)。这里是 get({timeout}) 和 getNowait()。',
			'qsize()、empty() 和 full() 回答的是调用那一刻: 有其他进程在用队列时, 等你使用结果时它可能已经不对了。在某些系统上 (macOS) qsize() 甚至抛出 NotImplementedError。这里 `await qsize()` 总能回答 —— 但同样可能过时。',
			'close(): 本进程不再放入数据; 已经放入的照样送出。关闭队列不会通知消费者: 阻塞在 get() 上的消费者仍然阻塞。这里是 `await close()`, 别处阻塞的 get() 也仍然阻塞 (卡死检测会指出它)。',
			'join_thread() 在 close() 之后等待后台线程把数据全部送进管道; cancel_join_thread() 让进程退出时不等后台线程 (可能丢数据)。这里两者都没有: 没有后台线程, put() 一旦返回, 数据就随本进程的下一条消息送出, 即使它马上退出。',
			'程序: 往 Queue(3) 放入 1, 2, 3; put_nowait(4) 抛出 Full, 这条消息就丢了 (所以放入之前先看 full()); get() 三次; get_nowait() 抛出 Empty; empty() 为 True。',
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
			'进程之间不共享内存: 队列在它们之间传递消息。',
			'男孩放入 "中午一起吃饭吗?"; 主进程 (班主任) 等一秒后放入自己的消息; 女孩 get() 两次 —— 每次 get() 都等到有消息为止 —— 按放入的顺序打印出两条。',
			'在很高的 --speed 下, 班主任的那一秒可能比男孩进程的启动还短, 顺序就会颠倒: 结论比较放入的顺序和读到的顺序。',
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
			'队列是进程安全的: 同一时间只能一个进程拿到队列中的一个数据, 你拿到了, 别人就拿不到了。加锁由队列负责。',
			'十个进程各往 Queue(3) 放入一条消息 (`进程号(put):时间`) —— 第四个放入者要等有空位; 十个进程各取一条并打印。主进程 join() 所有进程。(教程为 Windows 调用了 freeze_support(), 这里不需要。)',
			'每条消息恰好被取走一次。--putters 和 --getters 不相等时, 运行的结局和 Python 一样: 放入者多, 数据留在队列里 (left-in-queue), 或者 —— 超过队列容量时 —— 永远等在满队列上 (hang); 取出者多, 多出来的永远等在空队列上 (hang)。两种都是数量不等的结果, 是要演示的, 退出状态 0。',
		],
		hangHint: '两边的数量不相等: 多出来的取出进程在等永远不会有人放入的数据, 多出来的放入进程在等一个永远不会有人取的满队列腾出空位',
	},
};
