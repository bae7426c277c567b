using Manager.Actors.Common;
using Manager.Actors.Tasks;
using TaskStatus = Manager.Actors.Tasks.TaskStatus;

namespace Manager.Tests.Tasks;

/// <summary>Which worker updates the dispatcher answers without waiting for the writes in flight (TaskRules.IsHolderReportWithNothingToWrite).</summary>
public sealed class HolderReportAnswerTests
{
    private static readonly UpdateTaskFromWorker Report = new(1, 7, 3, null, null, "a line\n", null, null);
    private static readonly Decision<long> NothingToWrite = Decision.Answer(Outcome.Done(3L));

    [Fact]
    public void A_holder_s_progress_report_that_writes_nothing_is_answered_at_once()
    {
        Assert.True(TaskRules.IsHolderReportWithNothingToWrite(Report, NothingToWrite));
        Assert.True(TaskRules.IsHolderReportWithNothingToWrite(Report with { Status = TaskStatus.Rendering }, NothingToWrite));
    }

    [Fact]
    public void A_report_with_something_to_write_a_refusal_or_a_repeated_finishing_update_waits()
    {
        var progressed = Decision.Of(Outcome.Done(3L), [new TaskProgressed(1, 4, null, null, null, DateTimeOffset.UnixEpoch)]);

        Assert.False(TaskRules.IsHolderReportWithNothingToWrite(Report, progressed));
        Assert.False(TaskRules.IsHolderReportWithNothingToWrite(Report, new Refusal.Conflict("task 1 was canceled")));
        Assert.False(TaskRules.IsHolderReportWithNothingToWrite(Report with { Status = TaskStatus.Completed }, NothingToWrite));
        Assert.False(TaskRules.IsHolderReportWithNothingToWrite(Report with { Status = TaskStatus.Failed }, NothingToWrite));
    }
}
