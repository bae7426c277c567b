using System.Text.RegularExpressions;
using Manager.Bench;
using Manager.Bench.Scenarios;

namespace Manager.Tests.Bench;

/// <summary>
/// The bench's command line: each scenario accepts the options it declares and refuses any other before anything starts
/// (<c>--worker 500</c>, a typo of <c>--workers</c>, used to run the default farm), and every option BENCHMARKS.md
/// documents is accepted by the scenarios it names.
/// </summary>
public sealed class BenchOptionsTests
{
    private static ArgumentException Refused(params string[] args) => Assert.Throws<ArgumentException>(() => ScenarioCatalog.Parse(args));

    [Fact]
    public void A_misspelled_option_is_refused_with_the_valid_ones()
    {
        var e = Refused("busy", "--worker", "500");
        Assert.Contains("unknown option --worker", e.Message);
        Assert.Contains("did you mean --workers?", e.Message);
        Assert.Contains("busy accepts: --workers N, --seconds S", e.Message);
    }

    [Fact]
    public void An_option_another_scenario_reads_is_refused_and_says_which_reads_it()
    {
        var e = Refused("idle", "--rate", "500");
        Assert.Contains("--rate is not an option of idle (it is one of busy, big)", e.Message);
        Assert.Contains("idle accepts: --workers N", e.Message);
        Assert.DoesNotContain("--rate", e.Message.Split('\n')[1]);
    }

    [Theory]
    [InlineData("busy --workers many", "busy: --workers expects a whole number, got 'many'")]
    [InlineData("busy --seconds 1,5", "busy: --seconds expects a number, got '1,5'")]
    [InlineData("scaling --workers 10,x", "scaling: --workers expects whole numbers separated by commas, got '10,x'")]
    [InlineData("busy --rendering maybe", "busy: unexpected argument 'maybe'")]
    [InlineData("busy --workers", "busy: --workers N needs a value")]
    [InlineData("busy 200", "busy: unexpected argument '200'")]
    [InlineData("bussy", "unknown scenario 'bussy'")]
    public void A_malformed_command_line_is_refused(string commandLine, string message) =>
        Assert.Contains(message, Refused(commandLine.Split(' ')).Message);

    [Fact]
    public void Options_parse_in_both_forms_and_defaults_apply_to_the_rest()
    {
        var (scenario, options) = ScenarioCatalog.Parse(["Busy", "--workers=1_000", "--rendering", "--rate", "0", "--manager-args=--Manager:SnapshotEvery=5 --X=1", "--keep", "false"]);
        Assert.Equal("busy", scenario.Name);
        Assert.Equal(1000, options.Int("workers", 200));
        Assert.True(options.Flag("rendering"));
        Assert.Equal(0, options.Double("rate", 2000));
        Assert.Equal("--Manager:SnapshotEvery=5 --X=1", options.String("manager-args"));
        Assert.False(options.Flag("keep"));
        Assert.Equal(20, options.Double("seconds", 20));
        Assert.False(options.Flag("timeline"));

        var (_, scaling) = ScenarioCatalog.Parse(["scaling", "--workers", "10,100"]);
        Assert.Equal([10, 100], scaling.IntList("workers", [1]));
    }

    [Fact]
    public void A_scenario_that_reads_an_option_it_does_not_declare_fails_loudly()
    {
        var (_, options) = ScenarioCatalog.Parse(["idle"]);
        Assert.Throws<InvalidOperationException>(() => options.Double("rate", 2000));
        Assert.Throws<InvalidOperationException>(() => options.Double("workers", 5)); // declared, but as a whole number
    }

    [Fact]
    public void Every_scenario_declares_each_option_once()
    {
        foreach (var scenario in ScenarioCatalog.All)
            Assert.True(scenario.Options.Select(o => o.Name).Distinct().Count() == scenario.Options.Count,
                $"{scenario.Name} declares an option twice: {string.Join(", ", scenario.Options.Select(o => o.Name))}");
    }

    /// <summary>BENCHMARKS.md's options table: each row's options (first column) and the scenarios that read them (second).</summary>
    [Fact]
    public void The_options_table_of_BENCHMARKS_md_names_exactly_the_options_each_scenario_accepts()
    {
        var lines = File.ReadAllLines(Path.Combine(BenchProgram.RepoRoot(), "BENCHMARKS.md"));
        var header = Array.FindIndex(lines, l => l.StartsWith("| option | scenarios |"));
        Assert.True(header >= 0, "BENCHMARKS.md has no table starting with '| option | scenarios |'");
        var names = ScenarioCatalog.All.Select(s => s.Name).ToList();
        var documented = new HashSet<(string Scenario, string Option)>();
        foreach (var row in lines.Skip(header + 2).TakeWhile(l => l.StartsWith('|')))
        {
            var cells = row.Split('|');
            var options = Regex.Matches(cells[1], @"`--([a-z][a-z-]*)").Select(m => m.Groups[1].Value).ToList();
            var scenarios = cells[2].Trim() == "all" ? names : Regex.Matches(cells[2], @"[a-z]+").Select(m => m.Value).ToList();
            Assert.True(options.Count > 0 && scenarios.Count > 0, $"unreadable row: {row}");
            Assert.All(scenarios, s => Assert.Contains(s, names));
            foreach (var s in scenarios)
            foreach (var o in options)
                documented.Add((s, o));
        }
        var declared = ScenarioCatalog.All.SelectMany(s => s.Options.Select(o => (Scenario: s.Name, Option: o.Name))).ToHashSet();
        Assert.True(documented.SetEquals(declared),
            "BENCHMARKS.md's options table and the scenarios' declarations differ:\n"
            + $"documented only: {string.Join(", ", documented.Except(declared).Select(p => $"{p.Scenario} --{p.Option}"))}\n"
            + $"declared only: {string.Join(", ", declared.Except(documented).Select(p => $"{p.Scenario} --{p.Option}"))}");
    }

    /// <summary>The commands BENCHMARKS.md gives in its code blocks parse.</summary>
    [Fact]
    public void The_commands_in_BENCHMARKS_md_parse()
    {
        var text = File.ReadAllText(Path.Combine(BenchProgram.RepoRoot(), "BENCHMARKS.md"));
        var commands = Regex.Matches(text, @"```sh\n(.*?)```", RegexOptions.Singleline)
            .SelectMany(m => m.Groups[1].Value.Split('\n'))
            .Select(l => Regex.Match(l, @"Manager\.Bench(?: --|\.dll) +([^#]*)"))
            .Where(m => m.Success)
            .Select(m => m.Groups[1].Value.Trim())
            .ToList();
        Assert.NotEmpty(commands);
        foreach (var command in commands)
        {
            var args = Regex.Matches(command, @"""[^""]*""|\S+").Select(m => m.Value.Replace("\"", "")).ToArray();
            if (ScenarioCatalog.WantsHelp(args)) continue;
            var e = Record.Exception(() => ScenarioCatalog.Parse(args));
            Assert.True(e is null, $"BENCHMARKS.md: `{command}`: {e?.Message}");
        }
    }

    /// <summary>The process itself: exit code 2, the message on stderr, and no manager started.</summary>
    [Fact]
    public async Task The_bench_stops_at_an_unknown_option_before_starting_a_manager()
    {
        var run = await BenchProgram.RunAsync(["busy", "--worker", "500"], TimeSpan.FromSeconds(30));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("busy: unknown option --worker (did you mean --workers?)", run.Stderr);
        Assert.Contains("busy accepts: --workers N", run.Stderr);
        Assert.DoesNotContain("manager", run.Stdout);
    }
}
