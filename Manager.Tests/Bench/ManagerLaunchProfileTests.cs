using Manager.Bench;
using Manager.Bench.Scenarios;

namespace Manager.Tests.Bench;

/// <summary>
/// The manager's launch profile (what <c>dotnet run --project Manager.Http</c> starts it with) sets a 16 MB young
/// generation, and the bench, which starts the built dll, gives its managers the same unless told otherwise.
/// </summary>
public sealed class ManagerLaunchProfileTests
{
    private const string YoungGeneration = "DOTNET_GCgen0size";

    [Fact]
    public void The_launch_profile_sets_a_16_MB_young_generation()
    {
        var gen0 = Assert.Single(ManagerLaunchProfile.Environment(BenchProgram.RepoRoot()), v => v.Key == YoungGeneration);
        Assert.Equal(16L * 1024 * 1024, Convert.ToInt64(gen0.Value, 16)); // the runtime reads it as hexadecimal
    }

    [Fact]
    public void The_bench_starts_its_managers_with_the_launch_profile_s_environment_and_manager_env_after_it()
    {
        var (_, options) = ScenarioCatalog.Parse(["busy"]);
        Assert.Equal("0x1000000", new ScenarioContext(options, TextWriter.Null).ManagerEnvironment().Last(v => v.Key == YoungGeneration).Value);

        var (_, overridden) = ScenarioCatalog.Parse(["busy", "--manager-env", "DOTNET_GCgen0size=0x4000000"]);
        Assert.Equal("0x4000000", new ScenarioContext(overridden, TextWriter.Null).ManagerEnvironment().Last(v => v.Key == YoungGeneration).Value);
    }
}
