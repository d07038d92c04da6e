#: tutorial: Python多进程同步-进程间通信
#: author: nzb
#: date: 2025-04-15
#: section: 六. JoinableQuene实现生产者消费者模型
#: The program text below is the tutorial's, unchanged; sync-demo shows it with `explain --code`.

import time
from multiprocessing import Process, JoinableQueue
def producer(q):
    for i in range(1, 11):
        time.sleep(0.5)
        q.put(i)
        print("{}号产品已生产完毕".format(i))
    q.put(None)
    q.join()
    print("在这里等待...")


def consumer(q):
    while 1:
        time.sleep(1)
        s = q.get()
        if s == None:
            break
        else:
            print("消费者已拿走{}个产品".format(s))
            q.task_done()   # 给q对象发送一个任务结束的信号
    q.task_done()   # 给q对象发送一个任务结束的信号


if __name__ == '__main__':
    # 通过队列来模拟缓冲区,大小设置为20
    q = JoinableQueue(20)
    # 生产者进程
    pro_p = Process(target=producer, args=(q,))
    pro_p.start()
    # 消费者进程
    con_p = Process(target=consumer, args=(q,))
    con_p.daemon = True     # 把消费者进程设置为守护进程,它会随主进程的结束而结束
    con_p.start()

    pro_p.join()    # 主进程要等待生产者执行结束再继续执行
    print("主进程结束")
