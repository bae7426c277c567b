using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Manager.Actors.Common;

/// <summary>
/// One background thread at the lowest CPU priority (Linux nice 19) for large, deferrable work — serializing
/// the dispatcher's snapshot of every task. On a busy 2-core machine that burst of CPU otherwise competes with
/// the requests and shows as a latency spike; at nice 19 it only takes what the requests leave.
/// </summary>
public static class LowPriorityWorker
{
    private const int PrioProcess = 0;
    private const int LowestPriority = 19;
    private static readonly BlockingCollection<Action> Work = new();
    private static readonly Lazy<Thread> Thread = new(Start);

    /// <summary>The thread's nice value (19 where the OS allows it); read by the tests.</summary>
    public static int? Nice { get; private set; }

    /// <summary>Runs <paramref name="work"/> on the low-priority thread and waits for its result (or exception).</summary>
    public static T Run<T>(Func<T> work)
    {
        _ = Thread.Value;
        var result = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Work.Add(() =>
        {
            try
            {
                result.SetResult(work());
            }
            catch (Exception e)
            {
                result.SetException(e);
            }
        });
        return result.Task.GetAwaiter().GetResult();
    }

    private static Thread Start()
    {
        var thread = new Thread(Loop) { IsBackground = true, Name = "manager-low-priority" };
        thread.Start();
        return thread;
    }

    private static void Loop()
    {
        // On Linux the nice value is per thread: "who = 0" is the calling thread.
        if (OperatingSystem.IsLinux() && setpriority(PrioProcess, 0, LowestPriority) == 0) Nice = LowestPriority;
        foreach (var work in Work.GetConsumingEnumerable()) work();
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int setpriority(int which, int who, int prio);
}
