using Manager.Actors.Tasks;
using TaskStatus = Manager.Actors.Tasks.TaskStatus;

namespace Manager.Tests.Tasks;

public class OperatorTransitionsTests
{
    /// <summary>
    /// The operator's table in docs/api.md, "The task life cycle": queued → paused | canceled; rendering → queued (requeue) |
    /// paused | canceled; paused → queued | canceled; failed, canceled, completed → queued. Anything else is 409.
    /// </summary>
    internal static readonly HashSet<(TaskStatus From, TaskStatus To)> Contract =
    [
        (TaskStatus.Queued, TaskStatus.Paused),
        (TaskStatus.Queued, TaskStatus.Canceled),
        (TaskStatus.Rendering, TaskStatus.Queued),
        (TaskStatus.Rendering, TaskStatus.Paused),
        (TaskStatus.Rendering, TaskStatus.Canceled),
        (TaskStatus.Paused, TaskStatus.Queued),
        (TaskStatus.Paused, TaskStatus.Canceled),
        (TaskStatus.Failed, TaskStatus.Queued),
        (TaskStatus.Canceled, TaskStatus.Queued),
        (TaskStatus.Completed, TaskStatus.Queued),
    ];

    // Rows: from; columns: to, in the order queued, rendering, completed, failed, canceled, paused.
    [Theory]
    [InlineData(TaskStatus.Queued, "- - - - Y Y")]
    [InlineData(TaskStatus.Rendering, "Y - - - Y Y")]
    [InlineData(TaskStatus.Completed, "Y - - - - -")]
    [InlineData(TaskStatus.Failed, "Y - - - - -")]
    [InlineData(TaskStatus.Canceled, "Y - - - - -")]
    [InlineData(TaskStatus.Paused, "Y - - - Y -")]
    public void The_matrix_matches_the_contract(TaskStatus from, string row)
    {
        TaskStatus[] columns = [TaskStatus.Queued, TaskStatus.Rendering, TaskStatus.Completed, TaskStatus.Failed, TaskStatus.Canceled, TaskStatus.Paused];
        var cells = row.Split(' ');
        Assert.Equal(6, cells.Length);
        for (var i = 0; i < columns.Length; i++)
        {
            var expected = cells[i] == "Y";
            Assert.True(expected == OperatorTransitions.IsAllowed(from, columns[i]),
                $"{from.ToWire()} → {columns[i].ToWire()}: expected {(expected ? "allowed" : "409")}");
            Assert.Equal(expected, Contract.Contains((from, columns[i])));
        }
    }

    [Fact]
    public void The_table_covers_every_status_and_allows_exactly_ten_changes()
    {
        Assert.Equal(6, Enum.GetValues<TaskStatus>().Length);
        var allowed = Enum.GetValues<TaskStatus>()
            .SelectMany(from => Enum.GetValues<TaskStatus>().Select(to => (from, to)))
            .Where(p => OperatorTransitions.IsAllowed(p.from, p.to))
            .ToHashSet();
        Assert.Equal(10, allowed.Count);
        Assert.True(Contract.SetEquals(allowed));
    }

    [Fact]
    public void No_status_may_be_set_to_itself_and_no_operator_can_set_rendering_completed_or_failed()
    {
        foreach (var s in Enum.GetValues<TaskStatus>())
        {
            Assert.False(OperatorTransitions.IsAllowed(s, s), s.ToWire());
            Assert.False(OperatorTransitions.IsAllowed(s, TaskStatus.Rendering), s.ToWire());
            Assert.False(OperatorTransitions.IsAllowed(s, TaskStatus.Completed), s.ToWire());
            Assert.False(OperatorTransitions.IsAllowed(s, TaskStatus.Failed), s.ToWire());
        }
    }

    [Theory]
    [InlineData(TaskStatus.Completed, TaskStatus.Queued, true)]
    [InlineData(TaskStatus.Failed, TaskStatus.Queued, true)]
    [InlineData(TaskStatus.Canceled, TaskStatus.Queued, true)]
    [InlineData(TaskStatus.Paused, TaskStatus.Queued, false)]
    [InlineData(TaskStatus.Rendering, TaskStatus.Queued, false)]
    [InlineData(TaskStatus.Queued, TaskStatus.Canceled, false)]
    public void Only_queueing_a_finished_task_is_a_restart(TaskStatus from, TaskStatus to, bool restart) =>
        Assert.Equal(restart, OperatorTransitions.IsRestart(from, to));

    [Theory]
    [InlineData(TaskStatus.Queued, TaskStatus.Paused, "paused by operator")]
    [InlineData(TaskStatus.Rendering, TaskStatus.Canceled, "canceled by operator")]
    [InlineData(TaskStatus.Rendering, TaskStatus.Queued, "requeued by operator")]
    [InlineData(TaskStatus.Failed, TaskStatus.Queued, "queued again by operator")]
    public void Each_change_has_a_human_activity(TaskStatus from, TaskStatus to, string activity) =>
        Assert.Equal(activity, OperatorTransitions.Activity(from, to));

    [Theory]
    [InlineData("queued", TaskStatus.Queued)]
    [InlineData("rendering", TaskStatus.Rendering)]
    [InlineData("completed", TaskStatus.Completed)]
    [InlineData("failed", TaskStatus.Failed)]
    [InlineData("canceled", TaskStatus.Canceled)]
    [InlineData("paused", TaskStatus.Paused)]
    public void Status_words_round_trip(string wire, TaskStatus status)
    {
        Assert.Equal(wire, status.ToWire());
        Assert.True(TaskStatusNames.TryParse(wire, out var parsed));
        Assert.Equal(status, parsed);
    }

    [Theory]
    [InlineData("Queued")]
    [InlineData("cancelled")]
    [InlineData("")]
    [InlineData(null)]
    public void Unknown_status_words_do_not_parse(string? wire) => Assert.False(TaskStatusNames.TryParse(wire, out _));
}
