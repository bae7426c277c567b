using Akka.Actor;
using Manager.Actors.Common;
using Manager.Actors.Settings;
using Manager.Actors.Tasks;
using Manager.Tests.Support;
using TaskStatus = Manager.Actors.Tasks.TaskStatus;

namespace Manager.Tests.Actors;

/// <summary>
/// The dispatcher actor on a real SQLite journal: stop it, start a new incarnation with the same
/// persistence id, and it must answer exactly as before — from events alone and from a snapshot plus events.
/// </summary>
public sealed class TaskDispatcherPersistenceTests() : JournalTestKit("dispatcher-test")
{
    private readonly CurrentSettings _settings = new();

    [Theory]
    [InlineData(10_000)] // recovery replays events only
    [InlineData(3)] // recovery starts from a snapshot, then replays the events after it
    public async Task A_restarted_dispatcher_recovers_tasks_assignments_and_ids(int snapshotEvery)
    {
        var first = Sys.ActorOf(TaskDispatcher.Props(_settings, snapshotEvery));
        for (var i = 0; i < 4; i++) await Ask(first, Submit());
        await Ask(first, Manager.Tests.Tasks.RulesDriver.Worker(7));
        await Ask(first, new UpdateTaskFromWorker(1, 7, null, null, null, "Fra:2 Mem:1M | Sample 1/4\n", null, null));
        await Ask(first, new UpdateTaskFromWorker(1, 7, null, TaskStatus.Completed, null, null, null, 1.5));
        await Ask(first, Manager.Tests.Tasks.RulesDriver.Worker(8));
        await Ask(first, new DeleteTask(4));
        var before = await AllTasks(first);

        await StopAndWait(first);
        var second = Sys.ActorOf(TaskDispatcher.Props(_settings, snapshotEvery));

        Assert.Equal(AsJson(before), AsJson(await AllTasks(second)));
        var completed = before.Single(t => t.Id == 1);
        Assert.Equal(TaskStatus.Completed, completed.Status);
        Assert.Equal(2, completed.FrameCurrent);
        Assert.Equal(TaskStatus.Rendering, before.Single(t => t.Id == 2).Status);
        var held = (await Ask(second, new GetHeldTask(8))).Value!;
        Assert.Equal(2, held.TaskId);
        var next = (await Ask(second, Submit())).Value!;
        Assert.Equal(5, next.Task.Id); // 4 was deleted: ids are never reused
    }

    /// <summary>
    /// Snapshots are taken while other commands' writes are still in flight: each must hold exactly the events up
    /// to its sequence number, or recovery from it would skip or repeat some.
    /// </summary>
    [Fact]
    public async Task Snapshots_taken_between_concurrent_writes_recover_every_task()
    {
        var first = Sys.ActorOf(TaskDispatcher.Props(_settings, 3));
        var submitted = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Ask(first, Submit())));
        // Claims (an assignment counts an attempt: applied twice it would show) and submissions interleaved.
        var mixed = await Task.WhenAll(Enumerable.Range(0, 100).SelectMany(w => new[]
        {
            RefusalOf(Ask(first, Manager.Tests.Tasks.RulesDriver.Worker(100 + w))),
            RefusalOf(Ask(first, Submit())),
        }));
        Assert.All(submitted, a => Assert.Null(a.Refusal));
        Assert.All(mixed, Assert.Null);
        var before = await AllTasks(first);
        Assert.Equal(100, before.Count(t => t is { Status: TaskStatus.Rendering, Attempts: 1 }));
        // Snapshot saves are not awaited by the dispatcher; the first ones can land after it has stopped.
        await AwaitConditionAsync(() => Task.FromResult(SnapshotSequenceNumbers().Count > 0), Bound);
        await StopAndWait(first);

        var second = Sys.ActorOf(TaskDispatcher.Props(_settings, 3));

        Assert.Equal(300, before.Count);
        Assert.Equal(AsJson(before), AsJson(await AllTasks(second)));
    }

    /// <summary>
    /// The events replayed after the last snapshot count toward the next one: otherwise every restart would start the
    /// interval afresh and recovery could replay up to twice the interval.
    /// </summary>
    [Fact]
    public async Task A_restarted_dispatcher_takes_its_next_snapshot_an_interval_after_the_last_one()
    {
        var first = Sys.ActorOf(TaskDispatcher.Props(_settings, 10));
        for (var i = 0; i < 15; i++) await Ask(first, Submit()); // a snapshot at event 10, five events after it
        await AwaitConditionAsync(() => Task.FromResult(SnapshotSequenceNumbers().Contains(10)), Bound);
        await StopAndWait(first);

        var second = Sys.ActorOf(TaskDispatcher.Props(_settings, 10));
        for (var i = 0; i < 5; i++) await Ask(second, Submit());

        await AwaitConditionAsync(() => Task.FromResult(SnapshotSequenceNumbers().Contains(20)), Bound);
    }

    /// <summary>
    /// A snapshot the dispatcher cannot read must not be skipped: recovering without it would answer as if the farm held
    /// none of its tasks. Recovery fails with an error naming what was found, and the dispatcher stops.
    /// </summary>
    [Fact]
    public async Task A_snapshot_of_an_unknown_type_stops_recovery_with_an_error()
    {
        var writer = Sys.ActorOf(Props.Create(() => new SnapshotWriter(new TaskDeleted(1, DateTimeOffset.UtcNow))));
        Assert.Equal("saved", await writer.Ask<string>("save", Bound));
        await StopAndWait(writer);
        var errors = CreateTestProbe();
        Sys.EventStream.Subscribe(errors.Ref, typeof(Akka.Event.Error));

        var dispatcher = Sys.ActorOf(TaskDispatcher.Props(_settings, 10_000));
        Watch(dispatcher);

        var error = await errors.FishForMessageAsync<Akka.Event.Error>(e => e.Cause is UnknownSnapshotException, Bound);
        Assert.Contains("TaskDeleted", error.Cause.Message);
        await ExpectTerminatedAsync(dispatcher, Bound);
    }

    [Theory]
    [InlineData(10_000, 0, 10_000)]
    [InlineData(10_000, 19_999, 10_000)]
    [InlineData(10_000, 100_000, 50_000)]
    [InlineData(3, 10, 5)]
    public void Snapshots_come_every_configured_number_of_events_or_every_half_task_count(int every, int tasks, int expected) =>
        Assert.Equal(expected, TaskDispatcher.SnapshotInterval(every, tasks));

    /// <summary>Saves one snapshot under the dispatcher's persistence id.</summary>
    private sealed class SnapshotWriter(object snapshot) : Akka.Persistence.UntypedPersistentActor
    {
        private IActorRef? _asker;

        public override string PersistenceId => TaskDispatcher.Id;

        protected override void OnRecover(object message)
        {
        }

        protected override void OnCommand(object message)
        {
            switch (message)
            {
                case "save":
                    _asker = Sender;
                    SaveSnapshot(snapshot);
                    break;
                case Akka.Persistence.SaveSnapshotSuccess:
                    _asker?.Tell("saved");
                    break;
                case Akka.Persistence.SaveSnapshotFailure f:
                    _asker?.Tell(f.Cause.Message);
                    break;
            }
        }
    }

    private static SubmitTask Submit() =>
        new(null, "exec_command", "blender_render", """{"argv":["echo","hi"],"frame_start":1,"frame_end":3}""", null, []);

    private async Task<IReadOnlyList<TaskRecord>> AllTasks(IActorRef dispatcher) =>
        (await Ask(dispatcher, new ListTasks(null, null, 0, 1000))).Value!;

    private static string AsJson(IReadOnlyList<TaskRecord> tasks) =>
        System.Text.Json.JsonSerializer.Serialize(tasks, Manager.Actors.Serialization.ManagerSerializer.Json);

    private static Task<Outcome<TValue>> Ask<TValue>(IActorRef actor, IAsk<TValue> message) => actor.Ask(message, Bound);

    private static async Task<Refusal?> RefusalOf<TValue>(Task<Outcome<TValue>> answer) => (await answer).Refusal;

    private List<long> SnapshotSequenceNumbers()
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={JournalFile};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'snapshot'";
        if ((long)command.ExecuteScalar()! == 0) return [];
        command.CommandText = "SELECT sequence_number FROM snapshot";
        using var reader = command.ExecuteReader();
        var numbers = new List<long>();
        while (reader.Read()) numbers.Add(reader.GetInt64(0));
        return numbers;
    }
}
