/** 生产者消费者模型和 JoinableQueue 的课 (中文)。 */
import type {Catalogue} from '../en/index.ts';

type Lessons = Catalogue['scenarios'];

export const lessonsPc: Pick<Lessons, 'pc-v0' | 'pc-v1' | 'pc-v2' | 'pc-v3' | 'joinable'> = {
	'pc-v0': {
		summary: '生产者消费者, 初始版本: 消费者不知道生产者已经结束, 程序卡住',
		explain: [
			'生产者每秒生产一个产品, 共 10 个; 消费者每 2 秒用阻塞的 get() 取一个。',
			'取完最后一个后, 消费者又在一个再也不会有人放入的空队列上调用 get(): 程序卡住了。Python 让你对着一个不动的终端; sync-demo 指出阻塞的进程并结束运行。',
			'后面的版本修好了它: 用异常 (pc-v1) 或结束信号 (pc-v2)。',
		],
		lines: {
			produced: i => `已生产了${i}个产品`,
			took: item => `消费者已拿走${item}个产品`,
		},
		hangHint: '消费者在 get() 上无限循环; 教程的下一个版本用异常 (pc-v1) 或结束信号 (pc-v2) 让它结束',
	},
	'pc-v1': {
		summary: '生产者消费者, 升级版本一: 消费者遇到第一个 Empty 就结束 —— 可能太早',
		explain: [
			'消费者用 getNowait() (Python 的 get(False)), 遇到第一个 Empty 异常就结束。',
			'这解决了 pc-v0 的卡死, 但 Empty 只表示 "此刻是空的"。按教程的延时, 消费者 (每 2 秒) 比生产者 (每 1 秒) 慢, 能拿走全部; 让它比生产者快, 比如 --consumer-delay 0.5, 它就会在产品还在陆续生产时结束: 产品留在了队列里。对比 pc-v2。',
		],
		lines: {
			stops: '队列为空, 消费者结束',
		},
	},
	'pc-v2': {
		summary: '生产者消费者, 升级版本二: 一个 null 结束信号告诉消费者停止',
		explain: [
			'在最后一个产品之后放入约定好的结束信号 (null, 即 Python 的 None)。消费者拿到它才结束, 不会更早: 没有产品被留下, 也不会卡住。',
			'--sentinel-from producer: 由生产者放入; --sentinel-from main: 由主进程在 join() 生产者之后放入。',
		],
		lines: {
			ready: i => `${i}号产品已生产完毕`,
		},
	},
	'pc-v3': {
		summary: '多个生产者和消费者: 主进程 join() 所有生产者之后, 给每个消费者发一个结束信号',
		explain: [
			'有三个消费者时, 一个结束信号只能让其中一个停下: 每个消费者都需要自己的结束信号。',
			'主进程先 join() 每个生产者 (这样结束信号之后不会再有产品), 再为每个消费者放入一个 null。',
		],
		lines: {
			made: (p, i) => `生产者${p}号已经生产了${i}个产品`,
			took: (c, i) => `消费者${c}号已经取走了${i}个产品`,
			mainDone: '主进程执行完毕',
		},
	},
	joinable: {
		summary: 'JoinableQueue: 生产者 join() 队列, 直到守护进程消费者把每个任务标记为完成',
		explain: [
			'JoinableQueue 记录未完成的任务数: put() 加一, taskDone() 减一, join() 等到它变成零。',
			'生产者放入 10 个产品和一个结束信号, 然后 join(): 消费者处理完所有产品后它才返回。',
			'消费者是守护进程: 生产者的 join() 返回之后, 主进程的工作结束时它被停止。',
		],
		lines: {
			waitingHere: '在这里等待...',
			mainEnds: '主进程结束',
		},
	},
};
