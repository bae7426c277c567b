using System.Globalization;

namespace Manager.Bench;

/// <summary>Command line: <c>scenario [--name value]...</c>. Every scenario prints the options it ran with.</summary>
public sealed class BenchOptions
{
    private readonly Dictionary<string, string> _values = new(StringComparer.OrdinalIgnoreCase);

    public string Scenario { get; }

    private BenchOptions(string scenario) => Scenario = scenario;

    public static BenchOptions Parse(string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith('-'))
            throw new ArgumentException("usage: Manager.Bench busy|idle|big|recovery|scaling|smoke [--name value]...");
        var options = new BenchOptions(args[0].ToLowerInvariant());
        for (var i = 1; i < args.Length; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--")) throw new ArgumentException($"unexpected argument '{arg}'");
            var name = arg[2..];
            var eq = name.IndexOf('=');
            if (eq >= 0) options._values[name[..eq]] = name[(eq + 1)..];
            else if (i + 1 < args.Length && !args[i + 1].StartsWith("--")) options._values[name] = args[++i];
            else options._values[name] = "true";
        }
        return options;
    }

    public int Int(string name, int fallback) =>
        _values.TryGetValue(name, out var v) ? int.Parse(v.Replace("_", ""), CultureInfo.InvariantCulture) : fallback;

    public double Double(string name, double fallback) =>
        _values.TryGetValue(name, out var v) ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public string? String(string name) => _values.GetValueOrDefault(name);

    public bool Flag(string name) => _values.TryGetValue(name, out var v) && v is "true" or "1" or "yes";

    public IReadOnlyList<int> IntList(string name, IReadOnlyList<int> fallback) =>
        _values.TryGetValue(name, out var v)
            ? v.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s.Replace("_", ""), CultureInfo.InvariantCulture)).ToList()
            : fallback;

    public override string ToString() =>
        string.Join(' ', new[] { Scenario }.Concat(_values.Select(kv => $"--{kv.Key} {kv.Value}")));
}
