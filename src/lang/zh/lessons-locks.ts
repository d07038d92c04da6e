/** 锁、信号量和事件的课 (中文): list 的一行, 要点, 程序打印的行, 结论。 */
import type {Catalogue} from '../en/index.ts';

type Lessons = Catalogue['scenarios'];

export const lessonsLocks: Pick<Lessons, 'print-race' | 'ticket-grab' | 'arcade-semaphore' | 'event-basics' | 'traffic-light'> = {
	'print-race': {
		summary: '多个进程共用一个终端; 锁让每个进程的 开始/完毕 两行挨在一起',
		explain: [
			'五个进程各自打印 "0 >>> 9748号进程正在执行" 这样的一行 (编号和进程号), 随机睡 0–1 秒, 再打印 "0 >>> 9748号进程执行完毕"。',
			'不加锁时它们同时开始, 各自的行互相穿插: 终端是共享的资源。',
			'加上 --lock, 每个进程在这两行周围持有锁, 每一对都挨在一起 —— 工作变成了串行: 用速度换来了安全。',
		],
		lines: {
			running: (n, pid) => `${n} >>> ${pid}号进程正在执行`,
			done: (n, pid) => `${n} >>> ${pid}号进程执行完毕`,
		},
		verdict: {
			interleaved: (interleaved, workers) => `${workers} 对 开始/完毕 行中有 ${interleaved} 对被其他进程的行插入`,
			serialized: workers => `${workers} 对 开始/完毕 行全都挨在一起`,
		},
	},
	'ticket-grab': {
		summary: '多个客户端从一个 JSON 文件抢最后一张票; 加锁防止超卖',
		explain: [
			'一个 JSON 文件保存 {"count": 1}。每个客户端读它, 等 0.5 秒 (读的网络延迟), 如果还有票就减一, 等 1 秒 (写的网络延迟) 再写回文件。',
			'不加锁时, 每个客户端都在别人写回之前读到剩余票数 1: 所有人都买到了最后一张票。',
			'加上 --lock, "读-改-写" 变成串行: 恰好一个客户端买到。',
		],
		lines: {
			left: count => `剩余票数${count}`,
			bought: i => `${i}号用户购票成功`,
		},
		verdict: {
			oversold: (sold, available) => `卖出 ${sold} 张票, 但只有 ${available} 张: 竞争导致超卖`,
			safe: (sold, available, left) => `${available} 张票卖出 ${sold} 张, 剩 ${left} 张: 没有一张票被卖两次`,
		},
	},
	'arcade-semaphore': {
		summary: '十位顾客, 四台游戏机: 信号量一次只让四个人玩',
		explain: [
			'Semaphore(4) 是空闲游戏机的计数器: acquire() 占一台 (计数为 0 时等待), release() 还回一台。',
			'十位顾客同时到达; 四个人在玩 (每人 2–4 秒), 其他人在门外等。',
			'和锁不同, 信号量一次放进固定数量的进程。',
		],
		lines: {
			playing: i => `${i}号顾客来玩游戏了`,
			leaves: (i, seconds) => `${i}号顾客玩了${seconds}秒, 离开了`,
		},
		verdict: {
			overLimit: (peak, machines) => `${machines} 台游戏机上同时有 ${peak} 人在玩`,
			withinLimit: (peak, machines, played, customers, wait) =>
				`${machines} 台游戏机最多同时用了 ${peak} 台; ${customers} 位顾客中 ${played} 位玩过; 最长等待 ${wait} 秒 (实际时间)`,
		},
	},
	'event-basics': {
		summary: 'is_set/set/clear, 然后 wait(): 事件已设置时通过, 已清除时永远阻塞',
		explain: [
			'Event 是一个标志: isSet() 读它, set() 把它设为 True, clear() 把它设为 False。',
			'标志为 True 时 wait() 立即返回; 为 False 时 wait() 阻塞, 直到有人调用 set()。',
			'最后一段在 clear() 之后调用 wait(), 已经没有人能再调用 set(): Python 会永远卡在那里; sync-demo 检测到卡死, 指出在等的进程, 然后结束运行。',
		],
		lines: {
			isSet: value => (value ? 'True' : 'False'),
			before: '我在wait之前!',
			after: '我在wait之后!',
		},
		hangHint: '已清除的事件上的 wait() 只有在有人调用 set() 之后才返回; 这里已经没有人能调用了',
		verdict: {
			hang: 'set() 之后的 wait() 通过了; clear() 之后的 wait() 永远阻塞, 没有人能再设置这个事件',
			noHang: value => `clear() 之后的 wait() 返回了 ${value}`,
		},
	},
	'traffic-light': {
		summary: '红绿灯进程设置和清除一个事件; 车辆红灯等待, 绿灯通行',
		explain: [
			'红绿灯就是一个 Event: set() = 绿灯, clear() = 红灯。红绿灯进程循环: 红灯 6 秒, 绿灯 3 秒。',
			'每秒来三辆新车 (三个进程): 绿灯时直接走; 红灯时 wait(), 变绿后再走。',
			'教程里的程序永远运行; 这里车辆只在 --duration 秒内到达, 最后一辆车走后运行结束。',
		],
		lines: {
			red: '!!!红灯亮!!!',
			green: '~~~绿灯亮~~~',
			waiting: i => `车${i}在等待......`,
			goes: i => `车${i}走你........`,
			mayGo: i => `车${i}可以走了....`,
		},
		verdict: {
			ranRed: (wentWhileRed, crossed, cars) => `${wentWhileRed} 辆车闯了红灯; ${cars} 辆车中 ${crossed} 辆通过`,
			obeyed: (waited, green) => `${waited} 辆车红灯时等待, ${green} 辆绿灯时直接走; 没有车闯红灯`,
		},
	},
};
