using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace Manager.Worker;

/// <summary>One option's winning value(s) and where they came from (for error messages).</summary>
internal sealed record OptionSetting(IReadOnlyList<string> Values, string Source)
{
    public string Last => Values[^1];
}

/// <summary>
/// One source of option values — the command line, the environment or the config file — as an
/// <see cref="IConfiguration"/>. An option is taken whole from the highest layer that sets it
/// (<see cref="WorkerOptionsReader"/>), so a list from the environment replaces the file's rather
/// than merging with it by index, and an error can name the layer a bad value came from.
/// </summary>
internal sealed class OptionLayer
{
    private readonly IConfiguration _values;
    private readonly Func<OptionSpec, string> _source;
    private readonly bool _emptyIsUnset;

    private OptionLayer(IConfiguration values, Func<OptionSpec, string> source, bool emptyIsUnset)
    {
        _values = values;
        _source = source;
        _emptyIsUnset = emptyIsUnset;
    }

    public static OptionLayer CommandLine(IConfiguration values) => new(values, _ => "command line", emptyIsUnset: false);

    /// <summary>The <c>MANAGER_WORKER_*</c> variables, the prefix removed (an empty variable counts as unset).</summary>
    public static OptionLayer Environment(IConfigurationSource environment) =>
        new(new ConfigurationBuilder().Add(environment).Build(), spec => spec.EnvName, emptyIsUnset: true);

    /// <summary>The <c>--config</c> file: a JSON object whose keys are options (<c>kebab-case</c> or <c>snake_case</c>).</summary>
    /// <exception cref="OptionsException">The file cannot be read, is not a JSON object, or holds an unknown key.</exception>
    public static OptionLayer ConfigFile(string path, Func<string, Stream> openFile)
    {
        IConfiguration values;
        try
        {
            using var stream = openFile(path);
            values = new ConfigurationBuilder().AddJsonStream(stream).Build();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OptionsException($"cannot read config file '{path}': {e.Message}");
        }
        catch (JsonException e)
        {
            throw new OptionsException($"config file '{path}' is not valid JSON: {e.Message}");
        }
        catch (FormatException e) when (e.InnerException is JsonException json)
        {
            throw new OptionsException($"config file '{path}' is not valid JSON: {json.Message}");
        }
        catch (FormatException e)
        {
            throw new OptionsException($"config file '{path}': {e.Message}");
        }

        var source = $"config file '{path}'";
        foreach (var entry in values.GetChildren())
        {
            var spec = OptionSpec.All.FirstOrDefault(s => s.InConfigFile && entry.Key.Replace('_', '-').Equals(s.Name, StringComparison.OrdinalIgnoreCase))
                ?? throw new OptionsException($"{source}: unknown option '{entry.Key}'");
            var nested = spec.IsList ? entry.GetChildren().SelectMany(e => e.GetChildren()) : entry.GetChildren();
            if (nested.Any())
                throw new OptionsException($"{source}: '{entry.Key}' must be a string or a number{(spec.IsList ? ", or a list of them" : "")}");
        }
        return new(values, _ => source, emptyIsUnset: false);
    }

    /// <summary>The option's value(s) in this layer; <c>null</c> when this layer does not set it.</summary>
    public OptionSetting? Find(OptionSpec spec)
    {
        foreach (var key in (string[])[spec.Name, spec.SnakeName])
        {
            var section = _values.GetSection(key);
            if (spec.IsList && section.GetChildren().ToList() is { Count: > 0 } items) // a JSON array: its items as they are
                return new OptionSetting(items.Select(i => i.Value ?? "").ToList(), _source(spec));
            if (section.Value is not { } value || (_emptyIsUnset && value.Length == 0))
                continue;
            return new OptionSetting(spec.IsList ? SplitList(value) : [value], _source(spec));
        }
        return null;
    }

    public static List<string> SplitList(string value) =>
        value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
}
