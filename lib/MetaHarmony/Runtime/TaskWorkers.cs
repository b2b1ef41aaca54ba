using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using TorchSharp;

namespace MetaHarmony.Runtime;

/// <summary>
/// Long-lived threads that each run libtorch with one intra-op thread, for running independent
/// tasks side by side. On a few cores this beats splitting every small operation across
/// threads: there is no barrier between parallel regions, so no thread spins waiting for
/// another, and a busy neighbour process slows one task rather than every operation.
/// </summary>
public sealed class TaskWorkers : IDisposable
{
    readonly BlockingCollection<Action>[] queues;
    readonly Thread[] threads;

    /// <summary>Starts <paramref name="count"/> worker threads.</summary>
    public TaskWorkers(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        TorchRuntime.EnsureInitialized();
        queues = Enumerable.Range(0, count).Select(_ => new BlockingCollection<Action>()).ToArray();
        using var ready = new CountdownEvent(count);
        threads = Enumerable.Range(0, count).Select(i => new Thread(() => Work(queues[i], ready))
        {
            IsBackground = true,
            Name = $"MetaHarmony task worker {i}",
        }).ToArray();
        foreach (var thread in threads)
        {
            thread.Start();
        }
        ready.Wait();

        // Setting a worker's threads also sets libtorch's process-wide default; put it back for
        // the threads that did not ask for one.
        torch.set_num_threads(TorchRuntime.EnsureInitialized().Threads);
    }

    static readonly Lock SharedGate = new();
    static TaskWorkers? shared;

    /// <summary>
    /// The process's pool, one worker per intra-op thread of the runtime, started on first
    /// use and kept for the life of the process (its threads are background threads).
    /// </summary>
    public static TaskWorkers Shared
    {
        get
        {
            lock (SharedGate)
            {
                return shared ??= new TaskWorkers(TorchRuntime.EnsureInitialized().Threads);
            }
        }
    }

    /// <summary>How many tasks run at once.</summary>
    public int Count => threads.Length;

    /// <summary>
    /// Runs <paramref name="work"/>(i) for i in 0..<paramref name="items"/>-1, item i on worker
    /// i mod <see cref="Count"/>, and waits for all. The first exception is rethrown here.
    /// </summary>
    public void Run(int items, Action<int> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        ObjectDisposedException.ThrowIf(queues[0].IsAddingCompleted, this);
        using var done = new CountdownEvent(items);
        var errors = new ConcurrentQueue<ExceptionDispatchInfo>();
        for (int i = 0; i < items; i++)
        {
            int item = i;
            queues[i % Count].Add(() =>
            {
                try
                {
                    work(item);
                }
                catch (Exception error)
                {
                    errors.Enqueue(ExceptionDispatchInfo.Capture(error));
                }
                finally
                {
                    done.Signal();
                }
            });
        }
        done.Wait();
        if (errors.TryDequeue(out var first))
        {
            first.Throw();
        }
    }

    static void Work(BlockingCollection<Action> queue, CountdownEvent ready)
    {
        // libtorch sizes a thread's parallel regions on its first parallel operation from the
        // process-wide default; trigger that first, then pin this thread to one.
        torch.get_num_threads();
        torch.set_num_threads(1);
        ready.Signal();
        foreach (var action in queue.GetConsumingEnumerable())
        {
            action();
        }
    }

    /// <summary>Lets the workers finish their queues and stop.</summary>
    public void Dispose()
    {
        foreach (var queue in queues)
        {
            queue.CompleteAdding();
        }
        foreach (var thread in threads)
        {
            thread.Join();
        }
        foreach (var queue in queues)
        {
            queue.Dispose();
        }
    }
}
