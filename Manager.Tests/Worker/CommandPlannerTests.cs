using System.Text.Json;
using Manager.Actors.Jobs;
using Manager.Worker;

namespace Manager.Tests.Worker;

public class CommandPlannerTests
{
    private static TaskCommand Command(params string[] argv) => new() { Name = "render", Argv = argv };

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    private static BlenderProgram FromManager(string path) => new(path, BlenderSource.ManagerSetting);

    [Fact]
    public void Blender_is_replaced_by_the_configured_path_and_arguments_kept_apart()
    {
        var plan = CommandPlanner.Plan([Command("blender", "-b", "/shots/a b.blend", "-s", "1")], FromManager("/opt/blender/blender"), ["blender"]);

        Assert.Null(plan.Error);
        var command = Assert.Single(plan.Commands);
        Assert.Equal("/opt/blender/blender", command.Program);
        Assert.Equal(["-b", "/shots/a b.blend", "-s", "1"], command.Arguments);
        Assert.Equal("/opt/blender/blender -b '/shots/a b.blend' -s 1", command.Display);
    }

    [Fact]
    public void A_program_off_the_allow_list_refuses_the_whole_task_with_a_clear_error()
    {
        var plan = CommandPlanner.Plan([Command("blender", "-v"), Command("/bin/rm", "-rf", "/")], BlenderProgram.FromSearchPath, ["blender"]);

        Assert.Empty(plan.Commands);
        Assert.Contains("'/bin/rm' is not allowed", plan.Error);
        Assert.Contains("--allow /bin/rm", plan.Error);
    }

    [Fact]
    public void An_entry_with_a_directory_matches_that_path_and_one_without_matches_the_file_name()
    {
        string[] allow = ["blender", "/bin/sh"];

        Assert.True(CommandPlanner.IsAllowed("/bin/sh", allow));
        Assert.False(CommandPlanner.IsAllowed("sh", allow));            // not the same program as /bin/sh
        Assert.False(CommandPlanner.IsAllowed("/usr/bin/sh", allow));
        Assert.True(CommandPlanner.IsAllowed("blender", allow));
        Assert.True(CommandPlanner.IsAllowed("/opt/blender-3.4/blender", allow));
        Assert.False(CommandPlanner.IsAllowed("/opt/blender-3.4/blender-launcher", allow));
        Assert.False(CommandPlanner.IsAllowed("/bin/bash", allow));
    }

    [Fact]
    public void A_blender_path_from_the_manager_runs_only_if_its_file_name_is_allowed()
    {
        var bash = CommandPlanner.Plan([Command("blender", "-c", "id")], FromManager("/bin/bash"), ["blender", "/bin/sh"]);
        var blender = CommandPlanner.Plan([Command("blender", "-b", "a.blend")], FromManager("/opt/x/blender"), ["blender"]);

        Assert.Empty(bash.Commands);
        Assert.Contains("program '/bin/bash' (for 'blender', from the manager's blender_path setting) is not allowed", bash.Error);
        Assert.Contains("--allow /bin/bash", bash.Error);
        Assert.Null(blender.Error);
        Assert.Equal("/opt/x/blender", Assert.Single(blender.Commands).Program);
    }

    [Fact]
    public void The_workers_own_blender_option_is_trusted_whatever_its_name()
    {
        var plan = CommandPlanner.Plan([Command("blender", "-b", "a.blend")], new BlenderProgram("/opt/b/blender-4.1-custom", BlenderSource.Option), ["blender"]);

        Assert.Null(plan.Error);
        Assert.Equal("/opt/b/blender-4.1-custom", Assert.Single(plan.Commands).Program);
    }

    [Fact]
    public void Other_allowed_programs_run_unchanged()
    {
        var plan = CommandPlanner.Plan([Command("/bin/sh", "-c", "echo hi")], FromManager("/opt/blender"), ["blender", "/bin/sh"]);

        Assert.Equal("/bin/sh", Assert.Single(plan.Commands).Program);
    }

    [Fact]
    public void The_default_allow_list_runs_a_jobs_video_command_and_nothing_else_beside_blender()
    {
        var video = VideoCommand.Argv(new FramePattern("/renders/shot_", 4, ".png"), new FrameRun(1, 12), fps: 24, "/renders/shot.mp4");

        var plan = CommandPlanner.Plan([Command(video)], BlenderProgram.FromSearchPath, WorkerOptions.DefaultAllowed);

        Assert.Null(plan.Error);
        Assert.Equal("ffmpeg", Assert.Single(plan.Commands).Program);
        Assert.Equal(video[1..], plan.Commands[0].Arguments);
        Assert.True(CommandPlanner.IsAllowed("/usr/bin/ffmpeg", WorkerOptions.DefaultAllowed));
        Assert.False(CommandPlanner.IsAllowed("/bin/sh", WorkerOptions.DefaultAllowed));
        Assert.False(CommandPlanner.IsAllowed("ffprobe", WorkerOptions.DefaultAllowed));
    }

    [Fact]
    public void Empty_commands_are_refused()
    {
        Assert.NotNull(CommandPlanner.Plan([], BlenderProgram.FromSearchPath, ["blender"]).Error);
        Assert.Contains("empty argv", CommandPlanner.Plan([Command()], BlenderProgram.FromSearchPath, ["blender"]).Error);
    }

    [Fact]
    public void The_blender_path_comes_from_the_option_then_the_manager_setting_then_path()
    {
        var setting = Json("""{ "Linux": "/opt/blender-4/blender", "Windows": "C:\\Blender\\blender.exe" }""");

        Assert.Equal(new BlenderProgram("/usr/local/bin/blender", BlenderSource.Option), CommandPlanner.ResolveBlender("/usr/local/bin/blender", setting, "Linux"));
        Assert.Equal(FromManager("/opt/blender-4/blender"), CommandPlanner.ResolveBlender(null, setting, "Linux"));
        Assert.Equal(FromManager("C:\\Blender\\blender.exe"), CommandPlanner.ResolveBlender(null, setting, "Windows"));
        Assert.Equal(BlenderProgram.FromSearchPath, CommandPlanner.ResolveBlender(null, setting, "Darwin"));
        Assert.Equal(BlenderProgram.FromSearchPath, CommandPlanner.ResolveBlender(null, Json("{}"), "Linux"));
        Assert.Equal(BlenderProgram.FromSearchPath, CommandPlanner.ResolveBlender(null, null, "Linux"));
    }
}
