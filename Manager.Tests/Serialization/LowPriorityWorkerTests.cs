using Manager.Actors.Common;
using Manager.Tests.Support;

namespace Manager.Tests.Serialization;

public class LowPriorityWorkerTests
{
    [Fact]
    public void Work_runs_on_the_one_low_priority_thread_and_its_result_comes_back()
    {
        var caller = Environment.CurrentManagedThreadId;

        var first = LowPriorityWorker.Run(() => (Environment.CurrentManagedThreadId, Thread.CurrentThread.Name));
        var second = LowPriorityWorker.Run(() => Environment.CurrentManagedThreadId);

        Assert.NotEqual(caller, first.CurrentManagedThreadId);
        Assert.Equal(first.CurrentManagedThreadId, second);
        Assert.Equal("manager-low-priority", first.Name);
    }

    [Fact]
    public void An_exception_in_the_work_reaches_the_caller_and_the_thread_goes_on()
    {
        var e = Assert.Throws<InvalidOperationException>(() => LowPriorityWorker.Run<int>(() => throw new InvalidOperationException("boom")));

        Assert.Equal("boom", e.Message);
        Assert.Equal(42, LowPriorityWorker.Run(() => 42));
    }

    [LinuxFact]
    public void On_linux_the_thread_runs_at_nice_19()
    {

        // Field 19 of /proc/self/task/<tid>/stat is the thread's nice value, as the kernel sees it.
        var nice = LowPriorityWorker.Run(() =>
        {
            var stat = File.ReadAllText($"/proc/thread-self/stat");
            return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[16]);
        });

        Assert.Equal(19, nice);
        Assert.Equal(19, LowPriorityWorker.Nice);
    }
}
