using Manager.Bench;
using Manager.Bench.Scenarios;

// Manager.Bench — drives a real manager process over HTTP with simulated workers. See BENCHMARKS.md.
// dotnet run -c Release --project Manager.Bench -- busy|idle|big|recovery|scaling|smoke|failover|cluster|jobs|dashboard [--name value]...
if (ScenarioCatalog.WantsHelp(args))
{
    Console.WriteLine(ScenarioCatalog.Usage());
    return 0;
}
BenchOptions options;
Scenario scenario;
try
{
    (scenario, options) = ScenarioCatalog.Parse(args);
}
catch (ArgumentException e)
{
    // Nothing has started yet: a typo (--worker 500) must not run the default farm.
    Console.Error.WriteLine(e.Message);
    return 2;
}

var output = Console.Out;
output.WriteLine($"Manager.Bench {options}");
output.WriteLine($"machine: {Machine.Describe()}");
output.WriteLine($"load average at start: {Machine.LoadAverage()}");
try
{
    var code = await scenario.RunAsync(new ScenarioContext(options, output));
    output.WriteLine($"load average at end: {Machine.LoadAverage()}");
    return code;
}
catch (Exception e) when (e is not OutOfMemoryException)
{
    Console.Error.WriteLine($"bench failed: {e}");
    return 1;
}
