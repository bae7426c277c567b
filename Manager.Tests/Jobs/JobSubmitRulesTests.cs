using Manager.Actors.Common;
using Manager.Actors.Jobs;
using Manager.Tests.Tasks;
using TaskStatus = Manager.Actors.Tasks.TaskStatus;

namespace Manager.Tests.Jobs;

/// <summary>POST /jobs as a rule: the compiled tasks become tasks of the job with ids, dependencies and preview marks; bad input creates nothing.</summary>
public class JobSubmitRulesTests
{
    [Fact]
    public void A_job_becomes_its_compiled_tasks_with_ids_dependencies_and_previews()
    {
        var farm = new RulesDriver();
        farm.Submitted(RulesDriver.Blender()); // task 1: the job's tasks take the next ids

        var job = farm.SubmittedJob(RulesDriver.Job("1-12", chunk: 3, previewFirst: true, step: 4, fps: 24, priority: 5, tags: ["gpu"]));

        Assert.Equal(1, job.Id);
        Assert.Equal([2L, 3, 4, 5, 6, 7, 8, 9], job.TaskIds);
        var tasks = job.TaskIds.Select(farm.Task).ToList();
        Assert.Equal([(1L, 1L), (5, 5), (9, 9), (12, 12), (2, 4), (6, 8), (10, 11), (1, 12)], tasks.Select(t => (t.FrameStart!.Value, t.FrameEnd!.Value)));
        Assert.Equal([true, true, true, true, false, false, false, false], tasks.Select(t => t.Preview));
        Assert.All(tasks, t => Assert.Equal(job.Id, t.JobId));
        Assert.All(tasks, t => Assert.Equal(["gpu"], t.Tags));
        Assert.All(tasks[..^1], t => Assert.Empty(t.DependsOn!));
        Assert.Equal(job.TaskIds.SkipLast(1), tasks[^1].DependsOn);
        Assert.Equal(("exec_command", "none"), (tasks[^1].Type, tasks[^1].Parser));
        Assert.Equal(("blender_render", "blender_render"), (tasks[0].Type, tasks[0].Parser));
        Assert.Equal(12, job.FramesTotal);
        Assert.Equal(13, job.WorkTotal);
        Assert.Equal(JobStatus.Queued, job.Status);
        Assert.Equal(5, job.Priority);
        Assert.Equal(8, farm.Summary(job.Id).Counts.Queued);
    }

    [Fact]
    public void The_answer_is_the_job_as_it_will_read()
    {
        var farm = new RulesDriver();
        var decision = farm.SubmitJob(RulesDriver.Job("1-4"));
        var answered = Assert.IsType<SubmitJobResult>(decision.Outcome.Value).Job;

        var read = farm.Summary(answered.Job.Id);
        Assert.Equal(read with { Job = null! }, answered with { Job = null! });
        Assert.Equal(read.Job.TaskIds, answered.Job.TaskIds);
    }

    [Fact]
    public void The_same_job_id_and_body_answers_the_job_again_and_another_body_or_a_deleted_id_is_a_conflict()
    {
        var farm = new RulesDriver();
        var job = farm.SubmittedJob(RulesDriver.Job("1-4", jobId: 40));
        var events = farm.Journal.Count;

        var again = farm.SubmitJob(RulesDriver.Job("1-4", jobId: 40));
        Assert.False(Assert.IsType<SubmitJobResult>(again.Outcome.Value).Created);
        Assert.Equal(job.TaskIds, again.Outcome.Value!.Job.Job.TaskIds);
        Assert.IsType<Refusal.Conflict>(farm.SubmitJob(RulesDriver.Job("1-5", jobId: 40)).Outcome.Refusal);
        farm.DeleteJob(40);
        events = farm.Journal.Count;
        Assert.IsType<Refusal.Conflict>(farm.SubmitJob(RulesDriver.Job("1-4", jobId: 40)).Outcome.Refusal);

        Assert.Equal(events, farm.Journal.Count);
        Assert.Equal(41, farm.SubmittedJob(RulesDriver.Job()).Id); // ids only grow
    }

    public static TheoryData<SubmitJob, string> BadJobs() => new()
    {
        { RulesDriver.Job("1-4") with { Name = " " }, "name" },
        { RulesDriver.Job("1-4") with { Name = new string('n', 257) }, "name" },
        { RulesDriver.Job("1-4") with { Type = "exec_command" }, "type" },
        { RulesDriver.Job("1-4", jobId: 0), "job_id" },
        { RulesDriver.Job("1-4", tags: [""]), "tags" },
        { RulesDriver.Job("1-4", dependsOn: [99]), "depends_on" },
        { RulesDriver.Job("4-1"), "settings.frames" },
        { RulesDriver.Job("1-4", chunk: 0), "settings.chunk_size" },
        { RulesDriver.Job("1-4,6", fps: 24), "settings.video" },
    };

    [Theory]
    [MemberData(nameof(BadJobs))]
    public void Bad_input_is_refused_with_its_field_and_creates_nothing(SubmitJob bad, string field)
    {
        var farm = new RulesDriver();

        var refusal = Assert.IsType<Refusal.Invalid>(farm.SubmitJob(bad).Outcome.Refusal);

        Assert.Contains(field, refusal.Errors.Keys);
        Assert.Empty(farm.Journal);
        Assert.Empty(farm.State.Jobs);
        Assert.Equal(1, farm.State.NextJobId);
    }

    [Fact]
    public void The_name_may_be_256_characters_counted_as_people_count_them()
    {
        Assert.Null(JobRules.NameProblem(new string('n', 256)));
        Assert.Null(JobRules.NameProblem(string.Concat(Enumerable.Repeat("🎬", 256))));
        Assert.NotNull(JobRules.NameProblem(string.Concat(Enumerable.Repeat("🎬", 257))));
        Assert.NotNull(JobRules.NameProblem("shot\n010"));
    }

    [Fact]
    public void A_job_may_depend_on_a_job_and_a_deleted_dependency_is_named()
    {
        var farm = new RulesDriver();
        var first = farm.SubmittedJob(RulesDriver.Job("1"));
        var second = farm.SubmittedJob(RulesDriver.Job("2", dependsOn: [first.Id, first.Id]));
        Assert.Equal([first.Id], second.DependsOn);

        var lone = farm.SubmittedJob(RulesDriver.Job("3"));
        farm.DeleteJob(lone.Id);
        var refusal = Assert.IsType<Refusal.Invalid>(farm.SubmitJob(RulesDriver.Job("4", dependsOn: [lone.Id])).Outcome.Refusal);
        Assert.Contains("was deleted", refusal.Errors["depends_on"][0]);
    }

    [Fact]
    public void Job_tasks_are_owned_by_the_submitter_of_the_job()
    {
        var farm = new RulesDriver();
        var caller = new Caller("pipeline", 9, IsOperator: false);
        var job = farm.SubmittedJob(RulesDriver.Job("1-2", caller: caller));

        Assert.All(job.TaskIds.Select(farm.Task), t => Assert.Equal(("pipeline", (long?)9), (t.SubmittedBy, t.OwnerTokenId)));
        Assert.Equal(("pipeline", (long?)9), (job.SubmittedBy, job.OwnerTokenId));
        Assert.All(job.TaskIds.Select(farm.Task), t => Assert.Equal(TaskStatus.Queued, t.Status));
    }
}
