// The one way back to the UI thread. Any thread posts a task (almost always "dispatch this event
// to the flow"); one SDL user event wakes the loop, which runs the tasks in the order they came
// (as ImHex's TaskManager::doLater or lager's SDL event loop do). The UI thread alone touches
// the state, so nothing else needs a lock.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>

#include <SDL.h>

namespace app {

inline constexpr std::uint32_t kWakeEvent = SDL_USEREVENT;

class UiQueue {
 public:
  using Task = std::function<void()>;

  // Any thread: the task runs on the UI thread, after those posted before it.
  void post(Task task) { push(std::move(task), false); }
  // Any thread, for news that may come in floods (scans from a device that misbehaves): dropped
  // while kMaxOffered offered tasks still wait.
  void offer(Task task) { push(std::move(task), true); }

  // The UI thread: runs what has been posted so far.
  void drain() {
    std::deque<Task> tasks;
    {
      std::lock_guard lock(mutex_);
      tasks.swap(tasks_);
      offered_ = 0;
    }
    for (Task& task : tasks) task();
  }

  [[nodiscard]] bool empty() const {
    std::lock_guard lock(mutex_);
    return tasks_.empty();
  }

 private:
  static constexpr int kMaxOffered = 16;
  void push(Task task, bool droppable) {
    {
      std::lock_guard lock(mutex_);
      if (droppable && offered_ >= kMaxOffered) return;
      offered_ += droppable ? 1 : 0;
      tasks_.push_back(std::move(task));
    }
    SDL_Event e{};
    e.type = kWakeEvent;
    SDL_PushEvent(&e);  // thread-safe; the loop drains the queue when it sees it
  }

  mutable std::mutex mutex_;
  std::deque<Task> tasks_;
  int offered_ = 0;
};

// One slow thing at a time on its own thread (a status lookup, a PIN check, a network check,
// provisioning). The work returns what the UI thread must do with its result; busy() holds from
// start() until that has run.
class Job {
 public:
  Job() = default;
  Job(const Job&) = delete;
  Job& operator=(const Job&) = delete;
  ~Job() { join(); }

  template <class Work>
  void start(UiQueue& queue, Work work) {
    join();  // the flow allows one at a time; a finished thread may still be leaving
    busy_ = true;
    const std::uint64_t generation = ++generation_;
    thread_ = std::thread([this, &queue, generation, work = std::move(work)]() mutable {
      UiQueue::Task done = work();
      queue.post([this, generation, done = std::move(done)] {
        if (generation == generation_) busy_ = false;  // not a job started after this one
        done();
      });
    });
  }
  // The UI thread: true from start() until the result has been handed over.
  [[nodiscard]] bool busy() const { return busy_; }
  void join() {
    if (thread_.joinable()) thread_.join();
  }

 private:
  std::thread thread_;
  bool busy_ = false;             // the UI thread's
  std::uint64_t generation_ = 0;  // the UI thread's
};

}  // namespace app
