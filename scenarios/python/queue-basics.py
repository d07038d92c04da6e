#: tutorial: Python多进程同步-进程间通信
#: author: nzb
#: date: 2025-04-15
#: section: 四. 队列(重点) / 方法
#: The program text below is the tutorial's, unchanged; sync-demo shows it with `explain --code`.

from multiprocessing import Queue
import queue
q = Queue(3)  # 创建一个队列对象，队列长度为3

# 以下是方法详述: put, get, put_nowait, get_nowait, full, empty
q.put(1)                # 往队列中添加数据
q.put(2)
q.put(3)
# q.put(4)              # 如果队列已经满了, 程序就会停在这里, 等待数据被别人取走, 再将数据放入队列. 但如果队列中的数据一直不被取走, 程序就会永远停在这里.

try:
    q.put_nowait(4)     # 使用put_nowait(), 如果队列满了不会阻塞, 但是会因为队列满了而报错.
except queue.Full:                 # 因此我们可以用一个try语句来处理这个错误, 这样程序不会一直阻塞下去, 但是会丢掉这个消息.
    print("队列已经满了!")

# 所以, 我们再放入数据之前, 可以先看一下队列的状态, 如果已经满了, 就不继续put了.
print(q.full())         # 查看队列是否满了, 满了返回True, 不满返回False.

print(q.get())          # 取出数据
print(q.get())
print(q.get())
# print(q.get())        # get()同put()方法一样, 如果队列已经空了, 那么继续取就会出现阻塞现象.

try:
    q.get_nowait()     # 可以使用get_nowait()方法, 如果队列满了不会阻塞, 但是会因为没取到值而报错.
except queue.Empty:                 # 因此我们可以用一个try语句来处理这个错误, 这样程序不会一直阻塞下去.
    print("队列已经空了")

print(q.empty())        # 查看队列是否空了, 空了返回True, 不空返回False.
