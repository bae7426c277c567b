using System.Runtime.Serialization;
using System.Text;
using System.Text.Json;
using Manager.Actors.Compilers;
using Manager.Actors.Serialization;
using Manager.Actors.Settings;
using Manager.Actors.Jobs;
using Manager.Actors.Tasks;
using Manager.Actors.Workers;
using Manager.Actors.Tokens;
using Manager.Tests.Tasks;
using TaskStatus = Manager.Actors.Tasks.TaskStatus;

namespace Manager.Tests.Serialization;

public class ManagerSerializerTests
{
    private static readonly ManagerSerializer Serializer = new(null!);

    private static readonly DateTimeOffset At = new(2025, 3, 1, 14, 30, 15, 123, TimeSpan.FromHours(2));

    private static TaskRecord SampleTask() => new(
        Id: 12, SubmitSeq: 4, Type: "blender_render", Parser: "blender_render",
        Settings: """{"filepath":"/srv/a.blend","frame_start":5,"frame_end":10}""", Fingerprint: "fp\u001fx",
        Commands: [new CompiledCommand("render", ["blender", "-b", "/srv/a.blend", "-a"]), new CompiledCommand("exec", ["echo", "ünïcode ✓"])],
        Priority: -3, FrameStart: 5, FrameEnd: 10, FrameCurrent: 7, Format: "OPEN_EXR", Tags: ["gpu", "linux"],
        Status: TaskStatus.Rendering, WorkerId: 3, Assignment: 9, Attempts: 2, FailedByWorkers: [1, 2],
        Activity: "Frame 7: Sample 1/16", Error: "Error: \"quoted\"", TimeCost: 12.75, CreatedAt: At, UpdatedAt: At.AddMinutes(5),
        SubmittedBy: "pipeline", OwnerTokenId: 4,
        History: [new TaskHistoryEntry(At, "pipeline", TaskStatus.Queued, "submitted"), new TaskHistoryEntry(At, "worker:3", TaskStatus.Rendering, "rendering on render-03")]);

    private static JobRecord SampleJob() => new(
        Id: 3, SubmitSeq: 3, Name: "shot 010 ✓", Type: "blender_render", Settings: """{"filepath":"/srv/a.blend","frames":"5-10"}""",
        Fingerprint: "fp", Priority: 7, DependsOn: [1, 2], Tags: ["gpu"], TaskIds: [12, 13], FramesTotal: 6, WorkTotal: 7, Paused: true,
        Status: JobStatus.Active, SubmittedBy: "pipeline", OwnerTokenId: 4, CreatedAt: At, UpdatedAt: At.AddMinutes(1));

    /// <summary>One realistic instance of every persisted type, with every optional field set (and a few left null).</summary>
    public static readonly IReadOnlyDictionary<Type, Func<object>> Samples = new Dictionary<Type, Func<object>>
    {
        [typeof(TaskSubmitted)] = () => new TaskSubmitted(SampleTask()),
        [typeof(TaskAssigned)] = () => new TaskAssigned(12, 3, 9, "rendering on render-03", At),
        [typeof(TaskProgressed)] = () => new TaskProgressed(12, 7, "Frame 7", null, 3.5, At),
        [typeof(TaskCompleted)] = () => new TaskCompleted(12, 3, 99.5, At),
        [typeof(TaskFailed)] = () => new TaskFailed(12, 3, "out of memory", true, "failed on worker 3", null, At),
        [typeof(TaskRequeued)] = () => new TaskRequeued(12, "requeued: worker render-03 silent for 30 s", At, "worker:3"),
        [typeof(TaskStatusChangedByOperator)] = () => new TaskStatusChangedByOperator(12, TaskStatus.Canceled, false, "canceled by operator", At, "alice"),
        [typeof(TaskPriorityChanged)] = () => new TaskPriorityChanged(12, long.MaxValue, At, "alice"),
        [typeof(TaskAbandoned)] = () => new TaskAbandoned(12, "no eligible worker", At),
        [typeof(TaskDeleted)] = () => new TaskDeleted(12, At, "pipeline"),
        [typeof(WorkerBlocklistCleared)] = () => new WorkerBlocklistCleared(3, At, "alice"),
        [typeof(DispatcherStateSnapshot)] = () => DispatcherStateSnapshot.Of(Jobs.JobFarms.RealisticFarmWithJobs().State),
        [typeof(JobSubmitted)] = () => new JobSubmitted(SampleJob(), [SampleTask() with { JobId = 3, DependsOn = [], Preview = true },
            SampleTask() with { Id = 13, SubmitSeq = 5, JobId = 3, DependsOn = [12] }]),
        [typeof(JobStatusChanged)] = () => new JobStatusChanged(3, JobStatus.Failed, "failed: 1 of 2 tasks failed (50 % ≥ job_fail_percent 10 %)", true, At),
        [typeof(JobStatusChangedByOperator)] = () => new JobStatusChangedByOperator(3, JobStatus.Paused, "job 3 paused by operator", At, "alice"),
        [typeof(JobPriorityChanged)] = () => new JobPriorityChanged(3, -5, At, "alice"),
        [typeof(JobDeleted)] = () => new JobDeleted(3, At, "pipeline"),
        [typeof(SettingsChanged)] = () => new SettingsChanged(
            new Dictionary<string, string> { ["task_max_attempts"] = "5", ["blender_path"] = """{"Linux":"/opt/blender"}""" }, At, "alice"),
        [typeof(WorkerIdAllocated)] = () => new WorkerIdAllocated("render-01.farm", 17, "worker enrollment"),
        [typeof(WorkerRegistered)] = () => new WorkerRegistered(new WorkerRecord(
            17, "render-01.farm", "Linux 6.1.0", 5000, ["blender_render"], ["gpu"], "10.0.0.7", true, At), "worker enrollment"),
        [typeof(WorkerDetailsChanged)] = () => new WorkerDetailsChanged("Windows 11", null, [], ["cpu", "win"], null, "worker:17"),
        [typeof(WorkerEnabledChanged)] = () => new WorkerEnabledChanged(false, At, "alice"),
        [typeof(WorkerDeregistered)] = () => new WorkerDeregistered("alice", At),
        [typeof(HostnameReleased)] = () => new HostnameReleased("render-01.farm", 17, "alice", At),
        [typeof(TokenIssued)] = () => new TokenIssued(new TokenRecord(5, "worker render-01", TokenRole.Worker, new string('a', 64), 17, At, "enroll")),
        [typeof(TokenRevoked)] = () => new TokenRevoked(5, "alice", At),
    };

    public static TheoryData<string> Manifests() => new(PersistedManifests.ByType.Values);

    /// <summary>The dispatcher's snapshot is binary (<see cref="DispatcherStateFormat"/>); everything else is JSON.</summary>
    public static TheoryData<string> JsonManifests() =>
        new(PersistedManifests.ByType.Where(kv => kv.Key != typeof(DispatcherStateSnapshot)).Select(kv => kv.Value));

    /// <summary>Every public property, recursively, read with plain reflection-based JSON (independent of the serializer's options).</summary>
    private static string Observe(object value) => JsonSerializer.Serialize(value, value.GetType());

    [Fact]
    public void Every_persisted_type_has_a_sample_and_a_unique_manifest()
    {
        Assert.Equal(PersistedManifests.ByType.Keys.OrderBy(t => t.Name), Samples.Keys.OrderBy(t => t.Name));
        Assert.Equal(PersistedManifests.ByType.Count, PersistedManifests.ByName.Count);
        Assert.All(PersistedManifests.ByType, kv => Assert.Equal(kv.Key, PersistedManifests.ByName[kv.Value]));
    }

    [Fact]
    public void Every_concrete_IPersisted_type_in_the_actors_assembly_has_a_manifest()
    {
        var persisted = typeof(IPersisted).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IPersisted).IsAssignableFrom(t))
            .OrderBy(t => t.FullName)
            .ToList();

        Assert.NotEmpty(persisted);
        Assert.Equal(persisted, PersistedManifests.ByType.Keys.OrderBy(t => t.FullName));
    }

    [Theory]
    [MemberData(nameof(Manifests))]
    public void Each_type_round_trips_through_its_manifest(string manifest)
    {
        var type = PersistedManifests.ByName[manifest];
        var original = Samples[type]();

        Assert.Equal(manifest, Serializer.Manifest(original));
        var bytes = Serializer.ToBinary(original);
        var back = Serializer.FromBinary(bytes, manifest);

        Assert.IsType(type, back);
        Assert.Equal(Observe(original), Observe(back));
        Assert.Equal(bytes, Serializer.ToBinary(back));
    }

    [Theory]
    [MemberData(nameof(Manifests))]
    public void The_bytes_carry_no_clr_type_names(string manifest)
    {
        var text = Encoding.UTF8.GetString(Serializer.ToBinary(Samples[PersistedManifests.ByName[manifest]]()));

        Assert.DoesNotContain("Manager.", text);
        Assert.DoesNotContain("System.", text);
        Assert.DoesNotContain("TaskRecord", text);
    }

    [Theory]
    [MemberData(nameof(JsonManifests))]
    public void The_bytes_are_snake_case_json_without_clr_type_names(string manifest)
    {
        var original = Samples[PersistedManifests.ByName[manifest]]();

        var bytes = Serializer.ToBinary(original);
        var text = Encoding.UTF8.GetString(bytes);

        Assert.DoesNotContain("Manager.Actors", text);
        Assert.DoesNotContain("$type", text);
        Assert.DoesNotContain("System.", text);
        using var doc = JsonDocument.Parse(bytes);
        Assert.Equal(JsonValueKind.Object, doc.RootElement.ValueKind);
        Assert.All(doc.RootElement.EnumerateObject(), p => Assert.Equal(p.Name.ToLowerInvariant(), p.Name));
    }

    [Fact]
    public void Field_names_and_enum_values_are_the_stable_snake_case_forms()
    {
        var text = Encoding.UTF8.GetString(Serializer.ToBinary(new TaskSubmitted(SampleTask())));
        using var doc = JsonDocument.Parse(text);
        var task = doc.RootElement.GetProperty("task");

        Assert.Equal("rendering", task.GetProperty("status").GetString());
        Assert.Equal(2, task.GetProperty("failed_by_workers").GetArrayLength());
        Assert.Equal(7, task.GetProperty("frame_current").GetInt64());
        Assert.Equal("2025-03-01T14:30:15.123+02:00", task.GetProperty("created_at").GetString());
        Assert.False(doc.RootElement.TryGetProperty("task_id", out _)); // derived, not stored twice

        var op = Encoding.UTF8.GetString(Serializer.ToBinary(new TaskStatusChangedByOperator(1, TaskStatus.Paused, true, "x", At)));
        Assert.Contains("\"status\":\"paused\"", op);
        Assert.Contains("\"restart\":true", op);
    }

    [Fact]
    public void A_binary_snapshot_rebuilds_the_same_dispatcher_state_with_its_queue_and_holders()
    {
        var state = Jobs.JobFarms.RealisticFarmWithJobs().State;
        var bytes = Serializer.ToBinary(DispatcherStateSnapshot.Of(state));

        var back = Assert.IsType<DispatcherStateSnapshot>(Serializer.FromBinary(bytes, "dispatcher-state.v1")).ToState();

        Assert.Equal(DispatcherSnapshotTests.Observe(state), DispatcherSnapshotTests.Observe(back));
        Assert.Equal(state.Queue.ToList(), back.Queue.ToList());
        Assert.Equal(state.TaskHeldByWorker.OrderBy(kv => kv.Key), back.TaskHeldByWorker.OrderBy(kv => kv.Key));
        Assert.Equal(At, DispatcherStateFormat.Read(DispatcherStateFormat.Write(DispatcherStateSnapshot.Of(
            DispatcherState.Replay([new TaskSubmitted(SampleTask())])))).ToState().Tasks[12].CreatedAt); // offset +02:00 kept
    }

    [Fact]
    public void A_binary_snapshot_of_another_version_or_cut_short_is_refused()
    {
        var bytes = DispatcherStateFormat.Write(DispatcherStateSnapshot.Of(DispatcherSnapshotTests.RealisticFarm().State));

        var otherVersion = (byte[])bytes.Clone();
        otherVersion[0] = 99;
        Assert.Contains("version 99", Assert.Throws<InvalidDataException>(() => DispatcherStateFormat.Read(otherVersion)).Message);
        Assert.Throws<EndOfStreamException>(() => DispatcherStateFormat.Read(bytes[..(bytes.Length / 2)]));
        // The compressed body carries a checksum: a changed byte is noticed even where the layout would still parse.
        var corrupt = (byte[])bytes.Clone();
        corrupt[^6] ^= 0x5A;
        Assert.Throws<InvalidDataException>(() => DispatcherStateFormat.Read(corrupt));
    }

    [Fact]
    public void A_replayed_journal_of_serialized_events_rebuilds_the_same_state()
    {
        var farm = Jobs.JobFarms.RealisticFarmWithJobs();

        var replayed = DispatcherState.Replay(farm.Journal
            .Select(e => (ITaskEvent)Serializer.FromBinary(Serializer.ToBinary(e), Serializer.Manifest(e))));

        Assert.Equal(DispatcherSnapshotTests.Observe(farm.State), DispatcherSnapshotTests.Observe(replayed));
    }

    [Fact]
    public void Settings_values_survive_as_json_text_and_apply_after_recovery()
    {
        var original = new SettingsChanged(new Dictionary<string, string> { ["default_priority"] = "-4", ["blender_path"] = """{"Darwin":"/b"}""" }, At);

        var back = (SettingsChanged)Serializer.FromBinary(Serializer.ToBinary(original), "settings-changed");

        Assert.Equal("-4", back.Values["default_priority"]);
        Assert.Equal("""{"Darwin":"/b"}""", back.Values["blender_path"]);
        Assert.Equal(At, back.At);
        Assert.Equal(At.Offset, back.At.Offset);
    }

    [Theory]
    [InlineData("task-exploded")]
    [InlineData("TaskSubmitted")]
    [InlineData("Manager.Actors.Tasks.TaskSubmitted, Manager.Actors")]
    [InlineData("Task-Submitted")]
    [InlineData("dispatcher-snapshot")] // the JSON snapshot of the first versions: no database holds one
    [InlineData("")]
    public void An_unknown_manifest_throws(string manifest)
    {
        var bytes = Serializer.ToBinary(new TaskDeleted(1, At));
        Assert.Throws<SerializationException>(() => Serializer.FromBinary(bytes, manifest));
    }

    [Fact]
    public void A_type_without_a_manifest_has_no_manifest()
    {
        Assert.Throws<ArgumentException>(() => Serializer.Manifest(new SubmitTask(null, "x", null, "{}", null, [])));
        Assert.Throws<ArgumentException>(() => Serializer.Manifest("text"));
    }

    [Fact]
    public void The_serializer_has_a_fixed_identifier_and_the_default_hocon_binds_IPersisted_to_it()
    {
        Assert.Equal(4242, Serializer.Identifier);
        Assert.Equal(ManagerSerializer.SerializerId, Serializer.Identifier);

        var hocon = File.ReadAllText(Path.Combine(RepoRoot(), "hocon", "manager.hocon"));
        Assert.Contains("\"Manager.Actors.Serialization.ManagerSerializer, Manager.Actors\"", hocon);
        Assert.Contains("\"Manager.Actors.Serialization.IPersisted, Manager.Actors\" = manager", hocon);
    }

    [Fact]
    public void The_manifest_names_never_change()
    {
        // These strings are stored in journals; renaming one breaks recovery of existing databases.
        Assert.Equal("task-submitted", PersistedManifests.ByType[typeof(TaskSubmitted)]);
        Assert.Equal("task-assigned", PersistedManifests.ByType[typeof(TaskAssigned)]);
        Assert.Equal("task-progressed", PersistedManifests.ByType[typeof(TaskProgressed)]);
        Assert.Equal("task-completed", PersistedManifests.ByType[typeof(TaskCompleted)]);
        Assert.Equal("task-failed", PersistedManifests.ByType[typeof(TaskFailed)]);
        Assert.Equal("task-requeued", PersistedManifests.ByType[typeof(TaskRequeued)]);
        Assert.Equal("task-status-changed-by-operator", PersistedManifests.ByType[typeof(TaskStatusChangedByOperator)]);
        Assert.Equal("task-priority-changed", PersistedManifests.ByType[typeof(TaskPriorityChanged)]);
        Assert.Equal("task-abandoned", PersistedManifests.ByType[typeof(TaskAbandoned)]);
        Assert.Equal("task-deleted", PersistedManifests.ByType[typeof(TaskDeleted)]);
        Assert.Equal("worker-blocklist-cleared", PersistedManifests.ByType[typeof(WorkerBlocklistCleared)]);
        Assert.Equal("settings-changed", PersistedManifests.ByType[typeof(SettingsChanged)]);
        Assert.Equal("worker-id-allocated", PersistedManifests.ByType[typeof(WorkerIdAllocated)]);
        Assert.Equal("worker-registered", PersistedManifests.ByType[typeof(WorkerRegistered)]);
        Assert.Equal("worker-details-changed", PersistedManifests.ByType[typeof(WorkerDetailsChanged)]);
        Assert.Equal("worker-enabled-changed", PersistedManifests.ByType[typeof(WorkerEnabledChanged)]);
        Assert.Equal("job-submitted", PersistedManifests.ByType[typeof(JobSubmitted)]);
        Assert.Equal("job-status-changed", PersistedManifests.ByType[typeof(JobStatusChanged)]);
        Assert.Equal("job-status-changed-by-operator", PersistedManifests.ByType[typeof(JobStatusChangedByOperator)]);
        Assert.Equal("job-priority-changed", PersistedManifests.ByType[typeof(JobPriorityChanged)]);
        Assert.Equal("job-deleted", PersistedManifests.ByType[typeof(JobDeleted)]);
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "hocon", "manager.hocon"))) return dir.FullName;
        throw new InvalidOperationException("repository root not found");
    }
}
