using System.Runtime.Serialization;
using Manager.Actors.Common;
using Manager.Actors.Hosting;
using Manager.Actors.Tasks;
using Manager.Actors.Workers;
using Manager.Tests.Tasks;

namespace Manager.Tests.Cluster;

/// <summary>What crosses nodes comes back as it was sent: commands, and answers typed by their manifest alone.</summary>
public class ClusterMessageSerializerTests
{
    private static readonly ClusterMessageSerializer Serializer = new(null!);

    private static T RoundTrip<T>(T message) where T : notnull =>
        Assert.IsType<T>(Serializer.FromBinary(Serializer.ToBinary(message), Serializer.Manifest(message)));

    [Fact]
    public void An_answer_keeps_its_value_type_and_a_list_made_by_a_collection_expression_comes_back_as_a_list()
    {
        var tasks = DispatcherSnapshotTests.RealisticFarm().State.Tasks.Values.OrderBy(t => t.Id).ToArray();
        IReadOnlyList<TaskRecord> page = [tasks[0], tasks[1]];

        var back = RoundTrip(Outcome.Done(page));

        Assert.Null(back.Refusal);
        Assert.Equal([tasks[0].Id, tasks[1].Id], back.Value!.Select(t => t.Id));
        Assert.Equal(tasks[0].History, back.Value![0].History);
        Assert.Equal(Outcome.Done(new HeldTask(7)), RoundTrip(Outcome.Done(new HeldTask(7))));
        Assert.Equal(Outcome.Done((long?)null), RoundTrip(Outcome.Done((long?)null)));
        Assert.Equal(Outcome.Done(), RoundTrip(Outcome.Done()));
    }

    [Fact]
    public void A_job_submission_with_its_compiled_tasks_and_its_answer_come_back_equal()
    {
        var compiled = Manager.Actors.Jobs.JobRules.Compile("blender_render", RulesDriver.JobSettings("1-3", fps: 24))!.Tasks!;
        var back = RoundTrip(RulesDriver.Job("1-3", fps: 24, dependsOn: [4]) with { Compiled = compiled });

        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(compiled), System.Text.Json.JsonSerializer.Serialize(back.Compiled));
        Assert.Equal([4L], back.DependsOn);
        var farm = Jobs.JobFarms.RealisticFarmWithJobs();
        var summary = farm.Summary(farm.State.Jobs.Keys.Min());
        var answer = RoundTrip(Outcome.Done(new Manager.Actors.Jobs.SubmitJobResult(summary, Created: true)));
        Assert.Equal(summary with { Job = null! }, answer.Value!.Job with { Job = null! });
        Assert.Equal(summary.Job.TaskIds, answer.Value.Job.Job.TaskIds);
    }

    [Fact]
    public void A_refusal_keeps_its_kind_and_details()
    {
        Assert.Equal("no task 4", Assert.IsType<Refusal.NotFound>(RoundTrip<Outcome<TaskRecord>>(new Refusal.NotFound("no task 4")).Refusal).Detail);
        Assert.IsType<Refusal.Conflict>(RoundTrip<Outcome<Done>>(new Refusal.Conflict("x")).Refusal);
        Assert.IsType<Refusal.Forbidden>(RoundTrip<Outcome<Done>>(new Refusal.Forbidden("x")).Refusal);
        var invalid = Assert.IsType<Refusal.Invalid>(RoundTrip<Outcome<SubmitResult>>(Refusal.InvalidField("tags", "too many")).Refusal);
        Assert.Equal(["too many"], invalid.Errors["tags"]);
    }

    [Fact]
    public void Commands_come_back_equal_in_their_values()
    {
        var claim = RoundTrip(new ClaimTask(new WorkerCapabilities(3, "render-03", ["blender_render"], ["gpu"], Enabled: false)));
        Assert.Equal((3, "render-03", false), (claim.Worker.WorkerId, claim.Worker.Hostname, claim.Worker.Enabled));
        Assert.Equal(["blender_render"], claim.Worker.SupportedTypes);
        Assert.Equal(["gpu"], claim.Worker.Tags);
        Assert.Equal(3, RoundTrip(new GetWorkerView(3)).WorkerId);
        Assert.Equal(WorkerReportedStatus.Available, RoundTrip(new ReportWorkerStatus(3, WorkerReportedStatus.Available, null, null, null, "10.0.0.1")).Status);
    }

    [Fact]
    public void The_acknowledged_messages_between_proxy_and_dispatcher_and_their_answers_come_back_equal()
    {
        Assert.Equal(new WorkerLost(3, "requeued: worker render-03 silent for 30 s", 4), RoundTrip(new WorkerLost(3, "requeued: worker render-03 silent for 30 s", 4)));
        Assert.Equal(Outcome.Done(new WorkerLossAnswer(3, 4, Declared: false)), RoundTrip(Outcome.Done(new WorkerLossAnswer(3, 4, Declared: false))));
        Assert.Equal(12, RoundTrip(new WorkerCapabilities(3, "render-03", [], [], Enabled: true, Version: 12)).Version);
        Assert.Equal(Outcome.Done(new CapabilitiesNoted(3, 12)), RoundTrip(Outcome.Done(new CapabilitiesNoted(3, 12))));
        Assert.Equal(new WorkerHeard(3, "10.0.0.1"), RoundTrip(new WorkerHeard(3, "10.0.0.1")));
    }

    [Fact]
    public void The_notices_that_cross_to_every_node_or_to_the_directory_come_back_equal()
    {
        var at = new DateTimeOffset(2026, 12, 2, 1, 0, 0, TimeSpan.Zero);
        IReadOnlyList<WorkerView> views = [new(new WorkerRecord(3, "render-03", "Linux", 5000, ["blender_render"], ["gpu"], "10.0.0.3", true, at), true, "idle", at)];
        var batch = RoundTrip(new WorkersShown(views));
        // Equal as a value, lists included: the directory tells a notice that only moved last_seen by this.
        Assert.Equal(views[0], batch.Views.Single());
        Assert.NotSame(views[0].Record.Tags, batch.Views[0].Record.Tags);
        Assert.NotEqual(views[0], batch.Views[0] with { Record = batch.Views[0].Record with { Tags = ["gpu", "cpu"] } });
        Assert.Equal(FarmIdleness.IdleNow, RoundTrip(FarmIdleness.IdleNow));
        Assert.Equal(FarmIdleness.Busy, RoundTrip(FarmIdleness.Busy));
    }

    [Theory]
    [InlineData("System.IO.FileInfo, System.IO.FileSystem")]
    [InlineData("Manager.Actors.Common.Outcome`1[[System.IO.FileInfo, System.IO.FileSystem]], Manager.Actors")]
    [InlineData("System.Collections.Generic.List`1[[System.IO.FileInfo, System.IO.FileSystem]], System.Private.CoreLib")]
    [InlineData("Manager.Actors.NoSuchMessage, Manager.Actors")]
    public void Types_that_are_not_manager_messages_are_refused(string manifest) =>
        Assert.Throws<SerializationException>(() => Serializer.FromBinary("{}"u8.ToArray(), manifest));
}
