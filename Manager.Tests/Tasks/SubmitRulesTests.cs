using Manager.Actors.Common;
using Manager.Actors.Settings;
using Manager.Actors.Tasks;
using TaskStatus = Manager.Actors.Tasks.TaskStatus;

namespace Manager.Tests.Tasks;

public class SubmitRulesTests
{
    [Fact]
    public void Allocated_ids_start_at_1_and_grow_and_the_task_is_queued_with_its_compiled_commands()
    {
        var farm = new RulesDriver();
        var first = farm.Submitted(RulesDriver.Blender(start: 5, end: 10));
        var second = farm.Submitted(RulesDriver.Exec());
        var third = farm.Submitted(RulesDriver.Blender());

        Assert.Equal([1L, 2L, 3L], [first.Id, second.Id, third.Id]);
        Assert.Equal([1L, 2L, 3L], [first.SubmitSeq, second.SubmitSeq, third.SubmitSeq]);
        Assert.Equal(4, farm.State.NextId);

        var task = farm.Task(1);
        Assert.Equal(TaskStatus.Queued, task.Status);
        Assert.Equal("blender_render", task.Type);
        Assert.Equal("blender_render", task.Parser);
        Assert.Equal(5, task.FrameStart);
        Assert.Equal(10, task.FrameEnd);
        Assert.Null(task.FrameCurrent);
        Assert.Equal("PNG", task.Format);
        Assert.Null(task.WorkerId);
        Assert.Equal(0, task.Attempts);
        Assert.Empty(task.FailedByWorkers);
        var command = Assert.Single(task.Commands);
        Assert.Equal(["blender", "-b", "-Y", "/srv/scene.blend", "-F", "PNG", "-s", "5", "-e", "10", "-a"], command.Argv);

        Assert.Equal("none", farm.Task(2).Parser);
        Assert.Equal(["echo", "hello"], Assert.Single(farm.Task(2).Commands).Argv);
        Assert.Equal([1L, 2L, 3L], farm.QueueOrder());
    }

    [Fact]
    public void A_submission_is_one_TaskSubmitted_event_carrying_the_answered_task()
    {
        var farm = new RulesDriver();
        var decision = TaskRules.Submit(farm.State, RulesDriver.Blender(tags: ["gpu"]), farm.Settings, farm.Now);

        var submitted = Assert.IsType<TaskSubmitted>(Assert.Single(decision.Events));
        var result = Assert.IsType<SubmitResult>(decision.Outcome.Value);
        Assert.Same(result.Task, submitted.Task);
        Assert.Equal(["gpu"], submitted.Task.Tags);
        Assert.Equal(farm.Now, submitted.Task.CreatedAt);
        Assert.Empty(farm.State.Tasks); // deciding alone changes nothing
    }

    [Fact]
    public void An_explicit_task_id_is_used_and_allocated_ids_skip_taken_ones()
    {
        var farm = new RulesDriver();
        Assert.Equal(1, farm.Submitted(RulesDriver.Exec()).Id);
        Assert.Equal(2, farm.Submitted(RulesDriver.Exec(taskId: 2)).Id);
        Assert.Equal(5, farm.Submitted(RulesDriver.Exec(taskId: 5)).Id);

        var allocated = farm.Submitted(RulesDriver.Exec()).Id;
        Assert.Equal(6, allocated);

        // A submitter may still pick a free id below the allocator; the allocator never goes back.
        Assert.Equal(4, farm.Submitted(RulesDriver.Exec(taskId: 4)).Id);
        Assert.Equal(7, farm.Submitted(RulesDriver.Exec()).Id);
        Assert.Equal([1L, 2L, 4L, 5L, 6L, 7L], farm.State.Tasks.Keys.Order());
    }

    [Fact]
    public void Reposting_the_same_body_with_the_same_task_id_returns_the_existing_task_without_an_event()
    {
        var farm = new RulesDriver();
        var cmd = RulesDriver.Blender(taskId: 42, priority: 3, tags: ["gpu", "linux"]);
        var original = farm.Submitted(cmd);
        Assert.Equal(42, farm.Claimed(RulesDriver.Worker(7, tags: ["linux", "gpu"]))); // the task moves on; a repeat must still answer the same task

        var again = farm.Submit(cmd with { Tags = ["gpu", "linux"] });

        Assert.Empty(again.Events);
        var result = Assert.IsType<SubmitResult>(again.Outcome.Value);
        Assert.False(result.Created);
        Assert.Equal(42, result.Task.Id);
        Assert.Equal(TaskStatus.Rendering, result.Task.Status);
        Assert.Equal(original.SubmitSeq, result.Task.SubmitSeq);
        Assert.Single(farm.State.Tasks);
    }

    public static TheoryData<string, SubmitTask> DifferentBodies => new()
    {
        { "priority", RulesDriver.Blender(taskId: 42, priority: 4, tags: ["gpu"]) },
        { "priority omitted", RulesDriver.Blender(taskId: 42, tags: ["gpu"]) },
        { "settings", RulesDriver.Blender(taskId: 42, priority: 3, tags: ["gpu"], end: 4) },
        { "tags", RulesDriver.Blender(taskId: 42, priority: 3, tags: ["cpu"]) },
        { "no tags", RulesDriver.Blender(taskId: 42, priority: 3) },
        { "parser", RulesDriver.Blender(taskId: 42, priority: 3, tags: ["gpu"], parser: "none") },
        { "type", new SubmitTask(42, "exec_command", null, RulesDriver.ExecSettings(), 3, ["gpu"]) },
    };

    [Theory]
    [MemberData(nameof(DifferentBodies))]
    public void The_same_task_id_with_a_different_body_is_a_conflict(string difference, SubmitTask different)
    {
        var farm = new RulesDriver();
        farm.Submitted(RulesDriver.Blender(taskId: 42, priority: 3, tags: ["gpu"]));

        var decision = farm.Submit(different);

        Assert.IsType<Refusal.Conflict>(decision.Outcome.Refusal);
        Assert.Empty(decision.Events);
        Assert.Equal(3, farm.Task(42).Priority);
        Assert.True(difference.Length > 0);
    }

    [Fact]
    public void The_id_of_a_deleted_task_is_a_conflict_even_with_the_same_body()
    {
        var farm = new RulesDriver();
        var cmd = RulesDriver.Exec(taskId: 9);
        farm.Submitted(cmd);
        Assert.Null(farm.Delete(9).Outcome.Refusal);

        var same = farm.Submit(cmd);
        var other = farm.Submit(RulesDriver.Blender(taskId: 9));

        Assert.IsType<Refusal.Conflict>(same.Outcome.Refusal);
        Assert.IsType<Refusal.Conflict>(other.Outcome.Refusal);
        Assert.Empty(same.Events);
        Assert.Empty(other.Events);
        Assert.False(farm.State.Tasks.ContainsKey(9));
    }

    [Fact]
    public void Ids_are_never_reused_after_a_delete()
    {
        var farm = new RulesDriver();
        farm.Submitted(RulesDriver.Exec());
        farm.Submitted(RulesDriver.Exec());
        var last = farm.Submitted(RulesDriver.Exec());
        farm.Delete(last.Id);
        farm.Delete(1);

        Assert.Equal(4, farm.Submitted(RulesDriver.Exec()).Id);
        Assert.Equal(5, farm.Submitted(RulesDriver.Exec()).Id);
        Assert.Equal([2L, 4L, 5L], farm.State.Tasks.Keys.Order());
        Assert.Equal([1L, 3L], farm.State.DeletedIds.Order());
    }

    [Fact]
    public void An_unknown_type_is_invalid_under_the_type_key()
    {
        var farm = new RulesDriver();
        var decision = farm.Submit(new SubmitTask(null, "maya_render", null, "{}", null, []));

        var invalid = Assert.IsType<Refusal.Invalid>(decision.Outcome.Refusal);
        Assert.Equal(["type"], invalid.Errors.Keys);
        Assert.Empty(decision.Events);
        Assert.Empty(farm.State.Tasks);
        Assert.Equal(1, farm.State.NextId);
    }

    [Theory]
    [InlineData("Blender_Render")]
    [InlineData("")]
    public void Type_names_are_exact(string type)
    {
        var decision = TaskRules.Submit(new DispatcherState(), new SubmitTask(null, type, null, RulesDriver.BlenderSettings(), null, []),
            ManagerSettings.Defaults, DateTimeOffset.UnixEpoch);
        Assert.Equal(["type"], Assert.IsType<Refusal.Invalid>(decision.Outcome.Refusal).Errors.Keys);
    }

    [Fact]
    public void An_unknown_parser_is_invalid_under_the_parser_key()
    {
        var farm = new RulesDriver();
        var decision = farm.Submit(RulesDriver.Blender(parser: "ffmpeg"));

        var invalid = Assert.IsType<Refusal.Invalid>(decision.Outcome.Refusal);
        Assert.Equal(["parser"], invalid.Errors.Keys);
        Assert.Empty(decision.Events);
        Assert.Empty(farm.State.Tasks);
    }

    [Fact]
    public void An_explicit_parser_overrides_the_compilers_default()
    {
        var farm = new RulesDriver();
        Assert.Equal("none", farm.Submitted(RulesDriver.Blender(parser: "none")).Parser);
        Assert.Equal("blender_render", farm.Submitted(new SubmitTask(null, "exec_command", "blender_render", RulesDriver.ExecSettings(), null, [])).Parser);
    }

    [Theory]
    [InlineData("blender_render", "{\"frame_start\": 1, \"frame_end\": 3}", "settings.filepath")]
    [InlineData("blender_render", "{\"filepath\": \"/a.blend\", \"frame_start\": 5, \"frame_end\": 3}", "settings.frame_end")]
    [InlineData("blender_render", "{\"filepath\": \"/a.blend\", \"frame_start\": 1, \"frame_end\": 3, \"format\": \"GIF\"}", "settings.format")]
    [InlineData("blender_render", "not json", "settings.settings")]
    [InlineData("exec_command", "{\"argv\": []}", "settings.argv")]
    [InlineData("exec_command", "[1, 2]", "settings.settings")]
    public void Bad_settings_are_invalid_with_settings_prefixed_keys(string type, string settings, string expectedKey)
    {
        var farm = new RulesDriver();
        var decision = farm.Submit(new SubmitTask(null, type, null, settings, null, []));

        var invalid = Assert.IsType<Refusal.Invalid>(decision.Outcome.Refusal);
        Assert.Contains(expectedKey, invalid.Errors.Keys);
        Assert.All(invalid.Errors.Keys, key => Assert.StartsWith("settings.", key));
        Assert.All(invalid.Errors.Values, messages => Assert.NotEmpty(messages));
        Assert.Empty(decision.Events);
        Assert.Empty(farm.State.Tasks);
    }

    [Fact]
    public void Bad_settings_with_an_explicit_task_id_create_nothing_and_keep_the_id_free()
    {
        var farm = new RulesDriver();
        var bad = farm.Submit(new SubmitTask(8, "exec_command", null, "{\"argv\": []}", null, []));
        Assert.IsType<Refusal.Invalid>(bad.Outcome.Refusal);

        Assert.Equal(8, farm.Submitted(RulesDriver.Exec(taskId: 8)).Id);
    }

    [Fact]
    public void The_default_priority_comes_from_the_settings_when_none_is_given()
    {
        var farm = new RulesDriver { Settings = ManagerSettings.Defaults with { DefaultPriority = 7 } };

        Assert.Equal(7, farm.Submitted(RulesDriver.Exec()).Priority);
        Assert.Equal(0, farm.Submitted(RulesDriver.Exec(priority: 0)).Priority);
        Assert.Equal(-3, farm.Submitted(RulesDriver.Exec(priority: -3)).Priority);
        Assert.Equal(0, new RulesDriver().Submitted(RulesDriver.Exec()).Priority);
    }
}
