#: tutorial: Python多进程同步-进程间通信
#: author: nzb
#: date: 2025-04-15
#: section: 五. 生产者消费者模型 / 2.升级版本一(通过抛出异常信号的方式结束进程)
#: The program text below is the tutorial's, unchanged; sync-demo shows it with `explain --code`.

def producer(q):
    for i in range(1, 11):
        time.sleep(1)
        q.put(i)
        print("已生产了{}个产品".format(i))

def consumer(q):
    while 1:
        time.sleep(2)
        try:
            s = q.get(False)        # 如果队列为空,则再次get()会抛出异常
            # s = q.get_nowait()    # get_nowait()与get(False)是等同的效果
            print("消费者已拿走{}个产品".format(s))
        except:                 # 捕获异常
            break               # 结束循环

if __name__ == '__main__':
    # 通过队列来模拟缓冲区,大小设置为20
    q = Queue(20)
    # 生产者进程
    pro_p = Process(target=producer, args=(q,))
    pro_p.start()
    # 消费者进程
    con_p = Process(target=consumer, args=(q,))
    con_p.start()
