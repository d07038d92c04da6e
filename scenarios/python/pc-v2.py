#: tutorial: Python多进程同步-进程间通信
#: author: nzb
#: date: 2025-04-15
#: section: 五. 生产者消费者模型 / 3.升级版本二 / 第一种: 生产者发结束信号
#: options: --sentinel-from producer
#: The program text below is the tutorial's, unchanged; sync-demo shows it with `explain --code`.

import time
from multiprocessing import Process, Queue

def producer(q):
    for i in range(1, 11):
        time.sleep(1)
        q.put(i)
        print("{}号产品已生产完毕".format(i))
    q.put(None)         # 生产者在自己的子进程的最后加入一个结束信号

def consumer(q):
    while 1:
        time.sleep(2)
        s = q.get()
        if s == None:   # 如果消费者最后拿到了结束信号(None)就会跳出循环
            break
        else:
            print("消费者已拿走{}个产品".format(s))

if __name__ == '__main__':
    # 通过队列来模拟缓冲区,大小设置为20
    q = Queue(20)
    # 生产者进程
    pro_p = Process(target=producer, args=(q,))
    pro_p.start()
    # 消费者进程
    con_p = Process(target=consumer, args=(q,))
    con_p.start()
