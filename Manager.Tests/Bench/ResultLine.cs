using System.Globalization;
using System.Text.RegularExpressions;

namespace Manager.Tests.Bench;

/// <summary>The bench's RESULT lines, as its scenario tests read them.</summary>
internal static class ResultLine
{
    /// <summary>A figure (a capture group): digits, optionally with decimals.</summary>
    public const string Number = @"([0-9]+(?:\.[0-9]+)?)";

    /// <summary>The line matching <paramref name="pattern"/> is printed and every figure captured in it is above 0.</summary>
    public static void AssertPositive(string text, string pattern)
    {
        var match = Regex.Match(text, pattern);
        Assert.True(match.Success, $"no line matching {pattern}");
        foreach (var group in match.Groups.Cast<Group>().Skip(1))
            Assert.True(double.Parse(group.Value, CultureInfo.InvariantCulture) > 0, $"{group.Value} is not above 0 in: {match.Value}");
    }
}
