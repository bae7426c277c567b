using System.Text.Json;
using Manager.Worker;

namespace Manager.Tests.Worker;

public class CommandPlannerTests
{
    private static TaskCommand Command(params string[] argv) => new() { Name = "render", Argv = argv };

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    [Fact]
    public void Blender_is_replaced_by_the_configured_path_and_arguments_kept_apart()
    {
        var plan = CommandPlanner.Plan([Command("blender", "-b", "/shots/a b.blend", "-s", "1")], "/opt/blender/blender", ["blender"]);

        Assert.Null(plan.Error);
        var command = Assert.Single(plan.Commands);
        Assert.Equal("/opt/blender/blender", command.Program);
        Assert.Equal(["-b", "/shots/a b.blend", "-s", "1"], command.Arguments);
        Assert.Equal("/opt/blender/blender -b '/shots/a b.blend' -s 1", command.Display);
    }

    [Fact]
    public void A_program_off_the_allow_list_refuses_the_whole_task_with_a_clear_error()
    {
        var plan = CommandPlanner.Plan([Command("blender", "-v"), Command("/bin/rm", "-rf", "/")], "blender", ["blender"]);

        Assert.Empty(plan.Commands);
        Assert.Contains("'/bin/rm' is not allowed", plan.Error);
        Assert.Contains("--allow /bin/rm", plan.Error);
    }

    [Fact]
    public void Allowed_programs_match_exactly()
    {
        string[] allow = ["blender", "/bin/sh", "echo"];

        Assert.True(CommandPlanner.IsAllowed("/bin/sh", allow));
        Assert.True(CommandPlanner.IsAllowed("echo", allow));
        Assert.False(CommandPlanner.IsAllowed("sh", allow));          // not the same program as /bin/sh
        Assert.False(CommandPlanner.IsAllowed("/tmp/x/echo", allow)); // a bare name does not allow any path
        Assert.False(CommandPlanner.IsAllowed("/usr/bin/blender", allow));
    }

    [Fact]
    public void Other_allowed_programs_run_unchanged()
    {
        var plan = CommandPlanner.Plan([Command("/bin/sh", "-c", "echo hi")], "/opt/blender", ["blender", "/bin/sh"]);

        Assert.Equal("/bin/sh", Assert.Single(plan.Commands).Program);
    }

    [Fact]
    public void Empty_commands_are_refused()
    {
        Assert.NotNull(CommandPlanner.Plan([], "blender", ["blender"]).Error);
        Assert.Contains("empty argv", CommandPlanner.Plan([Command()], "blender", ["blender"]).Error);
    }

    [Fact]
    public void The_blender_path_comes_from_the_option_then_the_manager_setting_then_path()
    {
        var setting = Json("""{ "Linux": "/opt/blender-4/blender", "Windows": "C:\\Blender\\blender.exe" }""");

        Assert.Equal("/usr/local/bin/blender", CommandPlanner.ResolveBlender("/usr/local/bin/blender", setting, "Linux"));
        Assert.Equal("/opt/blender-4/blender", CommandPlanner.ResolveBlender(null, setting, "Linux"));
        Assert.Equal("C:\\Blender\\blender.exe", CommandPlanner.ResolveBlender(null, setting, "Windows"));
        Assert.Equal("blender", CommandPlanner.ResolveBlender(null, setting, "Darwin"));
        Assert.Equal("blender", CommandPlanner.ResolveBlender(null, Json("{}"), "Linux"));
        Assert.Equal("blender", CommandPlanner.ResolveBlender(null, null, "Linux"));
    }
}
