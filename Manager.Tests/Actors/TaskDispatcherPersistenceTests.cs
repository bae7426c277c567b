using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence.Sql;
using Manager.Actors.Common;
using Manager.Actors.Hosting;
using Manager.Actors.Settings;
using Manager.Actors.Tasks;
using Manager.Tests.Support;
using TaskStatus = Manager.Actors.Tasks.TaskStatus;

namespace Manager.Tests.Actors;

/// <summary>
/// The dispatcher actor on a real SQLite journal: stop it, start a new incarnation with the same
/// persistence id, and it must answer exactly as before — from events alone and from a snapshot plus events.
/// </summary>
public sealed class TaskDispatcherPersistenceTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private readonly TempDirectory _dir;
    private readonly CurrentSettings _settings = new();

    public TaskDispatcherPersistenceTests() : this(new TempDirectory("dispatcher-test"))
    {
    }

    private TaskDispatcherPersistenceTests(TempDirectory dir) : base(JournalOn(dir.File("journal.db")))
    {
        _dir = dir;
    }

    [Theory]
    [InlineData(10_000)] // recovery replays events only
    [InlineData(3)] // recovery starts from a snapshot, then replays the events after it
    public async Task A_restarted_dispatcher_recovers_tasks_assignments_and_ids(int snapshotEvery)
    {
        var first = Sys.ActorOf(TaskDispatcher.Props(_settings, snapshotEvery));
        for (var i = 0; i < 4; i++) await Ask(first, Submit());
        await Ask(first, new ClaimTask(7, "render-07", [], []));
        await Ask(first, new UpdateTaskFromWorker(1, 7, null, null, null, "Fra:2 Mem:1M | Sample 1/4\n", null, null));
        await Ask(first, new UpdateTaskFromWorker(1, 7, null, TaskStatus.Completed, null, null, null, 1.5));
        await Ask(first, new ClaimTask(8, "render-08", [], []));
        await Ask(first, new DeleteTask(4));
        var before = await AllTasks(first);

        await StopAndWait(first);
        var second = Sys.ActorOf(TaskDispatcher.Props(_settings, snapshotEvery));

        Assert.Equal(AsJson(before), AsJson(await AllTasks(second)));
        var completed = before.Single(t => t.Id == 1);
        Assert.Equal(TaskStatus.Completed, completed.Status);
        Assert.Equal(2, completed.FrameCurrent);
        Assert.Equal(TaskStatus.Rendering, before.Single(t => t.Id == 2).Status);
        var held = (HeldTask)((DoneOutcome)await Ask(second, new GetHeldTask(8))).Value!;
        Assert.Equal(2, held.TaskId);
        var next = (SubmitResult)((DoneOutcome)await Ask(second, Submit())).Value!;
        Assert.Equal(5, next.Task.Id); // 4 was deleted: ids are never reused
    }

    private static SubmitTask Submit() =>
        new(null, "exec_command", "blender_render", """{"argv":["echo","hi"],"frame_start":1,"frame_end":3}""", null, []);

    private async Task<IReadOnlyList<TaskRecord>> AllTasks(IActorRef dispatcher) =>
        (IReadOnlyList<TaskRecord>)((DoneOutcome)await Ask(dispatcher, new ListTasks(null, null, 0, 1000))).Value!;

    private static string AsJson(IReadOnlyList<TaskRecord> tasks) =>
        System.Text.Json.JsonSerializer.Serialize(tasks, Manager.Actors.Serialization.ManagerSerializer.Json);

    private static Task<Outcome> Ask(IActorRef actor, object message) => actor.Ask<Outcome>(message, Bound);

    private async Task StopAndWait(IActorRef actor)
    {
        Watch(actor);
        actor.Tell(PoisonPill.Instance);
        await ExpectTerminatedAsync(actor, Bound);
    }

    private static Config JournalOn(string databasePath)
    {
        var connection = $"Data Source={databasePath}";
        SqliteFile.UseWriteAheadLog(connection);
        var provider = ManagerActorsHosting.ProviderName(PersistenceProvider.Sqlite);
        return ConfigurationFactory.ParseString($$"""
            akka.persistence.journal.plugin = "akka.persistence.journal.sql"
            akka.persistence.journal.sql { connection-string = "{{connection}}", provider-name = "{{provider}}", auto-initialize = on }
            akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.sql"
            akka.persistence.snapshot-store.sql { connection-string = "{{connection}}", provider-name = "{{provider}}", auto-initialize = on }
            """)
            .WithFallback(ConfigurationFactory.ParseString(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "hocon", "manager.hocon"))))
            .WithFallback(SqlPersistence.DefaultConfiguration);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) _dir.Dispose();
    }
}
