namespace Manager.Bench;

/// <summary>
/// The options of one run: <c>--name value</c> or <c>--name=value</c> (use <c>=</c> when the value starts with <c>--</c>).
/// Only the options the scenario declares are accepted; any other stops the run before it starts, with the list of
/// valid ones (a typo such as <c>--worker 500</c> would otherwise run the default farm). Every scenario prints the
/// options it ran with.
/// </summary>
public sealed class BenchOptions
{
    private readonly Dictionary<string, string> _values;
    private readonly Dictionary<string, BenchOption> _declared;

    public string Scenario { get; }

    private BenchOptions(string scenario, Dictionary<string, string> values, Dictionary<string, BenchOption> declared)
    {
        Scenario = scenario;
        _values = values;
        _declared = declared;
    }

    /// <summary>
    /// Parses <paramref name="args"/> (what follows the scenario's name) against the options <paramref name="scenario"/>
    /// declares. <paramref name="elsewhere"/> names the other scenarios that read an option, for the error message.
    /// Throws <see cref="ArgumentException"/> with a message for the user.
    /// </summary>
    public static BenchOptions Parse(string scenario, IReadOnlyList<string> args, IReadOnlyList<BenchOption> declared,
        Func<string, IReadOnlyList<string>>? elsewhere = null)
    {
        var byName = declared.ToDictionary(o => o.Name, StringComparer.OrdinalIgnoreCase);
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--") || arg.Length == 2)
                throw new ArgumentException($"{scenario}: unexpected argument '{arg}' (options are written --name value)\n{Valid(scenario, declared)}");
            var name = arg[2..];
            string? value = null;
            var eq = name.IndexOf('=');
            if (eq >= 0) (name, value) = (name[..eq], name[(eq + 1)..]);
            if (!byName.TryGetValue(name, out var option))
                throw new ArgumentException(Unknown(scenario, name, declared, elsewhere?.Invoke(name) ?? []));
            if (value is null)
            {
                if (option.Kind != OptionKind.Flag && i + 1 < args.Count && !args[i + 1].StartsWith("--")) value = args[++i];
                else if (option.Kind == OptionKind.Flag && i + 1 < args.Count && BenchOption.TryFlag(args[i + 1], out _)) value = args[++i];
                else if (option.Kind == OptionKind.Flag) value = "true";
                else throw new ArgumentException($"{scenario}: {option.Usage} needs a value");
            }
            if (option.Problem(value) is { } problem) throw new ArgumentException($"{scenario}: {problem}");
            values[option.Name] = value;
        }
        return new BenchOptions(scenario, values, byName);
    }

    private static string Unknown(string scenario, string name, IReadOnlyList<BenchOption> declared, IReadOnlyList<string> elsewhere)
    {
        var message = elsewhere.Count > 0
            ? $"{scenario}: --{name} is not an option of {scenario} (it is one of {string.Join(", ", elsewhere)})"
            : $"{scenario}: unknown option --{name}";
        var near = declared.Where(o => Distance(o.Name, name.ToLowerInvariant()) <= 2 || o.Name.StartsWith(name, StringComparison.OrdinalIgnoreCase))
            .Select(o => $"--{o.Name}").ToList();
        if (near.Count > 0) message += $" (did you mean {string.Join(" or ", near)}?)";
        return message + "\n" + Valid(scenario, declared);
    }

    /// <summary>One line: the options <paramref name="scenario"/> accepts.</summary>
    public static string Valid(string scenario, IReadOnlyList<BenchOption> declared) =>
        $"{scenario} accepts: {string.Join(", ", declared.Select(o => o.Usage))}";

    /// <summary>Edit distance (insertions, deletions, substitutions), for the "did you mean" hint.</summary>
    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            previous = current;
        }
        return previous[b.Length];
    }

    public int Int(string name, int fallback) =>
        Value(name, OptionKind.Integer) is { } v && BenchOption.TryInteger(v, out var i) ? i : fallback;

    public double Double(string name, double fallback) =>
        Value(name, OptionKind.Number) is { } v && BenchOption.TryNumber(v, out var d) ? d : fallback;

    public string? String(string name) => Value(name, OptionKind.Text);

    public bool Flag(string name) => Value(name, OptionKind.Flag) is { } v && BenchOption.TryFlag(v, out var on) && on;

    public IReadOnlyList<int> IntList(string name, IReadOnlyList<int> fallback) =>
        Value(name, OptionKind.IntegerList) is { } v
            ? v.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => BenchOption.TryInteger(s, out var i) ? i : throw new FormatException(s)).ToList()
            : fallback;

    /// <summary>A scenario reads only what it declares: reading anything else is a bug in the bench, not a user error.</summary>
    private string? Value(string name, OptionKind kind)
    {
        if (!_declared.TryGetValue(name, out var option))
            throw new InvalidOperationException($"the {Scenario} scenario reads --{name} without declaring it (add it to its options)");
        if (option.Kind != kind)
            throw new InvalidOperationException($"the {Scenario} scenario reads --{name} as {kind} but declares it {option.Kind}");
        return _values.GetValueOrDefault(name);
    }

    public override string ToString() =>
        string.Join(' ', new[] { Scenario }.Concat(_values.Select(kv => $"--{kv.Key} {kv.Value}")));
}
