using System.Globalization;

namespace Manager.Bench;

/// <summary>What an option's value is: the command line checks it before anything runs.</summary>
public enum OptionKind
{
    /// <summary>A whole number; <c>_</c> may group digits (<c>10_000</c>).</summary>
    Integer,
    /// <summary>A number (seconds, a rate).</summary>
    Number,
    /// <summary>Whole numbers separated by commas (<c>10,100,1000</c>).</summary>
    IntegerList,
    /// <summary>On when named (<c>--keep</c>); <c>--keep false</c> (or 0, no) turns it off.</summary>
    Flag,
    /// <summary>Any text (a path, arguments for the manager).</summary>
    Text,
}

/// <summary>An option a scenario reads: <c>--name value</c>. A scenario accepts the options it declares and no others.</summary>
/// <param name="Placeholder">What the value is, in the usage line (<c>--seconds S</c>).</param>
public sealed record BenchOption(string Name, OptionKind Kind, string Placeholder)
{
    public static BenchOption Integer(string name) => new(name, OptionKind.Integer, "N");
    public static BenchOption Seconds(string name) => new(name, OptionKind.Number, "S");
    public static BenchOption Number(string name) => new(name, OptionKind.Number, "N");
    public static BenchOption IntegerList(string name) => new(name, OptionKind.IntegerList, "N[,N...]");
    public static BenchOption Flag(string name) => new(name, OptionKind.Flag, "");
    public static BenchOption Text(string name, string placeholder) => new(name, OptionKind.Text, placeholder);

    /// <summary>How the option is written: <c>--workers N</c>, <c>--seconds S</c>, <c>--keep</c>.</summary>
    public string Usage => Kind == OptionKind.Flag ? $"--{Name}" : $"--{Name} {Placeholder}";

    /// <summary>Null if <paramref name="value"/> is a value of this kind, else what is wrong with it.</summary>
    public string? Problem(string value)
    {
        var ok = Kind switch
        {
            OptionKind.Integer => TryInteger(value, out _),
            OptionKind.Number => TryNumber(value, out _),
            OptionKind.IntegerList => value.Split(',', StringSplitOptions.RemoveEmptyEntries) is { Length: > 0 } parts && parts.All(p => TryInteger(p, out _)),
            OptionKind.Flag => TryFlag(value, out _),
            _ => true,
        };
        if (ok) return null;
        var expected = Kind switch
        {
            OptionKind.Integer => "a whole number",
            OptionKind.Number => "a number",
            OptionKind.IntegerList => "whole numbers separated by commas",
            _ => "true or false (or nothing)",
        };
        return $"--{Name} expects {expected}, got '{value}'";
    }

    internal static bool TryInteger(string text, out int value) =>
        int.TryParse(text.Replace("_", ""), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    internal static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    internal static bool TryFlag(string text, out bool value)
    {
        switch (text.ToLowerInvariant())
        {
            case "true" or "1" or "yes": value = true; return true;
            case "false" or "0" or "no": value = false; return true;
            default: value = false; return false;
        }
    }
}
